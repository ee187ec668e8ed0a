"""``supersedes`` names rules, checked at load: a signal code there would silently match nothing."""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger.domain import EvidenceBundle, RuleFinding
from airflow_pipeline_debugger.heuristics.base import Heuristic, HeuristicConfigError
from airflow_pipeline_debugger.heuristics.registry import build_heuristics


class _Explains(Heuristic):
    """Never fires; only its declaration matters here."""

    id = "test.explains"
    title = "Explains"

    def evaluate(self, bundle: EvidenceBundle) -> RuleFinding | None:
        return None


class _ExplainsAStranger(_Explains):
    id = "test.explains_a_stranger"
    supersedes = ("generic.python_exception", "generic.code_error")


class _ExplainsABuiltin(_Explains):
    id = "test.explains_a_builtin"
    supersedes = ("generic.python_exception", "airflow.command_failed")


def _path(cls: type[Heuristic]) -> str:
    return f"{cls.__module__}:{cls.__name__}"


def test_unknown_rule_id_fails_the_load_naming_rule_and_id():
    with pytest.raises(HeuristicConfigError) as caught:
        build_heuristics(extra_paths=(_path(_ExplainsAStranger),))
    message = str(caught.value)
    assert "test.explains_a_stranger" in message
    assert "generic.code_error" in message
    assert "generic.python_exception" not in message


def test_known_rule_ids_load():
    rules = build_heuristics(extra_paths=(_path(_ExplainsABuiltin),))
    assert "test.explains_a_builtin" in {r.id for r in rules}


@pytest.mark.parametrize(
    ("rule_id", "explained"),
    [
        # These named the signal codes behind the rules (generic.code_error, airflow.bash_exit,
        # airflow.exit_code, airflow.signal) and so matched no finding.
        ("airflow.template_error", {"generic.python_exception", "airflow.command_failed"}),
        ("airflow.import_error", {"generic.python_exception", "airflow.command_failed"}),
        ("airflow.missing_connection", {"generic.python_exception"}),
        ("airflow.execution_timeout", {"generic.python_exception", "generic.network_timeout"}),
        (
            "airflow.sigkill",
            {
                "generic.python_exception",
                "airflow.heartbeat_timeout",
                "airflow.command_failed",
                "generic.out_of_memory",
            },
        ),
        ("generic.network_error", {"generic.python_exception", "airflow.command_failed"}),
    ],
)
def test_builtin_declarations_name_the_rules_meant(rule_id: str, explained: set[str]):
    rules = {r.id: r for r in build_heuristics()}
    assert set(rules[rule_id].supersedes) == explained
    assert all(target in rules for target in rules[rule_id].supersedes)
