"""The independent and practice sets: valid labels, no split and no rule id, their own eval blocks.

The independent set is held out whole (no ``dev`` part to write rules against), so a label that
carries a ``split``, a ``source_url`` or a ``root_cause_rule`` was not made the way the set promises.
The practice set is made the same way for rules to be written against, so no failure may sit in both.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from eval import independent_cases, run_eval  # noqa: E402

LABEL = """source = "blind real run, 2026-12-06"
platform = "{platform}"
category = "config"
transience = "permanent"
root_cause_keywords = ["warehouse_pg", "connection"]
root_cause_summary = "A connection id is not defined."
fix_keywords = ["connection"]
labelled_on = "2026-12-06"
"""


def _case(root: Path, slug: str, *, platform: str = "airflow", folder: str = "", text: str = "") -> Path:
    case = root / (folder or platform) / slug
    (case / "logs").mkdir(parents=True)
    (case / "label.toml").write_text(text or LABEL.format(platform=platform))
    (case / "logs" / "task.log").write_text("AirflowNotFoundException: The conn_id `x` isn't defined\n")
    return case


def test_committed_labels_are_valid_and_cover_every_platform() -> None:
    labels = independent_cases.load_labels()
    assert {lb.platform for lb in labels} == set(independent_cases.PLATFORMS)
    for label in labels:
        assert label.source.startswith(independent_cases.SOURCE_PREFIX), label.path
        assert label.root_cause_summary and label.fix_keywords, label.path


def test_a_valid_label_loads_with_its_fields(tmp_path: Path) -> None:
    _case(tmp_path, "missing-conn")
    (label,) = independent_cases.load_labels(tmp_path)
    assert label.path == tmp_path / "airflow" / "missing-conn"
    assert (label.platform, label.category, label.transience) == ("airflow", "config", "permanent")
    assert label.root_cause_keywords == ("warehouse_pg", "connection")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('source = "blind real run, 2026-12-06"\n', ""), "missing source"),
        (lambda t: t + 'split = "dev"\n', "no split"),
        (lambda t: t + 'source_url = "https://github.com/a/b/issues/1"\n', "no source_url"),
        (lambda t: t + 'root_cause_rule = "airflow.missing_connection"\n', "no root_cause_rule"),
        (lambda t: t.replace("blind real run", "copied from a thread"), "source must start"),
        (lambda t: t.replace('category = "config"', 'category = "network"'), "category must be"),
        (lambda t: t.replace('transience = "permanent"', 'transience = "often"'), "transience must be"),
        (lambda t: t.replace('["warehouse_pg", "connection"]', "[]"), "root_cause_keywords is empty"),
        (lambda t: t.replace("source = ", "source == "), "label.toml"),
    ],
)
def test_a_malformed_label_is_refused_naming_the_file(tmp_path: Path, edit, message: str) -> None:
    _case(tmp_path, "bad", text=edit(LABEL.format(platform="airflow")))
    with pytest.raises(independent_cases.LabelError, match=message):
        independent_cases.load_labels(tmp_path)


def test_platform_must_name_its_folder(tmp_path: Path) -> None:
    _case(tmp_path, "misfiled", platform="dbt", folder="spark")
    with pytest.raises(independent_cases.LabelError, match="name its folder"):
        independent_cases.load_labels(tmp_path)


def test_a_case_without_logs_is_refused(tmp_path: Path) -> None:
    case = _case(tmp_path, "no-logs")
    (case / "logs" / "task.log").unlink()
    with pytest.raises(independent_cases.LabelError, match="no logs"):
        independent_cases.load_labels(tmp_path)


def test_run_eval_loads_cases_scored_on_free_text(tmp_path: Path) -> None:
    _case(tmp_path, "missing-conn")
    _case(tmp_path, "bad-ref", platform="dbt")
    cases = run_eval.load_independent(tmp_path)
    assert [c.name for c in cases] == ["airflow/missing-conn", "dbt/bad-ref"]
    assert all(c.root_cause_rule == "" and c.split == "" for c in cases)
    assert cases[0].source_url == "blind real run, 2026-12-06"
    assert [p.name for p in cases[0].logs()] == ["task.log"]


def test_run_eval_stops_on_a_malformed_independent_label(tmp_path: Path) -> None:
    _case(tmp_path, "bad", text=LABEL.format(platform="airflow") + 'split = "test"\n')
    with pytest.raises(SystemExit, match="no split"):
        run_eval.load_independent(tmp_path)


def test_an_absent_independent_folder_is_an_empty_block(tmp_path: Path) -> None:
    args = argparse.Namespace(no_model=True, verbose=False)
    block = run_eval.run_independent(tmp_path / "missing", args)
    assert block["cases"] == 0 and block["engines"] == {}


def test_practice_labels_are_valid_and_no_case_is_also_held_out() -> None:
    practice = independent_cases.load_labels(independent_cases.PRACTICE_ROOT)
    assert {lb.platform for lb in practice} == set(independent_cases.PLATFORMS)
    held_out = {(lb.platform, lb.path.name) for lb in independent_cases.load_labels()}
    assert not held_out & {(lb.platform, lb.path.name) for lb in practice}
    assert all(lb.source.startswith(independent_cases.SOURCE_PREFIX) for lb in practice)


def test_the_practice_set_is_its_own_block_under_its_own_floor(tmp_path: Path) -> None:
    _case(tmp_path, "missing-conn")
    args = argparse.Namespace(no_model=True, verbose=False)
    block = run_eval.run_independent(tmp_path, args, "practice")
    assert block["cases"] == 1
    assert "deterministic" in block["engines"]
    assert "practice" in run_eval.FLOORS
