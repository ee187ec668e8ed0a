"""Where the values on a failing line of Python came from: the set-up, the input, or the code.

An on-call engineer who sees ``KeyError: 'SEK'`` at ``dags/orders_to_eur.py:36`` opens the file and
reads up from line 36: ``rates[o["currency"]]``, ``rates = json.loads(Variable.get("fx_rates_to_eur"))``.
The rates are a setting, so the fix goes in the Variable, not in the code or the data. This module
does that reading on the job's own source, statically (``ast``; nothing is imported or run): for the
statement at a frame's line it follows each name back through the assignments of its function (and
of the module) to a read of the set-up (a Variable, a Connection's extra, a job conf, the
environment) or of the input (a query's rows, a service's JSON, a file the task was given), and says
which read fed which name and how the failing statement used it.

Only values that *are* the setting, or a plain conversion of it (``int()``, ``json.loads``, a key of
it, an f-string around it), carry it: a value returned by any other call (``pd.read_csv(path)`` with
a path from a Variable) is the data the call read, not the setting.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace

#: Bytes of a source file parsed (the evidence cap); a larger file is not a job's own module.
MAX_SOURCE_BYTES = 256 * 1024
#: A SQL line comment (not a ``/*+ hint */``).
_SQL_COMMENT_RE = re.compile(r"--[^\n]*")
#: Assignment hops followed back from the failing statement (``x = int(raw)``, ``raw = conf.get(…)``).
MAX_HOPS = 8
#: AST nodes one trace walks at most, over all the values of the statement (a hostile file costs no
#: more than this).
MAX_NODES = 4000

#: Frames Python names for a comprehension or a lambda, read in the function (or module) around them.
_ANONYMOUS_FRAMES = frozenset({"<listcomp>", "<dictcomp>", "<setcomp>", "<genexpr>", "<lambda>"})

#: Calls whose result is a plain conversion or a part of their argument: a setting passes through.
_PASS_THROUGH_CALLS = frozenset(
    (
        *("int", "float", "str", "bool", "Decimal", "dict", "list", "tuple", "set", "frozenset"),
        *("sorted", "min", "max", "abs", "round", "timedelta", "Path", "loads", "literal_eval"),
        *("get", "strip", "lower", "upper", "split", "rsplit", "format", "replace", "join"),
        *("rstrip", "lstrip", "removeprefix", "removesuffix", "getattr", "fromisoformat", "strptime"),
        # what a response or an opened file holds (``resp.read()``, ``body.decode()``)
        *("read", "decode"),
        # a size or total of a value carries where the value came from (``len(rows)`` of the input)
        *("len", "sum", "count"),
        # the same elements in another container or order (``for i, row in enumerate(rows)``)
        *("enumerate", "reversed", "iter", "next", "zip"),
    )
)
#: Calls whose result holds the elements of their argument as they were: the value keeps how it was
#: read (``list(csv.DictReader(fh))`` is the rows as read), where a conversion names itself.
_SAME_ELEMENTS = frozenset(("list", "tuple", "sorted", "enumerate", "reversed", "iter", "next", "zip"))
#: Reads of the task's input by the method or function called, with what a reader calls it. Not
#: ``xcom_pull``: an XCom is ``None`` when the upstream task returned nothing or the pull names the
#: wrong task, both the code's.
_INPUT_READS = {
    "fetchone": "the row a query returned",
    "fetchall": "the rows a query returned",
    "fetchmany": "the rows a query returned",
    "first": "the first row the job read",
    "take": "the rows the job took",
    "collect": "the rows the job collected",
    "read_csv": "the data the task read",
    "read_json": "the data the task read",
    "read_parquet": "the data the task read",
    "read_excel": "the data the task read",
    "read_sql": "the rows a query returned",
    "read_sql_query": "the rows a query returned",
    "readlines": "the lines the task read",
    "listdir": "the files the task listed",
    "glob": "the files the task listed",
    "DictReader": "the rows the task read",
}
#: HTTP clients' calls by their dotted names: the response (its ``.text``, ``.content``) is the answer a
#: service gave, the task's input. Not a bare ``get``: a mapping's ``.get`` is no request.
_HTTP_READS = frozenset(
    (
        *("requests.get", "requests.post", "requests.request", "httpx.get", "httpx.post", "httpx.request"),
        *("urlopen", "request.urlopen", "urllib.request.urlopen"),
    )
)
#: The set-up's readers by the name they are called through, with what a reader calls the setting.
_SETTING_READS = {
    "Variable.get": "the Airflow Variable",
    "Variable.get_variable": "the Airflow Variable",
    "get_connection": "the Airflow Connection",
    "get_connection_from_secrets": "the Airflow Connection",
    "getenv": "the environment variable",
    "environ.get": "the environment variable",
    "conf.get": "the configuration",
    "getConf().get": "the Spark conf",
}
#: What a task's code calls the Airflow context it subscripts for ``params``.
_CONTEXT_NAMES = frozenset({"context", "kwargs", "ctx", "get_current_context()"})
#: Holder names a task's code also uses for values of its own (checked for local bindings first).
_SHADOWABLE = frozenset({"params", "conf", "environ", "argv"})
#: Names and attributes that hold the set-up when read (``dag_run.conf``, ``context["params"]``).
_SETTING_HOLDERS = {
    "params": "the DAG's params",
    "dag_run.conf": "the run's conf",
    "environ": "the environment variable",
    "argv": "the command-line arguments",
    "extra_dejson": "the Airflow Connection's extra",
}


@dataclass(frozen=True)
class Setting:
    """A read of the set-up (``the Airflow Variable``, its name when literal), or of a service's answer."""

    kind: str
    name: str = ""
    #: Where the read is (1-based) and its line of source, to cite.
    line: int = 0
    statement: str = ""
    #: The key read out of it (``chunk_size`` of a Connection's extra), when literal.
    key: str = ""
    #: ``setting`` (the set-up) or ``input`` (what the task read: ``cur.fetchall()``, ``resp.json()``).
    origin: str = "setting"
    #: The last conversion the value went through on its way to the failing line (``len``, ``split``),
    #: ``""`` when it is the read's result itself (or a key or element of it).
    via: str = ""

    def describe(self) -> str:
        """``the Airflow Variable fx_rates_to_eur`` (the kind alone when the name is not literal)."""
        named = f"{self.kind} {self.name}" if self.name else self.kind
        # A key of a setting says which entry; an element of the input (``rows[0]``) says nothing more.
        return f"{named} (key {self.key})" if self.key and self.origin == "setting" else named


