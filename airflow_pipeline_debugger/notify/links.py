"""Absolute links to the Investigation tab, from whichever process builds the message.

Slack needs absolute URLs. The base is ``[pipeline_debugger] ui_base_url`` when set (the UI may be
behind another hostname than the API), else Airflow's ``[api] base_url``, else
``http://localhost:8080/`` — the same fallback Airflow itself uses for a task instance's
``log_url`` — so a default install still links somewhere sensible.
"""

from __future__ import annotations

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.notify.blocks import tab_url

AIRFLOW_DEFAULT_BASE_URL = "http://localhost:8080/"


def ui_base_url() -> str:
    """The UI's base URL as configured (see the module docstring)."""
    own = (conf.ui_base_url() or "").strip()
    if own:
        return own
    try:
        from airflow.configuration import conf as airflow_conf

        return str(airflow_conf.get("api", "base_url", fallback="") or "").strip() or AIRFLOW_DEFAULT_BASE_URL
    except Exception:  # noqa: BLE001 - a config read must not stop an alert
        return AIRFLOW_DEFAULT_BASE_URL


def investigation_link(dag_id: str, run_id: str, task_id: str, map_index: int = -1) -> str:
    """The Investigation tab of one task instance."""
    return tab_url(ui_base_url(), dag_id=dag_id, run_id=run_id, task_id=task_id, map_index=map_index)
