"""Which setting fed the values of a failing line, read statically from the job's source."""

from __future__ import annotations

import textwrap

import pytest

from airflow_pipeline_debugger.evidence.provenance import MAX_SOURCE_BYTES, passed_in, trace

pytestmark = pytest.mark.unit

DAG = textwrap.dedent(
    """
    import json, os
    import pandas as pd
    from airflow.sdk import Variable, task
    from airflow.sdk.bases.hook import BaseHook

    LIMIT = int(os.environ["ROW_LIMIT"])

    @task
    def convert(ds=None):
        rates = json.loads(Variable.get("fx_rates_to_eur"))
        orders = pd.read_csv(Variable.get("orders_path"))
        for o in orders.to_dict("records"):
            total = o["amount"] * rates[o["currency"]]
        conn = BaseHook.get_connection("warehouse_loader")
        extra = conn.extra_dejson
        chunk = int(extra.get("chunk_size", 500))
        for start in range(0, len(orders), chunk):
            pass
        cfg = Variable.get("reporting", deserialize_json=True)
        table = cfg["source_table"]
        sql = f"select * from {table}"
        cur.execute(sql)
        row = orders.iloc[0]
        n = int(row["qty"])
        col = Variable.get("revenue_column")
        value = orders[col]
        batch = orders[:LIMIT]
        fixed = {"a": 1}["b"]
    """
)


def _line(text: str) -> int:
    """1-based line of the first line of ``DAG`` holding ``text``."""
    return next(i for i, line in enumerate(DAG.splitlines(), 1) if text in line)


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        # a key looked up in a Variable's value: the Variable is the container
        ('rates[o["currency"]]', {("rates", "the Airflow Variable fx_rates_to_eur", "container")}),
        # range() given a Connection extra's key: named by the Connection, the key kept
        (
            "range(0, len(orders), chunk)",
            {("chunk", "the Airflow Connection warehouse_loader (key chunk_size)", "argument")},
        ),
        # a query built around a Variable's key
        ("cur.execute(sql)", {("sql", "the Airflow Variable reporting (key source_table)", "text")}),
        # a column named by a Variable: the Variable is the key, the frame read is data
        ("value = orders[col]", {("col", "the Airflow Variable revenue_column", "key")}),
        # a module-level constant from the environment
        ("orders[:LIMIT]", {(":LIMIT", "the environment variable ROW_LIMIT", "key")}),
        # what a call read from a path the Variable names is data, not the setting
        ('int(row["qty"])', set()),
        # a literal dict is the code's own
        ('{"a": 1}["b"]', set()),
    ],
)
def test_the_setting_behind_each_value_of_the_failing_line(
    at: str, expected: set[tuple[str, str, str]]
) -> None:
    found = trace(DAG, _line(at), "convert")
    assert found is not None
    got = {(u.name, u.setting.describe(), u.role) for u in found.uses if u.setting.origin == "setting"}
    assert expected <= got if expected else not got, got


def test_what_the_task_read_is_its_input_not_a_setting() -> None:
    """A row of a frame read from a path a Variable names carries the input, not the Variable."""
    found = trace(DAG, _line('int(row["qty"])'), "convert")
    assert found is not None
    [use] = found.by_role("argument", origin="input")
    assert (use.name, use.call, use.setting.describe()) == ("row['qty']", "int", "the data the task read")
    assert not found.by_role("argument")


@pytest.mark.parametrize(
    ("rows", "loop"),
    [
        ("rows = list(csv.DictReader(fh))", "for i, row in enumerate(rows, 1):"),
        ("rows = sorted(csv.DictReader(fh), key=len)", "for row in reversed(rows):"),
        ("rows = csv.DictReader(fh)", "for row, _ in zip(rows, range(9)):"),
    ],
)
def test_the_same_rows_in_another_container_are_still_as_read(rows: str, loop: str) -> None:
    """``enumerate``, ``list`` and their kind hold the rows as read: a field of one is the input's value."""
    source = (
        f'def parse(fh):\n    {rows}\n    {loop}\n        ts = datetime.strptime(row["scanned_at"], FMT)\n'
    )
    found = trace(source, 4, "parse")
    assert found is not None
    [use] = found.by_role("argument", origin="input")
    assert (use.call, use.setting.via) == ("strptime", "")


@pytest.mark.parametrize(
    ("call", "read"),
    [
        ("resp = requests.get(url, timeout=30)", "resp.text"),
        ("resp = httpx.post(url, json=body)", "resp.content"),
        ("resp = urllib.request.urlopen(url)", "resp.read()"),
    ],
)
def test_an_http_clients_answer_is_the_tasks_input(call: str, read: str) -> None:
    """``json.loads(resp.text)`` parses what a service answered, even through the response's attribute."""
    source = f"def pull(url):\n    {call}\n    return json.loads({read})\n"
    found = trace(source, 3, "pull")
    assert found is not None
    assert {u.setting.describe() for u in found.by_role("argument", origin="input")} == {
        "the answer a service gave"
    }