@dataclass(frozen=True)
class Use:
    """How the failing statement used a value that came from a setting (or from the input).

    ``role``: ``container`` (subscripted or ``.get``-ed: a key the setting lacks), ``key`` (the key
    looked up), ``attribute`` (an attribute read of it), ``argument`` (passed to a conversion or a
    call: ``int(raw)``, ``range(0, n, size)``), ``operand`` (of arithmetic), ``divisor`` (the right
    side of a division), ``text`` (formatted into a string the statement uses: a query, a path).
    ``call`` names the function it was passed to for ``argument``, the attribute for ``attribute``.
    """

    name: str
    setting: Setting
    role: str
    call: str = ""
    #: The keyword it was passed under (``replace(hour=cutoff)``: ``hour``), ``""`` when positional.
    keyword: str = ""


@dataclass(frozen=True)
class Provenance:
    """The statement at a frame's line and the settings that fed it."""

    statement: str
    uses: tuple[Use, ...]
    #: Literal strings in the whole file: a name an error quotes that the code spells out itself is
    #: the code's, not a setting's.
    literals: frozenset[str]
    #: The functions the statement calls (``float``, ``execute``), in order, for a reading that must
    #: know every conversion a value of the statement went through.
    calls: tuple[str, ...] = ()
    #: The literal keys the statement subscripts something with (``o["currency"]``: ``currency``).
    literal_keys: frozenset[str] = frozenset()

    def by_role(self, *roles: str, origin: str = "setting") -> list[Use]:
        """The uses in one of ``roles`` of values from ``origin`` (the set-up by default)."""
        return [u for u in self.uses if u.role in roles and u.setting.origin == origin]


class _Passed(ast.expr):
    """A parameter's binding to what its caller passed: the setting (or input) the argument carried."""

    def __init__(self, setting: Setting) -> None:
        super().__init__()
        self.setting = setting


