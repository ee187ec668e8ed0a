"""Where a value that failed to parse came from: the set-up, a library's own data, or the input.

A parser's message quoting a value it could not read (``could not convert string to float:
'1,234.50'``) is the input's by default (DATA, :mod:`..knowledge`'s messages). The traceback can say
otherwise: a set-up module or reader (``airflow/configuration.py``, ``_int_env``, ``os.getenv``,
``sys.argv``, a ``…Settings`` model, Hadoop's ``Configuration.getLong``) read a setting (CONFIG), or
an installed library that reads no data raised it on its own value (a version string, a pid file),
and its frame says more than the message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from airflow_pipeline_debugger.domain import LogLine
from airflow_pipeline_debugger.evidence.frames import is_library
from airflow_pipeline_debugger.heuristics.message import payload
from airflow_pipeline_debugger.heuristics.terminal import printed_statements, raised_at, text_frames

#: Modules that read the set-up (airflow.cfg, a settings or config module, pydantic-settings,
#: configparser, a library's config provider): a value that fails to parse inside them is a setting.
_SETUP_FILE_RE = re.compile(
    r"(?:^|/)(?:airflow/configuration\.py|airflow/settings\.py|pydantic_settings/.*|(?:config|conf|settings)/[^/]*|"
    r"(?:\w*_)?(?:settings|config|configuration|conf|configparser|configprovider)\.py)$"
)
#: Words of a function's name that say it reads the set-up (``_int_env``, ``getint``, ``load_config``).
_SETUP_FUNC_WORDS = frozenset(
    (
        *("env", "environ", "getenv", "conf", "config", "configuration", "settings", "cfg"),
        *("argv", "args", "opts", "options", "getint", "getfloat", "getboolean"),
    )
)
#: Innermost frames of a Python traceback whose function names are read for a set-up reader.
SETUP_FUNCS_READ = 2
#: The JVM's set-up readers in a stack trace under the error (Hadoop's ``Configuration.getLong``
#: reading ``"30s"``, Spark's ``SparkConf``, spark-submit's arguments, Hive's and Kafka's config).
_SETUP_JVM_PREFIXES = (
    "org.apache.hadoop.conf.Configuration",
    "org.apache.spark.SparkConf",
    "org.apache.spark.sql.internal.SQLConf",
    "org.apache.hadoop.mapred.JobConf",
    # Iceberg's readers of a Spark job's and a table's options (``write.target-file-size-bytes``).
    "org.apache.iceberg.spark.SparkReadConf",
    "org.apache.iceberg.spark.SparkWriteConf",
    "org.apache.iceberg.spark.SparkConfParser",
    "org.apache.iceberg.util.PropertyUtil.",
    "org.apache.spark.SparkContext.<init>",
    "org.apache.spark.internal.config.",
    "org.apache.spark.network.util.JavaUtils.byteString",
    "org.apache.spark.network.util.JavaUtils.timeString",
    "org.apache.spark.deploy.",
    "org.apache.hadoop.hive.conf.",
    "org.apache.kafka.common.config.",
    "com.typesafe.config.",
    "scopt.",
    "picocli.",
    "org.apache.commons.cli.",
)
#: A JVM class whose name says it holds the set-up (``JobConfig``, ``SubmitArguments``); not
#: ``Options`` nor a bare ``…Conf``, a name readers of data files carry too (Iceberg's Parquet
#: ``ReadConf`` opens the input's files); the set-up's own ``…Conf`` classes are listed above.
_SETUP_JVM_CLASS_RE = re.compile(r"(?:Config|Configuration|Arguments)$")
_JVM_FRAME_RE = re.compile(r"^\s*at (?:[\w.\-]{1,100}/)?(?P<frame>[\w.$<>]{1,400})\(")
#: Libraries whose code reads the input's values: a value failing to parse inside them came from it.
#: Inside any other installed package or the standard library (a version string, a pid file, a
#: library's own option), the failure is not the input's and the traceback's frame says more.
_DATA_LIBRARIES = frozenset(
    (
        *("pandas", "numpy", "pyarrow", "polars", "dask", "pyspark", "sqlalchemy", "snowflake"),
        *("psycopg2", "psycopg", "pymysql", "MySQLdb", "openpyxl", "xlrd", "fastavro", "avro"),
        *("pydantic", "pydantic_core", "marshmallow", "pandera", "csv", "decimal", "dateutil"),
    )
)
#: The standard library's readers, decoders and parsers: they read whatever their caller hands them,
#: so the frame that called them says whose bytes failed (the task's code reading its input, or a
#: library's). ``_compression`` sits between ``gzip``'s, ``bz2``'s and ``lzma``'s frames.
_PARSER_MODULES = frozenset(
    (
        *("json", "gzip", "zipfile", "zlib", "bz2", "lzma", "tarfile", "xml", "codecs", "encodings"),
        *("io", "_compression", "pathlib"),
    )
)
_INSTALLED_RE = re.compile(r"/(?:site|dist)-packages/(?P<top>[^/]+)")
#: A standard module by its path, or frozen into the interpreter (Python 3.11+ prints
#: ``File "<frozen codecs>"`` for ``codecs``, ``os``, ``importlib._bootstrap`` …).
_STANDARD_RE = re.compile(r"(?:/lib/python3\.\d+/|^<frozen )(?P<top>\w+)")
_NAME_WORDS_RE = re.compile(r"[\W_]+|(?<=[a-z0-9])(?=[A-Z])")
#: Source lines of the raising frame that read a setting (``int(conf['timeout'])``, ``os.getenv``,
#: ``sys.argv[2]``, a DAG's ``params``).
_SETUP_CODE_RE = re.compile(
    r"\b(?:conf|config|cfg|settings|environ|getenv|Variable\.get|airflow_conf|argv|params)\b\s*[\[.(]"
)
#: pydantic's header naming the model a record failed: a model named for the set-up is a setting.
_MODEL_RE = re.compile(r"\bvalidation errors? for (?P<model>\w{1,100})")
_SETUP_MODEL_RE = re.compile(r"(?:Settings|Config|Conf|Configuration|Params|Arguments|Args)$")
#: Lines above a pydantic error read for its header (one per field it lists, and its input).
MODEL_HEADER_LOOKBACK = 20
#: Lines of a JVM stack trace read under the error line for a set-up reader.
JVM_FRAMES_READ = 40


def setup_reader(lines: Sequence[LogLine], at: int) -> str:
    """Where the failing value on ``lines[at]`` was read from the set-up, else ``""``.

    A value that fails to parse is the input's unless the code reading it was loading settings:
    ``invalid literal for int() with base 10: '30.0'`` from ``conf.getint`` is a setting to fix. Read
    from a set-up module or a set-up reader's name (``_int_env``) in the Python traceback, the
    raising line's source (``int(conf['timeout'])``) or a JVM set-up reader in the stack trace under
    the error (Hadoop's ``Configuration.getLong``, ``SparkSubmitArguments``).
    """
    if python := _python_setup_frame(text_frames(lines[: at + 1])):
        return python
    if (raised := raised_at(lines, at)) and _SETUP_CODE_RE.search(raised.partition(" (")[2]):
        return raised
    # ``json.loads(Variable.get("channel_mapping"))`` in the task's own frame, with only the standard
    # library's parser under it: an installed library there (``pd.read_csv(Variable.get(path))``) was
    # reading the data the setting pointed to.
    printed = printed_statements(lines, at)
    user = next((i for i, (f, _code) in enumerate(printed) if not is_library(f[0])), None)
    if (
        user is not None
        and not any(_INSTALLED_RE.search(f[0]) for f, _code in printed[:user])
        and _SETUP_CODE_RE.search(printed[user][1])
    ):
        (file, number, _func), code = printed[user]
        return f"{'/'.join(file.split('/')[-2:])}:{number} ({code})"
    return _setup_model(lines, at) or _jvm_setup_frame(lines, at)


def _python_setup_frame(frames: list[tuple[str, str, str]]) -> str:
    """A set-up module anywhere in a Python traceback, or a set-up reader among its innermost frames."""
    for file, number, _func in reversed(frames):
        if _SETUP_FILE_RE.search(file):
            return f"{'/'.join(file.split('/')[-2:])}:{number}"
    for file, number, func in frames[-SETUP_FUNCS_READ:]:
        if _SETUP_FUNC_WORDS.intersection(w.lower() for w in _NAME_WORDS_RE.split(func)):
            return f"{'/'.join(file.split('/')[-2:])}:{number} in {func}"
    return ""


def _setup_model(lines: Sequence[LogLine], at: int) -> str:
    """The pydantic model a record failed, when its name says it holds the set-up (``JobConfig``)."""
    for above in reversed(lines[max(0, at - MODEL_HEADER_LOOKBACK) : at + 1]):
        if m := _MODEL_RE.search(above.text):
            return f"the {m.group('model')} model" if _SETUP_MODEL_RE.search(m.group("model")) else ""
    return ""


def _jvm_setup_frame(lines: Sequence[LogLine], at: int) -> str:
    """A JVM set-up reader in the stack trace under the error line, else ``""``."""
    for below in lines[at + 1 : at + 1 + JVM_FRAMES_READ]:
        if (m := _JVM_FRAME_RE.match(payload(below.text))) and _jvm_setup_reader(frame := m.group("frame")):
            return frame
    return ""


def _jvm_setup_reader(frame: str) -> bool:
    """Whether a JVM frame (``pkg.Class.method``) is a set-up reader: a known one, or a class named so."""
    if frame.startswith(_SETUP_JVM_PREFIXES):
        return True
    owner = frame.rpartition(".")[0].rpartition(".")[2].split("$", 1)[0]
    return bool(_SETUP_JVM_CLASS_RE.search(owner))


def library_reader(lines: Sequence[LogLine], at: int) -> str:
    """The installed package or standard module (not a data library) that raised ``lines[at]``, else ``""``.

    ``int('1.2.3rc1')`` in a package's version code or ``int('')`` reading a pid file failed on
    something other than the input; the traceback's frame, not the message, then says more.
    A standard decoder or parser (``json``, ``gzip``, ``xml`` …) is read past to the frame that
    called it: ``json.loads`` in a DAG reads the task's input, in a provider its own payload.
    """
    for file, _number, _func in reversed(text_frames(lines[: at + 1])):
        if not (m := _INSTALLED_RE.search(file) or _STANDARD_RE.search(file)):
            return ""
        top = m.group("top").removesuffix(".py")
        if top in _DATA_LIBRARIES:
            return ""
        if m.re is _INSTALLED_RE or top not in _PARSER_MODULES:
            return top
    return ""
