"""A real Airflow 3 deployment for end-to-end tests: scheduler, dag-processor, api-server, LocalExecutor.

Each :class:`AirflowCluster` lives in its own ``AIRFLOW_HOME`` with its own dags folder, ports and
metadata DB — SQLite in the home, or a scratch PostgreSQL database created on 127.0.0.1:5432 and
dropped afterwards — so several clusters (and several helpers' test runs) can coexist on one machine.
Every process is started in its own session and stopped by its process-group id, so teardown never
touches anything it did not start.

Typical use, one cluster per module::

    @pytest.fixture(scope="module")
    def cluster(tmp_path_factory):
        with AirflowCluster(
            home=tmp_path_factory.mktemp("airflow"),
            dags_folder=Path(__file__).parent / "dags",
            backend="postgres",
            port_range=(18600, 18699),
            extra_env={"AIRFLOW__PIPELINE_DEBUGGER__SWEEP_INTERVAL_SECONDS": "5"},
        ) as c:
            yield c

    def test_something(cluster):
        run_id = cluster.trigger("my_dag", conf={"x": 1})
        run = cluster.wait_for_run("my_dag", run_id)
        assert run["state"] == "failed"
        tis = cluster.task_instances("my_dag", run_id)
        rows = cluster.sql("select count(*) from pipeline_debugger_investigation")

What it sets up and why:
- ``airflow db migrate`` before anything starts (core tables and every provider's ``db-managers``).
- SimpleAuthManager with fixed users (``admin``/``admin``, ``viewer``/``viewer``…) and a fixed JWT
  secret, so tokens stay valid across api-server restarts; :meth:`token` logs in through
  ``POST /auth/token`` and :attr:`api` is an authenticated ``httpx.Client``.
- The Execution API URL, the log-server port and the api-server port all come from the port range,
  so workers of this cluster never talk to another cluster.
- Components can be stopped, killed and restarted individually (fault injection); extra processes
  (a separate runner, say) can be started with the same environment via :meth:`start_process`.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import httpx

Backend = Literal["sqlite", "postgres"]

VENV_BIN = Path(sys.executable).parent
AIRFLOW = str(VENV_BIN / "airflow")
PG_ADMIN_URL = os.environ.get(
    "PIPELINE_DEBUGGER_TEST_PG", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)
DEFAULT_COMPONENTS = ("scheduler", "dag-processor", "api-server")
FINISHED_RUN_STATES = frozenset({"success", "failed"})
DEFAULT_USERS = {"admin": "admin", "viewer": "viewer", "user": "user", "op": "op"}


class ClusterError(RuntimeError):
    """The cluster did not reach the expected state; the message carries the tail of component logs."""


#: Lock files that reserve a port across processes (two test sessions probing the same range at
#: once would otherwise both see the same port free and both hand it out).
PORT_LOCKS = Path(os.environ.get("TMPDIR", "/tmp")) / "apd-e2e-ports"


def reserve_port(port_range: tuple[int, int], taken: set[int] | None = None) -> tuple[int, int]:
    """The first port in ``[lo, hi]`` nobody listens on or has reserved, and the fd that reserves it.

    The reservation is an exclusive ``flock`` on ``PORT_LOCKS/<port>.lock``, held until the fd is
    closed (or the process exits), so parallel test sessions never share a port between probing it
    and their server binding it.
    """
    lo, hi = port_range
    taken = taken or set()
    PORT_LOCKS.mkdir(parents=True, exist_ok=True)
    for port in range(lo, hi + 1):
        if port in taken:
            continue
        fd = os.open(PORT_LOCKS / f"{port}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                os.close(fd)
                continue
        return port, fd
    raise ClusterError(f"no free port in {lo}-{hi}")


def postgres_available() -> bool:
    """Whether the development PostgreSQL server answers (tests skip the postgres backend if not)."""
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _pg_admin(sql: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(sql))
    finally:
        engine.dispose()


@dataclass
class Component:
    """One started process (an Airflow component or any command run with the cluster's env)."""

    name: str
    argv: list[str]
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0

    @property
    def pid(self) -> int | None:
        """Pid of the process-group leader, or ``None`` when not running."""
        return self.process.pid if self.process and self.process.poll() is None else None

    def running(self) -> bool:
        """Whether the process is alive."""
        return self.process is not None and self.process.poll() is None


@dataclass
class AirflowCluster:
    """A real Airflow deployment in a temporary home; a context manager that always tears down.

    :param home: ``AIRFLOW_HOME`` (created if missing); logs go to ``home/logs`` and
        ``home/component-logs``.
    :param dags_folder: the DAG files to serve.
    :param backend: ``sqlite`` (file in ``home``) or ``postgres`` (scratch database, dropped on exit).
    :param port_range: where to find free ports for the api-server and the log server.
    :param extra_env: extra ``AIRFLOW__…`` or other variables for every process.
    :param components: which Airflow components :meth:`start` launches.
    :param parallelism: LocalExecutor parallelism (each slot is a worker process).
    :param pg_prefix: name prefix of the scratch PostgreSQL database (one per test area).
    :param users: SimpleAuthManager users → passwords; roles are the user names when they are a
        SimpleAuthManager role (``admin``, ``viewer``, ``user``, ``op``), else ``viewer``.
    """

    home: Path
    dags_folder: Path
    backend: Backend = "sqlite"
    port_range: tuple[int, int] = (18600, 18699)
    extra_env: Mapping[str, str] = field(default_factory=dict)
    components: Sequence[str] = DEFAULT_COMPONENTS
    parallelism: int = 4
    users: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_USERS))
    start_timeout: float = 180.0
    pg_prefix: str = "apd_e2e"

    def __post_init__(self) -> None:
        """Allocate ports, the database and the environment; nothing is started yet."""
        self.home = Path(self.home).resolve()
        self.home.mkdir(parents=True, exist_ok=True)
        self.dags_folder = Path(self.dags_folder).resolve()
        self.component_logs = self.home / "component-logs"
        self.component_logs.mkdir(exist_ok=True)
        self.task_logs = self.home / "logs"
        taken: set[int] = set()
        self._port_locks: list[int] = []
        self.api_port = self._reserve(taken)
        self.log_server_port = self._reserve(taken)
        self.trigger_log_server_port = self._reserve(taken)
        self.base_url = f"http://127.0.0.1:{self.api_port}"
        self.pg_database: str | None = None
        if self.backend == "postgres":
            self.pg_database = f"{self.pg_prefix}_{uuid.uuid4().hex[:10]}"
            self.db_url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.pg_database
        else:
            self.db_url = f"sqlite:///{self.home / 'airflow.db'}"
        self._procs: dict[str, Component] = {}
        self._tokens: dict[str, str] = {}
        self._api: httpx.Client | None = None
        self._engine: Any = None
        self.env = self._environment()

    def _reserve(self, taken: set[int]) -> int:
        """A port of the range reserved for this cluster until :meth:`close`."""
        port, fd = reserve_port(self.port_range, taken)
        taken.add(port)
        self._port_locks.append(fd)
        return port

    # ------------------------------------------------------------------ configuration

    def _environment(self) -> dict[str, str]:
        passwords = self.home / "passwords.json"
        passwords.write_text(json.dumps(dict(self.users)))
        roles = {"admin", "viewer", "user", "op"}
        users = ",".join(f"{u}:{u if u in roles else 'viewer'}" for u in self.users)
        keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "JAVA_HOME", "TMPDIR", "PYTHONPATH")
        env = {k: os.environ[k] for k in keep if k in os.environ}
        env.update(
            {
                "AIRFLOW_HOME": str(self.home),
                "AIRFLOW__CORE__DAGS_FOLDER": str(self.dags_folder),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
                "AIRFLOW__CORE__PARALLELISM": str(self.parallelism),
                "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{self.base_url}/execution/",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": users,
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
                "AIRFLOW__CORE__FERNET_KEY": "",
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": self.db_url,
                "AIRFLOW__API__HOST": "127.0.0.1",
                "AIRFLOW__API__PORT": str(self.api_port),
                "AIRFLOW__API__BASE_URL": self.base_url,
                "AIRFLOW__API__WORKERS": "1",
                "AIRFLOW__API__SECRET_KEY": secrets.token_hex(16),
                "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
                "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(self.task_logs),
                "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(self.log_server_port),
                "AIRFLOW__LOGGING__TRIGGER_LOG_SERVER_PORT": str(self.trigger_log_server_port),
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
                "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "30",
                "AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES": "1",
                "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> AirflowCluster:
        """Migrate and start every component; tear down if start-up fails."""
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Stop everything and drop the scratch database."""
        self.close()

    def start(self) -> None:
        """Create the database, migrate it, start the components and wait until they are healthy."""
        if self.backend == "postgres":
            _pg_admin(f'CREATE DATABASE "{self.pg_database}"')
        self.airflow("db", "migrate", timeout=300)
        for name in self.components:
            self.start_component(name)
        self.wait_healthy()

    def close(self) -> None:
        """Stop every process this cluster started (by process group), then drop a scratch database."""
        if self._api is not None:
            self._api.close()
            self._api = None
        for name in list(self._procs):
            with contextlib.suppress(Exception):
                self.stop_component(name)
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self.pg_database:
            with contextlib.suppress(Exception):
                _pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_database}" WITH (FORCE)')
            self.pg_database = None
        for fd in self._port_locks:
            with contextlib.suppress(OSError):
                os.close(fd)
        self._port_locks.clear()

    def airflow(
        self, *args: str, timeout: float = 120, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        """Run one ``airflow`` CLI command with the cluster's environment."""
        proc = subprocess.run(
            [AIRFLOW, *args],
            env=self.env,
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and proc.returncode != 0:
            raise ClusterError(f"airflow {' '.join(args)} exited {proc.returncode}:\n{proc.stderr[-4000:]}")
        return proc

    def start_process(
        self, name: str, argv: Sequence[str], *, env: Mapping[str, str] | None = None
    ) -> Component:
        """Start any command in its own session with the cluster's environment; output to a log file."""
        comp = self._procs.get(name)
        if comp is not None and comp.running():
            raise ClusterError(f"{name} is already running (pid {comp.pid})")
        log_path = self.component_logs / f"{name}.log"
        if comp is None:
            comp = Component(name=name, argv=list(argv), log_path=log_path)
            self._procs[name] = comp
        else:
            comp.argv = list(argv)
            comp.restarts += 1
        with log_path.open("ab") as out:
            out.write(f"\n===== start {name} {time.strftime('%H:%M:%S')} =====\n".encode())
            out.flush()
            comp.process = subprocess.Popen(
                comp.argv,
                env={**self.env, **(env or {})},
                cwd=self.home,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        return comp

    def start_component(self, name: str) -> Component:
        """Start ``airflow <name>`` (``scheduler``, ``dag-processor``, ``api-server``, ``triggerer``)."""
        return self.start_process(name, [AIRFLOW, name])

    def component(self, name: str) -> Component:
        """A started component by name."""
        return self._procs[name]

    def stop_component(self, name: str, *, sig: int = signal.SIGTERM, grace: float = 20.0) -> None:
        """Signal the component's whole process group; SIGKILL whatever is left after ``grace``."""
        comp = self._procs.get(name)
        if comp is None or comp.process is None:
            return
        proc = comp.process
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=grace)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # children of a leader that already exited
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        if name == "api-server":
            self._reset_api()

    def kill_component(self, name: str) -> None:
        """SIGKILL the component's process group at once (node loss, OOM kill)."""
        self.stop_component(name, sig=signal.SIGKILL, grace=5)

    def restart_component(self, name: str) -> None:
        """Stop then start a component (and wait for the api-server when that is the one)."""
        self.stop_component(name)
        self.start_component(name)
        if name == "api-server":
            self.wait_healthy()

    # ------------------------------------------------------------------ health and API

    def logs_tail(self, chars: int = 3000) -> str:
        """The end of every component log, for failure messages."""
        parts = []
        for comp in self._procs.values():
            with contextlib.suppress(OSError):
                text = comp.log_path.read_text(errors="replace")
                parts.append(f"--- {comp.name} ---\n{text[-chars:]}")
        return "\n".join(parts)

    def _check_alive(self) -> None:
        for comp in self._procs.values():
            if comp.name in self.components and comp.process is not None and comp.process.poll() is not None:
                raise ClusterError(f"{comp.name} exited with {comp.process.returncode}\n{self.logs_tail()}")

    def health(self) -> dict[str, Any] | None:
        """``GET /api/v2/monitor/health`` or ``None`` while the api-server does not answer."""
        try:
            resp = httpx.get(f"{self.base_url}/api/v2/monitor/health", timeout=5)
        except httpx.HTTPError:
            return None
        return resp.json() if resp.status_code == 200 else None

    def wait_healthy(self, timeout: float | None = None) -> dict[str, Any]:
        """Wait until the DB, the scheduler and (if started) the dag-processor report healthy."""
        wanted = ["metadatabase"]
        if "scheduler" in self.components:
            wanted.append("scheduler")
        if "dag-processor" in self.components:
            wanted.append("dag_processor")
        health: dict[str, Any] | None = None

        def ok() -> bool:
            nonlocal health
            self._check_alive()
            health = self.health()
            return bool(health) and all((health.get(k) or {}).get("status") == "healthy" for k in wanted)

        self.wait_for(ok, timeout or self.start_timeout, f"components healthy ({', '.join(wanted)})")
        assert health is not None
        return health

    def wait_for(self, predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.5) -> Any:
        """Poll ``predicate`` until it returns something truthy; :class:`ClusterError` on timeout."""
        deadline = time.monotonic() + timeout
        last_exc: Exception | None = None
        while time.monotonic() < deadline:
            try:
                value = predicate()
            except ClusterError:
                raise
            except Exception as exc:  # the api-server may be restarting; keep polling
                last_exc = exc
                value = None
            if value:
                return value
            time.sleep(interval)
        raise ClusterError(
            f"timed out after {timeout:.0f}s waiting for {what} (last error: {last_exc!r})\n"
            f"{self.logs_tail()}"
        )

    def token(self, username: str = "admin") -> str:
        """A JWT for ``username`` from ``POST /auth/token`` (cached per user)."""
        if username not in self._tokens:
            resp = httpx.post(
                f"{self.base_url}/auth/token",
                json={"username": username, "password": self.users[username]},
                timeout=30,
            )
            if resp.status_code not in (200, 201):
                raise ClusterError(f"login as {username} failed: {resp.status_code} {resp.text[:300]}")
            self._tokens[username] = resp.json()["access_token"]
        return self._tokens[username]

    def client(self, username: str = "admin") -> httpx.Client:
        """A new authenticated client for ``username`` (close it, or use it as a context manager)."""
        return httpx.Client(
            base_url=self.base_url, headers={"Authorization": f"Bearer {self.token(username)}"}, timeout=30
        )

    @property
    def api(self) -> httpx.Client:
        """The admin's authenticated client (shared; reset when the api-server restarts)."""
        if self._api is None:
            self._api = self.client("admin")
        return self._api

    def _reset_api(self) -> None:
        if self._api is not None:
            self._api.close()
            self._api = None

    def _json(self, resp: httpx.Response) -> Any:
        if resp.status_code >= 400:
            raise ClusterError(
                f"{resp.request.method} {resp.request.url} -> {resp.status_code}: {resp.text[:500]}"
            )
        return resp.json()

    # ------------------------------------------------------------------ DAGs and runs

    def wait_for_dag(self, dag_id: str, timeout: float = 120) -> dict[str, Any]:
        """Wait until the dag-processor has parsed ``dag_id``; fail fast on an import error."""

        def parsed() -> dict[str, Any] | None:
            self._check_alive()
            resp = self.api.get(f"/api/v2/dags/{dag_id}")
            if resp.status_code == 200:
                return dict(resp.json())
            errors = self._json(self.api.get("/api/v2/importErrors")).get("import_errors", [])
            if errors:
                raise ClusterError(f"import errors: {json.dumps(errors)[:3000]}")
            return None

        return dict(self.wait_for(parsed, timeout, f"DAG {dag_id} parsed"))

    def trigger(
        self, dag_id: str, *, conf: Mapping[str, Any] | None = None, run_id: str | None = None
    ) -> str:
        """Unpause and trigger ``dag_id`` through the REST API; returns the run id."""
        self.wait_for_dag(dag_id)
        self._json(self.api.patch(f"/api/v2/dags/{dag_id}", json={"is_paused": False}))
        body: dict[str, Any] = {"logical_date": None, "conf": dict(conf or {})}
        if run_id:
            body["dag_run_id"] = run_id
        return str(self._json(self.api.post(f"/api/v2/dags/{dag_id}/dagRuns", json=body))["dag_run_id"])

    def run(self, dag_id: str, run_id: str) -> dict[str, Any]:
        """One DAG run from the REST API."""
        return dict(self._json(self.api.get(f"/api/v2/dags/{dag_id}/dagRuns/{run_id}")))

    def wait_for_run(
        self, dag_id: str, run_id: str, timeout: float = 240, states: frozenset[str] = FINISHED_RUN_STATES
    ) -> dict[str, Any]:
        """Wait until the run reaches one of ``states`` (finished by default)."""

        def done() -> dict[str, Any] | None:
            self._check_alive()
            run = self.run(dag_id, run_id)
            return run if run["state"] in states else None

        return dict(self.wait_for(done, timeout, f"run {dag_id}/{run_id} in {sorted(states)}", interval=1))

    def task_instances(self, dag_id: str, run_id: str) -> list[dict[str, Any]]:
        """Every task instance of a run (mapped ones included) from the REST API."""
        body = self._json(
            self.api.get(f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances", params={"limit": 1000})
        )
        return list(body["task_instances"])

    def task_instance(self, dag_id: str, run_id: str, task_id: str, map_index: int = -1) -> dict[str, Any]:
        """One task instance by key."""
        for ti in self.task_instances(dag_id, run_id):
            if ti["task_id"] == task_id and ti.get("map_index", -1) == map_index:
                return ti
        raise ClusterError(f"no task instance {dag_id}/{run_id}/{task_id}[{map_index}]")

    def wait_for_task_state(
        self, dag_id: str, run_id: str, task_id: str, states: set[str], timeout: float = 120
    ) -> dict[str, Any]:
        """Wait until a task instance reaches one of ``states``."""

        def reached() -> dict[str, Any] | None:
            self._check_alive()
            ti = self.task_instance(dag_id, run_id, task_id)
            return ti if ti.get("state") in states else None

        return dict(self.wait_for(reached, timeout, f"{dag_id}/{run_id}/{task_id} in {sorted(states)}"))

    def set_task_state(self, dag_id: str, run_id: str, task_id: str, state: str) -> Any:
        """Mark a task instance ``state`` through the REST API, as a user in the UI would."""
        return self._json(
            self.api.patch(
                f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}", json={"new_state": state}
            )
        )

    # ------------------------------------------------------------------ direct DB access (test side)

    @property
    def engine(self) -> Any:
        """A SQLAlchemy engine on the metadata DB for assertions (tests run server-side, not in workers)."""
        if self._engine is None:
            import sqlalchemy as sa

            self._engine = sa.create_engine(self.db_url, pool_pre_ping=True)
        return self._engine

    def sql(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run one statement on the metadata DB and return rows as dicts (committed)."""
        import sqlalchemy as sa

        with self.engine.begin() as conn:
            result = conn.execute(sa.text(query), params)
            return [dict(r._mapping) for r in result] if result.returns_rows else []

    @contextlib.contextmanager
    def database_blocked(self, seconds: float) -> Iterator[None]:
        """PostgreSQL only: refuse new connections and drop existing ones for at least ``seconds``.

        The body of the ``with`` runs while the database is unreachable.

        ``ALLOW_CONNECTIONS false`` plus ``pg_terminate_backend`` is what a failover or a network
        partition looks like to Airflow: every pooled connection breaks and reconnects fail.
        """
        if self.backend != "postgres":
            raise ClusterError("database_blocked needs the postgres backend")
        if self._engine is not None:
            self._engine.dispose()
        db = self.pg_database
        started = time.monotonic()
        _pg_admin(f'ALTER DATABASE "{db}" ALLOW_CONNECTIONS false')
        try:
            _pg_admin(
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{db}' "
                "AND pid <> pg_backend_pid()"
            )
            yield
            time.sleep(max(0.0, seconds - (time.monotonic() - started)))
        finally:
            _pg_admin(f'ALTER DATABASE "{db}" ALLOW_CONNECTIONS true')