def trace(
    source: str, line: int, function: str, passed: Mapping[str, Setting] | None = None
) -> Provenance | None:
    """The settings behind the statement at ``line`` of ``function`` in ``source``.

    ``passed`` binds the function's parameters to what its caller passed them (:func:`passed_in`), so
    a setting read in the task and handed to a helper is still the setting in the helper's frame.
    ``None`` when the source does not parse, is too large, or has no statement at that line inside a
    function of that name (another version of the file than the one that ran).
    """
    if len(source) > MAX_SOURCE_BYTES:
        return None
    try:
        tree = ast.parse(source)
        scopes = _enclosing(tree, line, function)
        statement = _statement_at(scopes[-1], line) if scopes is not None else None
        if scopes is None or statement is None:
            return None
        assignments = _assignments(scopes)
        for name, setting in (passed or {}).items():
            assignments.setdefault(name, []).append(_Passed(setting))
        lines = source.splitlines()
        # One node budget for the whole trace: a generated statement costs no more than a small one.
        uses = tuple(_with_text(use, lines) for use in _uses(statement, assignments, [MAX_NODES]))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    text = ast.get_source_segment(source, statement) or ""
    return Provenance(
        statement=" ".join(text.split())[:300],
        uses=uses,
        literals=frozenset(_string_literals(tree)),
        calls=tuple(_calls_in(statement)),
        literal_keys=frozenset(_literal_keys(statement)),
    )


def passed_in(
    caller: tuple[str, int, str],
    callee: tuple[str, int, str],
    passed: Mapping[str, Setting] | None = None,
) -> dict[str, Setting]:
    """The callee's parameters bound to the settings (or input) its caller's call passed them.

    ``caller`` and ``callee`` are (source, line, function) of two consecutive frames: the caller's
    statement at its line calls the callee by name (``archive_file(src, dst, level)``), and each
    argument is traced in the caller's frame (itself bound by ``passed``, for a chain of helpers).
    Empty when either source cannot say (another version of a file, no call of that name).
    """
    (caller_source, caller_line, caller_function), (callee_source, callee_line, callee_function) = (
        caller,
        callee,
    )
    if len(caller_source) > MAX_SOURCE_BYTES or len(callee_source) > MAX_SOURCE_BYTES:
        return {}
    try:
        scopes = _enclosing(ast.parse(caller_source), caller_line, caller_function)
        statement = _statement_at(scopes[-1], caller_line) if scopes is not None else None
        callee_scopes = _enclosing(ast.parse(callee_source), callee_line, callee_function)
        if scopes is None or statement is None or callee_scopes is None:
            return {}
        definition = callee_scopes[-1]
        if not isinstance(definition, ast.FunctionDef | ast.AsyncFunctionDef):
            return {}
        assignments = _assignments(scopes)
        for name, setting in (passed or {}).items():
            assignments.setdefault(name, []).append(_Passed(setting))
        budget = [MAX_NODES]
        found: dict[str, Setting] = {}
        for call in _calls_of(statement, callee_function):
            for param, arg in _arguments(call, definition.args):
                if (s := _carried(arg, assignments, MAX_HOPS, frozenset(), budget)) is not None:
                    found.setdefault(param, s)
        return found
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return {}


def _calls_of(statement: ast.stmt, function: str) -> Iterator[ast.Call]:
    """The calls in ``statement`` of a function by its short name (``helpers.archive_file(…)`` too)."""
    for count, node in enumerate(ast.walk(statement)):
        if count > MAX_NODES:
            return
        if isinstance(node, ast.Call) and _dotted(node.func).rsplit(".", 1)[-1] == function:
            yield node


def _arguments(call: ast.Call, params: ast.arguments) -> Iterator[tuple[str, ast.expr]]:
    """Each argument of ``call`` with the parameter it binds (a method's ``self`` skipped)."""
    positional = [a.arg for a in (*params.posonlyargs, *params.args)]
    if isinstance(call.func, ast.Attribute) and positional[:1] in (["self"], ["cls"]):
        positional = positional[1:]
    for name, arg in zip(positional, call.args, strict=False):
        if isinstance(arg, ast.Starred):
            return
        yield name, arg
    names = {a.arg for a in (*params.posonlyargs, *params.args, *params.kwonlyargs)}
    for keyword in call.keywords:
        if keyword.arg in names:
            yield keyword.arg, keyword.value


