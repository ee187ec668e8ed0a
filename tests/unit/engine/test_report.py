from __future__ import annotations

from engine_builders import FixedRule, make_bundle

from airflow_pipeline_debugger.engine.deterministic import investigate
from airflow_pipeline_debugger.engine.report import code, escape, render_markdown
from airflow_pipeline_debugger.engine.rules import run_rules


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
    assert "``grep -n `whoami` log``" in md
    assert md.startswith("# Investigation: sales.aggregate")


def test_escape_and_code_helpers():
    assert escape("<b>*x*</b>") == "&lt;b&gt;\\*x\\*&lt;/b&gt;"
    assert code("a`b") == "``a`b``" and code("`x") == "`` `x ``"
