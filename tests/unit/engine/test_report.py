from __future__ import annotations

import pytest
from engine_builders import FixedRule, make_bundle

from airflow_pipeline_debugger.engine import steps
from airflow_pipeline_debugger.engine.deterministic import investigate
from airflow_pipeline_debugger.engine.report import code, escape, render_markdown
from airflow_pipeline_debugger.engine.rules import run_rules
from airflow_pipeline_debugger.engine.tools import ToolOutcome
from airflow_pipeline_debugger.engine.topology import Route


def test_report_has_the_sections_and_escapes_hostile_text():
    bundle = make_bundle(log="INFO x\n<script>alert(1)</script> # Heading [link](http://evil)")
    bundle.diagnostic_commands.append("grep -n `whoami` log")
    result = investigate(bundle, run_rules(bundle, [FixedRule()]))
    result.notes.append("<img src=x onerror=alert(1)>")
    md = render_markdown(result, context=bundle.context, evidence=bundle.evidence)
    for section in (
        "## Root cause:",
        "## Remediation",
        "## Hypotheses",
        "## Evidence gaps",
        "## Evidence",
        "## Notes",
    ):
        assert section in md
    assert "<img" not in md and "&lt;img" in md
    assert "<script" not in md and "&lt;script>alert(1)&lt;/script>" in md
    assert "``grep -n `whoami` log``" in md
    assert md.startswith("# Investigation: sales.aggregate")


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        # No tag can open: every "<" is an entity, the rest stays as written.
        ("<b>*x*</b>", "&lt;b>\\*x\\*&lt;/b>"),
        ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
        ("<!-- hidden -->", "&lt;!-- hidden -->"),
        ("<https://evil.example>", "&lt;https://evil.example>"),
        # A shell command keeps its operators readable in the raw Markdown.
        ("mkdir -p x && python job.py 2>&1", "mkdir -p x && python job.py 2>&1"),
        ("a & b", "a & b"),
        # An "&" that would start an entity is escaped, so the text renders as written.
        ("&lt;script&gt;", "&amp;lt;script&amp;gt;"),
        ("&#60;x&#x3c;", "&amp;#60;x&amp;#x3c;"),
        ("AT&T; R&D", "AT&amp;T; R&D"),
    ],
)
def test_escape_neutralises_html_and_leaves_plain_ampersands(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_report_keeps_shell_operators_readable():
    bundle = make_bundle(log="INFO x")
    result = investigate(bundle, run_rules(bundle, [FixedRule()]))
    result.remediation.immediate_fix = "Run mkdir -p out && python job.py > out/log 2>&1, then retry."
    md = render_markdown(result, context=bundle.context, evidence=bundle.evidence)
    assert "mkdir -p out && python job.py > out/log 2>&1" in md
    assert "&amp;" not in md


def test_code_spans_survive_backticks():
    assert code("a`b") == "``a`b``" and code("`x") == "`` `x ``"


def test_report_shows_the_confidence_note_and_json_keeps_it():
    bundle = make_bundle(log="ERROR boom")
    result = investigate(bundle, run_rules(bundle, [FixedRule()]))
    assert "Confidence: **" in render_markdown(result, context=bundle.context, evidence=bundle.evidence)
    result.root_cause.confidence_note = "this rule (x) was marked wrong 3 of the last 4 times <b>"
    md = render_markdown(result, context=bundle.context, evidence=bundle.evidence)
    line = next(s for s in md.splitlines() if s.startswith("- Confidence:"))
    assert line.endswith("(this rule (x) was marked wrong 3 of the last 4 times &lt;b>)")
    again = type(result).from_json(result.to_json())
    assert again.root_cause.confidence_note == result.root_cause.confidence_note


def test_report_lists_the_stages_and_the_tool_reads_in_order():
    bundle = make_bundle()
    result = investigate(bundle, run_rules(bundle, [FixedRule()]))
    refused = ToolOutcome("refused: stage 'classify' may not read spark evidence (E2)", True, True)
    read = ToolOutcome("<<<EVIDENCE x id=E1>>>\n     3| boom\n<<<END x id=E1>>>", seen={"E1": frozenset({3})})
    recorded = [
        steps.stage_step("classify", ["logs", "airflow"], None, "model"),
        steps.tool_step("classify", "read_lines", {"evidence": "E2", "start": 1}, refused, "model"),
        steps.stage_step("investigate_data", ["logs", "dbt"], "data", "model"),
        steps.tool_step("investigate_data", "read_lines", {"evidence": "E1", "around": 3}, read, "model"),
        steps.stage_step("recommend", ["logs"], None, "model", escalation=Route(escalation=("data team",))),
        *steps.result_steps(result, "model"),
    ]
    text = render_markdown(result, steps=recorded)
    section = text.split("## Stages\n\n")[1].split("\n\n")[0].splitlines()
    assert section == [
        "- **classify** (model; reads airflow, logs)",
        "  - `read_lines(evidence='E2', start=1)` refused: stage 'classify' may not read spark evidence (E2)",
        "- **investigate_data** (model; reads dbt, logs, chosen for class data)",
        "  - `read_lines(evidence='E1', around=3)` read: E1 L3-L3 (1 line)",
        "- **recommend** (model; reads logs; escalation: data team)",
    ]
    assert "## Stages" not in render_markdown(result)