def code_only(name: str, source: str) -> str:
    """``source`` without its comments (Python's ``#``, SQL's ``--``): what the job runs, not what it says.

    A Python file that does not tokenize keeps every line not starting with ``#``.
    """
    if name.endswith(".sql"):
        return _SQL_COMMENT_RE.sub("", source)
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError, RecursionError):
        return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
    return tokenize.untokenize(t for t in tokens if t.type != tokenize.COMMENT)


def _calls_in(statement: ast.stmt) -> Iterator[str]:
    """The short name of each function the statement calls."""
    for count, node in enumerate(ast.walk(statement)):
        if count > MAX_NODES:
            return
        if isinstance(node, ast.Call):
            yield _dotted(node.func).rsplit(".", 1)[-1]


def _literal_keys(statement: ast.stmt) -> Iterator[str]:
    """The string keys the statement subscripts with literally (``o["currency"]``)."""
    for count, node in enumerate(ast.walk(statement)):
        if count > MAX_NODES:
            return
        key = node.slice if isinstance(node, ast.Subscript) else None
        if isinstance(key, ast.Constant) and isinstance(key.value, str):
            yield key.value


def _with_text(use: Use, lines: list[str]) -> Use:
    """``use`` with the source line of its setting's read, for citing."""
    read = use.setting
    if 0 < read.line <= len(lines):
        read = replace(read, statement=" ".join(lines[read.line - 1].split())[:300])
    return replace(use, setting=read)


def _enclosing(tree: ast.Module, line: int, function: str) -> list[ast.AST] | None:
    """The scopes (module outermost) around ``line``, the innermost named ``function``."""
    if function in ("<module>", "", "?"):
        return [tree]
    found: list[ast.AST] | None = None
    innermost: list[ast.AST] = [tree]

    def walk(node: ast.AST, chain: list[ast.AST]) -> None:
        nonlocal found, innermost
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                end = child.end_lineno or child.lineno
                if child.lineno <= line <= end:
                    here = [*chain, child]
                    innermost = here
                    if child.name == function:
                        found = here
                    walk(child, here)
            elif isinstance(child, ast.stmt):
                walk(child, chain)

    walk(tree, [tree])
    # A comprehension or lambda is a frame of its own (``<dictcomp>``) inside the function around it.
    return innermost if function in _ANONYMOUS_FRAMES else found


def _statement_at(scope: ast.AST, line: int) -> ast.stmt | None:
    """The innermost simple statement of ``scope`` spanning ``line`` (a loop's header for ``for``)."""
    best: ast.stmt | None = None
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if not isinstance(node, ast.stmt) or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        end = node.end_lineno or node.lineno
        if not node.lineno <= line <= end:
            continue
        if isinstance(node, ast.For | ast.AsyncFor | ast.While | ast.If | ast.With | ast.AsyncWith | ast.Try):
            header_end = _header_end(node)
            if node.lineno <= line <= header_end:
                return node
            stack.extend(ast.iter_child_nodes(node))
            continue
        best = node
    return best


def _header_end(node: ast.stmt) -> int:
    """The last line of a compound statement's header (``for x in range(…):``)."""
    parts: list[ast.AST] = []
    if isinstance(node, ast.For | ast.AsyncFor):
        parts = [node.target, node.iter]
    elif isinstance(node, ast.While | ast.If):
        parts = [node.test]
    elif isinstance(node, ast.With | ast.AsyncWith):
        parts = [item.context_expr for item in node.items]
    return max((getattr(p, "end_lineno", None) or node.lineno for p in parts), default=node.lineno)