def test_a_mappings_get_is_no_request() -> None:
    """``cfg.get(url)`` looks a key up: what it returns is not a service's answer."""
    found = trace(
        "def pull(cfg, url):\n    resp = cfg.get(url)\n    return json.loads(resp.text)\n", 3, "pull"
    )
    assert found is not None
    assert not found.by_role("argument", origin="input")


def test_the_read_is_cited_with_its_own_line() -> None:
    found = trace(DAG, _line('rates[o["currency"]]'), "convert")
    assert found is not None
    [use] = found.by_role("container")
    assert use.setting.line == _line('Variable.get("fx_rates_to_eur")')
    assert use.setting.statement == 'rates = json.loads(Variable.get("fx_rates_to_eur"))'
    assert found.statement == 'total = o["amount"] * rates[o["currency"]]'


def test_spark_conf_at_module_level() -> None:
    job = 'raw = spark.conf.get("spark.acme.lookback_days", "7")\nlookback = int(raw)\n'
    found = trace(job, 2, "<module>")
    assert found is not None
    [use] = found.by_role("argument")
    assert (use.call, use.setting.describe()) == ("int", "the Spark conf spark.acme.lookback_days")


@pytest.mark.parametrize(
    ("source", "line", "function"),
    [
        ("def f(:\n    pass\n", 1, "f"),  # does not parse
        (DAG, _line("cur.execute(sql)"), "another_function"),  # another version of the file
        (DAG, 10_000, "convert"),  # no statement there
        ("x = 1\n" + "#" * MAX_SOURCE_BYTES, 1, "<module>"),  # over the cap
        ("x = " + "(" * 5000 + ")" * 5000 + "\n", 1, "<module>"),  # nested past the parser's depth
    ],
)
def test_source_that_cannot_say_gives_no_answer(source: str, line: int, function: str) -> None:
    assert trace(source, line, function) is None


def test_a_hostile_file_is_read_not_run(tmp_path: object) -> None:
    """Parsing never imports or executes: a file that would run code on import is only read."""
    source = 'import os\nos.system("touch /tmp/pwned_provenance")\nx = int(os.getenv("N"))\n'
    found = trace(source, 3, "<module>")
    assert (
        found is not None and found.by_role("argument")[0].setting.describe() == "the environment variable N"
    )
    import pathlib

    assert not pathlib.Path("/tmp/pwned_provenance").exists()


def test_names_rebound_thousands_of_times_are_read_within_one_budget() -> None:
    """6000 rebindings of 40 names to each other: the walk stops at the budget, it does not explode."""
    names = [f"v{i}" for i in range(40)]
    body = [f"    {a} = {b}" for _ in range(50) for a in names for b in names[:3]]
    source = "\n".join(["def load(cur):", *body, "    cur.execute(v0)"]) + "\n"
    found = trace(source, len(body) + 2, "load")
    assert found is not None and found.statement == "cur.execute(v0)"


CHAIN = textwrap.dedent(
    """
    import os
    from airflow.sdk import Variable

    class Loader:
        def put(self, rows, size):
            return rows[::size]

    def chunked(rows, size, *, mode="a"):
        return Loader().put(rows, size)

    def load(rows):
        size = int(Variable.get("chunk_size"))
        chunked(rows, size, mode=os.environ["LOAD_MODE"])
        chunked(*[rows, size])
    """
)


def _at(text: str) -> int:
    return next(i for i, line in enumerate(CHAIN.splitlines(), 1) if text in line)


def test_a_setting_passed_to_a_helper_binds_its_parameter() -> None:
    """Positional and keyword arguments bind the helper's parameters; a method's ``self`` is skipped."""
    bound = passed_in(
        (CHAIN, _at("chunked(rows, size, mode="), "load"), (CHAIN, _at("Loader().put"), "chunked")
    )
    assert {k: v.describe() for k, v in bound.items()} == {
        "size": "the Airflow Variable chunk_size",
        "mode": "the environment variable LOAD_MODE",
    }
    # one more hop: chunked -> Loader.put, its ``size`` bound through chunked's own binding
    deeper = passed_in((CHAIN, _at("Loader().put"), "chunked"), (CHAIN, _at("rows[::size]"), "put"), bound)
    assert {k: v.describe() for k, v in deeper.items()} == {"size": "the Airflow Variable chunk_size"}
    found = trace(CHAIN, _at("rows[::size]"), "put", deeper)
    assert found is not None and [u.name for u in found.uses] == ["::size"]


@pytest.mark.parametrize(
    ("caller", "callee"),
    [
        # starred arguments cannot be matched to parameters
        (("chunked(*[rows, size])", "load"), ("Loader().put", "chunked")),
        # a frame whose function is not called on the caller's line (a callback a library ran)
        (("size = int(", "load"), ("Loader().put", "chunked")),
    ],
)
def test_a_call_that_cannot_be_matched_binds_nothing(
    caller: tuple[str, str], callee: tuple[str, str]
) -> None:
    assert passed_in((CHAIN, _at(caller[0]), caller[1]), (CHAIN, _at(callee[0]), callee[1])) == {}
