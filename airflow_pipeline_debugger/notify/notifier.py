"""``InvestigationSlackNotifier``: a drop-in for ``SlackNotifier`` in ``on_failure_callback``.

Usage::

    from airflow_pipeline_debugger.notify.notifier import InvestigationSlackNotifier

    @task(on_failure_callback=InvestigationSlackNotifier(channel="#sales-alerts"))
    def load(): ...

What it can and cannot say: a failure callback runs in the task's worker process (or in the
dag-processor after a heartbeat timeout), where the metadata DB is off limits and the investigation
has not started yet. So the message carries only what is known there — the DAG, task, run and try,
the real error (redacted, escaped, capped) and the link to the Investigation tab where the root
cause, evidence and fix appear when the server-side runner finishes. It never claims a root cause.
The runner's own alert (``dispatch.notify_finished``) is the one with the findings; use this
notifier where a team wants an immediate page from the worker, or where server-side alerts are off.

Delivery goes through the provider's hooks (webhook or bot token, by connection type) with a short
retry budget, and a failure to deliver is logged, never raised: the callback cannot fail the task.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from airflow.sdk.bases.notifier import BaseNotifier

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.domain import TaskKey
from airflow_pipeline_debugger.engine.topology import Route, configured_topology
from airflow_pipeline_debugger.notify.blocks import (
    AlertInput,
    MessageKind,
    SlackMessage,
    TaskRef,
    build_message,
)
from airflow_pipeline_debugger.notify.delivery import DeliveryError, Posted, RetryPolicy, open_transport
from airflow_pipeline_debugger.notify.links import investigation_link
from airflow_pipeline_debugger.notify.routing import Destination, RouteRequest, route

log = logging.getLogger(__name__)

#: A callback holds the worker slot: retry briefly, then give up (the runner's alert still follows).
WORKER_RETRY_POLICY = RetryPolicy(attempts=3, base_delay_s=0.5, max_delay_s=5.0, max_wait_s=10.0)


def _owners(task: Any, dag: Any) -> tuple[str, ...]:
    raw = getattr(task, "owner", None) or getattr(dag, "owner", None) or ""
    return tuple(o.strip() for o in str(raw).split(",") if o.strip())


def _params(context: Mapping[str, Any]) -> dict[str, Any]:
    params = context.get("params") or {}
    try:
        return {str(k): params[k] for k in list(params.keys())}
    except Exception:  # noqa: BLE001 - an invalid param is the DAG's problem, not the alert's
        return {}


def _error_text(error: Any) -> str:
    if error is None:
        return ""
    if isinstance(error, BaseException):
        message = str(error)
        return f"{type(error).__name__}: {message}" if message else type(error).__name__
    return str(error)


def _default_route() -> Route:
    """The topology's route for a failure whose category is not known yet."""
    try:
        return configured_topology().route_for("unknown")
    except Exception:
        log.warning("pipeline-debugger: topology unreadable; alerting without its routing", exc_info=True)
        return Route()


class InvestigationSlackNotifier(BaseNotifier):  # type: ignore[misc]
    """Post a failure notice with the link to its Investigation tab (see the module docstring).

    :param slack_conn_id: Slack connection (``slackwebhook`` or ``slack``); default
        ``[pipeline_debugger] slack_conn_id``.
    :param channel: channel for bot-token connections; default: DAG param / ``slack:`` tag /
        topology / ``[pipeline_debugger] slack_channel``. Webhooks always post to their own channel.
    :param mentions: extra mentions (Slack user/group ids ping; names are shown as text).
    """

    template_fields: Sequence[str] = ("slack_conn_id", "channel", "mentions")

    def __init__(
        self,
        *,
        slack_conn_id: str | None = None,
        channel: str | None = None,
        mentions: Sequence[str] = (),
        retry_policy: RetryPolicy = WORKER_RETRY_POLICY,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.slack_conn_id = slack_conn_id
        self.channel = channel
        self.mentions = mentions
        self.retry_policy = retry_policy

    def build(self, context: Mapping[str, Any]) -> tuple[Destination, SlackMessage]:
        """The destination and message for this failure (no I/O besides reading config)."""
        ti = context.get("ti") or context.get("task_instance")
        task = context.get("task") or getattr(ti, "task", None)
        dag = context.get("dag") or getattr(task, "dag", None)
        dag_run = context.get("dag_run")
        dag_id = str(getattr(ti, "dag_id", "") or getattr(dag, "dag_id", ""))
        run_id = str(getattr(ti, "run_id", "") or context.get("run_id") or "")
        task_id = str(getattr(ti, "task_id", "") or getattr(task, "task_id", ""))
        map_index = int(getattr(ti, "map_index", -1) if getattr(ti, "map_index", None) is not None else -1)
        run_conf = getattr(dag_run, "conf", None)
        dest = route(
            RouteRequest(
                category="unknown",
                dag_id=dag_id,
                owners=_owners(task, dag),
                tags=tuple(str(t) for t in (getattr(dag, "tags", None) or ())),
                params=_params(context),
                run_conf=run_conf if isinstance(run_conf, Mapping) else {},
                topology_route=_default_route(),
                default_channel=conf.slack_channel() or "",
            )
        )
        if self.channel and not dest.muted:
            dest = Destination(self.channel, dest.mentions, dest.escalation, reason="notifier argument")
        mentions = tuple(dict.fromkeys([*dest.mentions, *self.mentions]))
        alert = AlertInput(
            kind=MessageKind.NOTICE,
            task=TaskRef(
                key=TaskKey(dag_id, run_id, task_id, map_index, int(getattr(ti, "try_number", 0) or 0)),
                max_tries=int(getattr(ti, "max_tries", 0) or getattr(task, "retries", 0) or 0),
                link=investigation_link(dag_id, run_id, task_id, map_index),
            ),
            error=_error_text(context.get("exception")),
            mentions=mentions,
            escalation=dest.escalation,
        )
        return dest, build_message(alert)

    def notify(self, context: Any) -> None:
        """Post the notice; logs instead of raising when Slack is down or refuses it."""
        self.post(context)

    def post(self, context: Mapping[str, Any]) -> Posted | None:
        """Build and send; the :class:`Posted` location, or ``None`` when muted or undelivered."""
        try:
            dest, message = self.build(context)
            if dest.muted:
                log.info("pipeline-debugger: Slack notice skipped: %s", dest.reason)
                return None
            conn_id = self.slack_conn_id or conf.slack_conn_id()
            if not conn_id:
                log.warning(
                    "pipeline-debugger: no Slack connection configured ([pipeline_debugger] slack_conn_id)"
                )
                return None
            transport = open_transport(conn_id, policy=self.retry_policy)
            return transport.post(message, channel=dest.channel)
        except DeliveryError as exc:
            log.warning("pipeline-debugger: Slack notice not delivered: %s", exc)
        except Exception:
            log.warning("pipeline-debugger: Slack notice failed", exc_info=True)
        return None


#: Callback-style alias, like the provider's ``send_slack_notification``.
send_investigation_notification = InvestigationSlackNotifier