def _assignments(scopes: list[ast.AST]) -> dict[str, list[ast.expr]]:
    """Every value each name is bound to in ``scopes`` (module and enclosing functions included).

    Nested functions other than the chain are not entered; a ``for`` target is bound to an element
    of its iterable, which carries a setting as the iterable does.
    """
    bound: dict[str, list[ast.expr]] = {}

    def bind(target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            bound.setdefault(target.id, []).append(value)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                bind(element, value)

    for scope in scopes:
        stack = list(ast.iter_child_nodes(scope))
        while stack:
            node = stack.pop()
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
                continue
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    bind(target, node.value)
            elif isinstance(node, ast.NamedExpr | ast.AnnAssign | ast.AugAssign):
                if node.value is not None:  # a bare annotation binds nothing
                    bind(node.target, node.value)
            elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
                bind(node.target, node.iter)
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                bind(node.optional_vars, node.context_expr)
            stack.extend(ast.iter_child_nodes(node))
    return bound


def _dotted(node: ast.expr) -> str:
    """``spark.conf.get`` for an attribute chain, ``getConf().get`` through a call; ``""`` otherwise."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            parts.append("()")
            node = node.func
        elif isinstance(node, ast.Name):
            parts.append(node.id)
            break
        else:
            break
    return ".".join(reversed(parts)).replace(".()", "()")


def _literal_arg(call: ast.Call) -> str:
    """The call's first argument when it is a string literal (the setting's name)."""
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value[:120]
    return ""


def _read_of(node: ast.expr) -> Setting | None:
    """The setting (or service answer) a single node reads directly, ``None`` for anything else."""
    line = getattr(node, "lineno", 0)
    if isinstance(node, ast.Call):
        return _call_read(node, line)
    if isinstance(node, ast.Subscript):
        return _subscript_read(node, line)
    if isinstance(node, ast.Attribute | ast.Name):
        dotted = _dotted(node)
        return next(
            (
                Setting(kind, "", line)
                for holder, kind in _SETTING_HOLDERS.items()
                if dotted == holder or dotted.endswith("." + holder)
            ),
            None,
        )
    return None


def _call_read(node: ast.Call, line: int) -> Setting | None:
    """``Variable.get("x")``, ``spark.conf.get("k")``, ``os.getenv("N")``; ``resp.json()`` (an answer)."""
    if isinstance(node.func, ast.Attribute) and node.func.attr == "json" and not node.args:
        # ``requests.get(url).json()``, ``resp.json()``: the body a service answered, the task's input.
        return Setting("the JSON a service answered", "", line, origin="input")
    dotted = _dotted(node.func)
    if dotted in _HTTP_READS:
        return Setting("the answer a service gave", "", line, origin="input")
    for suffix, kind in _SETTING_READS.items():
        if dotted == suffix or dotted.endswith("." + suffix):
            spark = kind == "the configuration" and "spark" in dotted.lower()
            return Setting("the Spark conf" if spark else kind, _literal_arg(node), line)
    called = dotted.rsplit(".", 1)[-1]
    if called in _INPUT_READS:
        return Setting(_INPUT_READS[called], "", line, origin="input")
    if called == "open" and node.args and not isinstance(node.args[0], ast.Constant):
        # a file the task opens by a path it was given; one it names literally is its own file
        return Setting("the file the task opened", "", line, origin="input")
    return None


def _subscript_read(node: ast.Subscript, line: int) -> Setting | None:
    """``os.environ["N"]``, ``sys.argv[1]``, ``context["params"]``."""
    holder = _dotted(node.value)
    key = node.slice
    name = key.value[:120] if isinstance(key, ast.Constant) and isinstance(key.value, str) else ""
    if holder.endswith("environ"):
        return Setting("the environment variable", name, line)
    if holder.endswith("argv"):
        return Setting("the command-line arguments", "", line)
    if name == "params" and holder.rsplit(".", 1)[-1] in _CONTEXT_NAMES:
        return Setting("the DAG's params", "", line)
    return None


def _carried(
    expr: ast.expr,
    assignments: dict[str, list[ast.expr]],
    hops: int,
    seen: frozenset[str],
    budget: list[int],
) -> Setting | None:
    """The setting (or input) ``expr`` carries, read in it or through the names bound to it.

    ``hops`` assignment hops are left, ``seen`` holds the names on the path, ``budget`` the nodes the
    whole trace may still walk.
    """
    budget[0] -= 1
    if budget[0] <= 0:
        return None
    if isinstance(expr, _Passed):
        return expr.setting
    if isinstance(expr, ast.Attribute):
        # ``conn.extra_dejson``: the Connection ``conn`` was read from names the setting better.
        base = _carried(expr.value, assignments, hops, seen, budget)
        if base is not None:
            return base
    direct = None if _shadowed(expr, assignments) else _read_of(expr)
    if direct is not None:
        return direct
    follow = _FOLLOW.get(type(expr))
    return follow(expr, assignments, hops, seen, budget) if follow is not None else None


def _shadowed(expr: ast.expr, assignments: dict[str, list[ast.expr]]) -> bool:
    """Whether a holder's name is bound by the code itself (a local dict named ``params`` or ``conf``).

    Then it is the code's own value, followed through its assignments, not Airflow's or a reader's.
    """
    base = expr.func.value if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) else expr
    return isinstance(base, ast.Name) and base.id in _SHADOWABLE and base.id in assignments


def _through_name(
    expr: ast.expr, assignments: dict[str, list[ast.expr]], hops: int, seen: frozenset[str], budget: list[int]
) -> Setting | None:
    """What any value the name is bound to carries (one hop back)."""
    assert isinstance(expr, ast.Name)
    if hops <= 0 or expr.id in seen:
        return None
    return next(
        (
            found
            for value in assignments.get(expr.id, [])
            if (found := _carried(value, assignments, hops - 1, seen | {expr.id}, budget)) is not None
        ),
        None,
    )


def _through_call(
    expr: ast.expr, assignments: dict[str, list[ast.expr]], hops: int, seen: frozenset[str], budget: list[int]
) -> Setting | None:
    """A conversion's result carries its argument's setting; any other call's result is its own."""
    assert isinstance(expr, ast.Call)
    name = _dotted(expr.func).rsplit(".", 1)[-1]
    if name not in _PASS_THROUGH_CALLS:
        return None
    parts: list[ast.expr] = [*expr.args, *(k.value for k in expr.keywords)]
    if isinstance(expr.func, ast.Attribute):
        if name == "get" and expr.args:
            # ``extra.get("chunk_size")`` carries what ``extra`` does, narrowed to the key.
            found = _carried(expr.func.value, assignments, hops, seen, budget)
            return _keyed(found, expr.args[0]) if found is not None else None
        parts.insert(0, expr.func.value)
    found = next((s for p in parts if (s := _carried(p, assignments, hops, seen, budget))), None)
    if found is None or name in _SAME_ELEMENTS:
        return found
    return replace(found, via=name)


