from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from airflow_pipeline_debugger.domain import Category, EvidenceKind
from airflow_pipeline_debugger.engine.topology import TopologyError, load_topology

CATS = """
[categories.data]
description = "input"
[categories.unknown]
description = "no idea"
"""


def write(tmp_path, body, name="topology.toml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return path


def test_default_topology_loads_in_dependency_order():
    topo = load_topology()
    assert [s.name for s in topo.stages] == [
        "classify",
        "investigate",
        "investigate_data",
        "investigate_infra",
        "recommend",
    ]
    assert topo.category_names() == ["data", "code", "config", "infra", "unknown"]
    assert topo.calls == "per_stage" and any(s.when for s in topo.stages)
    assert [s.name for s in topo.plan("data")] == ["classify", "investigate_data", "recommend"]
    assert [s.name for s in topo.plan("infra")] == ["classify", "investigate_infra", "recommend"]
    assert [s.name for s in topo.plan("code")] == ["classify", "investigate", "recommend"]
    assert topo.route_for(Category.INFRA).escalation == ("platform on-call",)
    assert topo.route_for("code").escalation == ("task owner",)
    assert topo.may_read(EvidenceKind.SPARK_EVENT_LOG)


def test_prompt_file_is_relative_to_the_toml(tmp_path):
    (tmp_path / "prompts").mkdir()
    (tmp_path / "prompts" / "look.md").write_text("Look hard at the logs.")
    path = write(
        tmp_path,
        CATS
        + """
    [stages.look]
    prompt_file = "prompts/look.md"
    readable = ["logs"]
    [routing.data]
    channel = "#data-eng"
    mentions = ["@data-oncall"]
    escalation = ["data owner", "analytics lead"]
    """,
    )
    topo = load_topology(path)
    assert topo.stages[0].prompt == "Look hard at the logs."
    assert topo.stages[0].may_read(EvidenceKind.LOG)
    assert not topo.stages[0].may_read(EvidenceKind.DBT_RESULTS)
    assert topo.stages[0].may_read(EvidenceKind.COLLECTION_ERROR)
    assert topo.route_for("data").channel == "#data-eng"
    assert topo.route_for("unknown").channel == ""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('calls = "single"\n[stages.a\nprompt = "x"', "invalid TOML.*line 2"),
        (CATS + '[stages.a]\npromt = "x"', r"line \d+: stages.a.promt: unknown key"),
        (
            CATS
            + '[stages.a]\nprompt = "x"\ndepends_on = ["b"]\n[stages.b]\nprompt = "y"\ndepends_on = ["a"]',
            "dependency cycle: a -> b -> a",
        ),
        (CATS + '[stages.a]\nprompt = "x"\ndepends_on = ["ghost"]', "unknown stage 'ghost'"),
        (
            '[categories.weather]\ndescription = "rain"\n[stages.a]\nprompt = "x"',
            "categories.weather: unknown category",
        ),
        ('[categories.data]\ndescription = "x"\n[stages.a]\nprompt = "x"', "must include 'unknown'"),
        (CATS + '[stages.a]\nprompt_file = "missing.md"', "stages.a.prompt_file: cannot read"),
        (CATS + '[stages.a]\nprompt = "x"\nprompt_file = "y.md"', "exactly one of"),
        (CATS + '[stages.a]\nprompt = "x"\nreadable = ["secrets"]', "unknown root"),
        (CATS + '[stages.a]\nprompt = "x"\n[routing.infra]\nchannel = "#x"', "routing for unknown category"),
        ('calls = "sometimes"\n' + CATS + '[stages.a]\nprompt = "x"', "calls: must be one of"),
        (
            'calls = "per_stage"\n' + CATS + '[stages.a]\nprompt = "x"\nproduces = ["hypotheses"]',
            "every answer part must be produced",
        ),
        (CATS + "[stages]", "at least one stage"),
        (CATS + '[stages.a]\nprompt = "   "', "prompt is empty"),
    ],
)
def test_invalid_topologies_name_file_and_key(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(TopologyError, match=message) as info:
        load_topology(path)
    assert str(path) in str(info.value)


def test_oversized_or_absurdly_nested_file_is_refused(tmp_path):
    """A topology is a short hand-written file: a huge or hostile one is a clear error, not a hang."""
    huge = write(tmp_path, CATS + '[stages.a]\nprompt = "x"\n' + "# padding\n" * 200_000)
    with pytest.raises(TopologyError, match="larger than 1048576 bytes"):
        load_topology(huge)
    nested = write(tmp_path, "calls = " + "[" * 50_000 + "]" * 50_000)
    with pytest.raises(TopologyError, match="invalid TOML: nested too deeply"):
        load_topology(nested)


def test_unreadable_file(tmp_path):
    with pytest.raises(TopologyError, match="cannot read"):
        load_topology(tmp_path / "nope.toml")
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(TopologyError, match="cannot read"):
        load_topology(tmp_path / "bin.toml")


def test_per_stage_topology(tmp_path):
    path = write(
        tmp_path,
        'calls = "per_stage"\n'
        + CATS
        + """
    [stages.one]
    prompt = "h"
    produces = ["hypotheses"]
    [stages.two]
    prompt = "rest"
    depends_on = ["one"]
    produces = ["evidence_analysis", "root_cause", "remediation"]
    """,
    )
    topo = load_topology(path)
    assert topo.calls == "per_stage"
    assert [s.name for s in topo.stages] == ["one", "two"]


BRANCHING = (
    'calls = "per_stage"\n'
    + CATS
    + """
[stages.classify]
prompt = "c"
readable = ["logs"]
produces = ["hypotheses", "class"]
[stages.investigate]
prompt = "i"
depends_on = ["classify"]
produces = ["evidence_analysis", "root_cause"]
[stages.investigate_data]
prompt = "d"
depends_on = ["classify"]
when = ["data"]
readable = ["logs", "dbt"]
max_tool_calls = 4
produces = ["evidence_analysis", "root_cause"]
[stages.recommend]
prompt = "r"
depends_on = ["investigate", "investigate_data"]
produces = ["remediation"]
"""
)


def test_a_branch_replaces_the_default_stage_for_its_classes(tmp_path):
    topo = load_topology(write(tmp_path, BRANCHING))
    assert [s.name for s in topo.plan(None)] == ["classify", "investigate", "recommend"]
    assert [s.name for s in topo.plan("data")] == ["classify", "investigate_data", "recommend"]
    assert [s.name for s in topo.plan("unknown")] == ["classify", "investigate", "recommend"]
    [data] = [s for s in topo.stages if s.name == "investigate_data"]
    assert data.when == {"data"} and data.max_tool_calls == 4 and data.readable == {"logs", "dbt"}
    single = load_topology(Path(__file__).resolve().parents[2] / "fixtures" / "topology" / "single.toml")
    assert single.calls == "single" and not any(s.when for s in single.stages)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('"hypotheses", "class"', '"hypotheses"'), "no stage produces 'class'"),
        (lambda t: t.replace('when = ["data"]', 'when = ["weather"]'), r"when: unknown class\(es\) weather"),
        (lambda t: t.replace('when = ["data"]', 'when = ["infra"]'), "not in the categories: infra"),
        (lambda t: t.replace('calls = "per_stage"', 'calls = "single"'), "need calls = 'per_stage'"),
        (lambda t: t.replace("max_tool_calls = 4", "max_tool_calls = -1"), "non-negative integer"),
        (
            lambda t: t.replace('depends_on = ["classify"]\nwhen', "depends_on = []\nwhen"),
            "must depend on 'classify'",
        ),
        (
            lambda t: t.replace('produces = ["remediation"]', 'produces = ["remediation", "class"]'),
            "only one stage may produce 'class'",
        ),
    ],
)
def test_invalid_branches_are_refused(tmp_path, edit, message):
    with pytest.raises(TopologyError, match=message):
        load_topology(write(tmp_path, edit(BRANCHING)))


def test_the_worked_example_in_the_docs_loads_and_branches_as_described(tmp_path):
    doc = (Path(__file__).resolve().parents[3] / "docs" / "topology.md").read_text()
    example = doc.split("## A worked example")[1].split("```toml\n")[1].split("```")[0]
    topo = load_topology(write(tmp_path, example))
    assert [s.name for s in topo.plan("data")] == ["classify", "investigate_data", "recommend"]
    assert [s.name for s in topo.plan("infra")] == ["classify", "investigate_infra", "recommend"]
    assert [s.name for s in topo.plan("code")] == ["classify", "investigate", "recommend"]
    readable = {s.name: s.readable for s in topo.stages}
    assert readable["investigate_data"] == {"logs", "dbt", "upstream"}
    assert "spark" in readable["investigate_infra"] and "upstream" not in readable["classify"]