def _through_subscript(
    expr: ast.expr, assignments: dict[str, list[ast.expr]], hops: int, seen: frozenset[str], budget: list[int]
) -> Setting | None:
    """A key of a setting carries the setting, narrowed to the key."""
    assert isinstance(expr, ast.Subscript)
    found = _carried(expr.value, assignments, hops, seen, budget)
    return _keyed(found, expr.slice) if found is not None else None


def _through_parts(
    expr: ast.expr, assignments: dict[str, list[ast.expr]], hops: int, seen: frozenset[str], budget: list[int]
) -> Setting | None:
    """An f-string, arithmetic, a condition, a slice or a comprehension carries what a part does."""
    return next(
        (s for child in _expr_children(expr) if (s := _carried(child, assignments, hops, seen, budget))),
        None,
    )


_Follow = Callable[[ast.expr, dict[str, list[ast.expr]], int, frozenset[str], list[int]], "Setting | None"]
#: How a setting passes through each kind of expression (any other kind stops it).
_FOLLOW: dict[type[ast.expr], _Follow] = {
    ast.Name: _through_name,
    ast.Call: _through_call,
    ast.Subscript: _through_subscript,
    **dict.fromkeys(
        (
            *(ast.JoinedStr, ast.FormattedValue, ast.BinOp, ast.BoolOp, ast.IfExp, ast.UnaryOp),
            # a comprehension's element is bound to its iterable (``[c.strip() for c in raw.split(",")]``)
            *(ast.Slice, ast.Tuple, ast.Starred, ast.ListComp, ast.SetComp, ast.GeneratorExp),
        ),
        _through_parts,
    ),
}


def _keyed(setting: Setting, key: ast.expr) -> Setting:
    """``setting`` narrowed to the literal key read out of it (the first key only)."""
    if setting.key or not (isinstance(key, ast.Constant) and isinstance(key.value, str | int)):
        return setting
    return replace(setting, key=str(key.value)[:80])


def _expr_children(expr: ast.expr) -> Iterator[ast.expr]:
    for child in ast.iter_child_nodes(expr):
        if isinstance(child, ast.expr):
            yield child


def _uses(statement: ast.stmt, assignments: dict[str, list[ast.expr]], budget: list[int]) -> Iterator[Use]:
    """Each value of the failing statement that carries a setting, with how the statement used it."""
    walked = 0
    parts: list[ast.AST] = [statement]
    if isinstance(statement, ast.For | ast.AsyncFor):
        parts = [statement.iter]
    elif isinstance(statement, ast.While | ast.If):
        parts = [statement.test]
    elif isinstance(statement, ast.With | ast.AsyncWith):
        parts = [item.context_expr for item in statement.items]
    seen: set[tuple[str, str, str]] = set()
    for part in parts:
        for node in ast.walk(part):
            walked += 1
            if walked > MAX_NODES:
                return
            for use in _use_at(node, assignments, budget):
                key = (use.name, use.role, use.call)
                if key not in seen:
                    seen.add(key)
                    yield use


def _use_at(node: ast.AST, assignments: dict[str, list[ast.expr]], budget: list[int]) -> Iterator[Use]:
    """The setting-carrying values one node of the statement uses, each with its role."""

    def carried(expr: ast.expr) -> Setting | None:
        return _carried(expr, assignments, MAX_HOPS, frozenset(), budget) if budget[0] > 0 else None

    if isinstance(node, ast.Subscript):
        if (s := carried(node.value)) is not None:
            yield Use(_label(node.value), s, "container")
        if (s := carried(node.slice)) is not None:
            yield Use(_label(node.slice), s, "key")
    elif isinstance(node, ast.Call):
        func = _dotted(node.func)
        name = func.rsplit(".", 1)[-1]
        if (
            name == "get"
            and isinstance(node.func, ast.Attribute)
            and (s := carried(node.func.value)) is not None
            and _read_of(node) is None
        ):
            yield Use(_label(node.func.value), s, "container")
        for arg, keyword in [*((a, "") for a in node.args), *((k.value, k.arg or "") for k in node.keywords)]:
            if (s := carried(arg)) is not None:
                role = "text" if _is_text(arg, assignments, budget) else "argument"
                yield Use(_label(arg), s, role, call=name, keyword=keyword)
    elif isinstance(node, ast.BinOp) and not isinstance(node.op, ast.Mod):
        # the right side of a division is what a ``ZeroDivisionError`` is about; the left never is
        divides = isinstance(node.op, ast.Div | ast.FloorDiv)
        for operand, role in ((node.left, "operand"), (node.right, "divisor" if divides else "operand")):
            if (s := carried(operand)) is not None:
                yield Use(_label(operand), s, role)
    elif isinstance(node, ast.Attribute) and (s := carried(node.value)) is not None:
        # ``row.amount`` / ``result.get(…)`` on a value that turned out to be ``None``: ``call`` names
        # the attribute, which an ``AttributeError`` names too
        yield Use(_label(node.value), s, "attribute", call=node.attr)


def _is_text(
    expr: ast.expr, assignments: dict[str, list[ast.expr]], budget: list[int], hops: int = MAX_HOPS
) -> bool:
    """Whether ``expr`` is a string built around the setting (an f-string, ``%``, ``+`` or ``.format``)."""
    budget[0] -= 1
    if budget[0] <= 0:
        return False
    if isinstance(expr, ast.JoinedStr):
        return True
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod | ast.Add):
        left = expr.left
        return isinstance(left, ast.JoinedStr) or (
            isinstance(left, ast.Constant) and isinstance(left.value, str)
        )
    if isinstance(expr, ast.Call) and _dotted(expr.func).endswith("format"):
        return True
    if isinstance(expr, ast.Name) and hops > 0:
        return any(_is_text(v, assignments, budget, hops - 1) for v in assignments.get(expr.id, []))
    return False


def _label(expr: ast.expr) -> str:
    """A short name for a value in the statement (``rates``, ``extra["chunk_size"]``)."""
    try:
        return ast.unparse(expr)[:80]
    except (ValueError, RecursionError):
        return "?"


def _string_literals(tree: ast.Module) -> Iterator[str]:
    """The file's string literals (short ones, at most ``MAX_NODES``), for what the code spells itself."""
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 400:
            count += 1
            if count > MAX_NODES:
                return
            yield node.value
