"""The provider as users install it: from the built wheel, not the editable checkout.

The wheel is built from a copy of the source tree (so the build leaves nothing in the repo) and
installed with ``--no-deps`` into a fresh virtualenv. Airflow and the other dependencies come from
the development virtualenv through a ``.pth`` line pointing at a directory of symlinks to its
site-packages *minus* the editable install of this package: the wheel's files and metadata are then
the only ``airflow_pipeline_debugger`` on ``sys.path`` (Airflow does not de-duplicate distributions
found twice, so sharing site-packages as is would register the provider and plugin twice).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.databases import airflow_env

from airflow_pipeline_debugger.store.db_manager import head_revision
from airflow_pipeline_debugger.store.models import VERSION_TABLE, load_all_models

pytestmark = pytest.mark.timeout(600)

REPO = Path(__file__).resolve().parents[3]
PACKAGE = "airflow_pipeline_debugger"
DIST = "airflow-pipeline-debugger"
SOURCE_FILES = ("setup.cfg", "pyproject.toml", "README.md")
#: What the wheel must carry besides the modules: data files found by path at run time.
DATA_FILES = (
    f"{PACKAGE}/py.typed",
    f"{PACKAGE}/store/alembic.ini",
    f"{PACKAGE}/store/migrations/env.py",
    f"{PACKAGE}/store/migrations/script.py.mako",
    f"{PACKAGE}/store/migrations/versions/0001_initial.py",
    f"{PACKAGE}/engine/default_topology.toml",
)


def run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    proc = subprocess.run(
        [str(a) for a in args], env=env, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, (
        f"{' '.join(map(str, args))} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
    )
    return proc.stdout


def json_output(stdout: str) -> list[dict[str, object]]:
    """The JSON document of ``airflow ... -o json`` (log lines may precede it)."""
    start = stdout.index("[")
    return list(json.loads(stdout[start:]))


@dataclass
class Installed:
    wheel: Path
    python: Path
    bin: Path
    env: dict[str, str]
    site_packages: Path
    home: Path

    def run(self, *args: str | Path) -> str:
        """Run in the wheel's environment, from a directory without the checkout (``python -m``/``-c``
        put the working directory first on ``sys.path``)."""
        return run(*args, env=self.env, cwd=self.home)

    def airflow(self, *args: str) -> str:
        return self.run(self.python, "-m", "airflow", *args)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    shutil.copytree(REPO / PACKAGE, src / PACKAGE, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in SOURCE_FILES:
        if (REPO / name).exists():
            shutil.copy2(REPO / name, src / name)
        else:
            (src / name).write_text("")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", src)
    (wheel,) = (work / "dist").glob("airflow_pipeline_debugger-*.whl")

    dev_site = Path(sysconfig.get_paths()["purelib"])
    shared = work / "shared-site-packages"
    shared.mkdir()
    for entry in dev_site.iterdir():
        if entry.name.startswith((PACKAGE, f"__editable__.{PACKAGE}", f"__editable___{PACKAGE}")):
            continue
        (shared / entry.name).symlink_to(entry)

    venv = work / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site_packages = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip()
    )
    (site_packages / "_dev_dependencies.pth").write_text(f"{shared}\n")
    run(python, "-m", "pip", "install", "--no-deps", "-q", wheel)

    home = work / "home"
    (home / "dags").mkdir(parents=True)
    env = airflow_env(home, f"sqlite:///{home / 'airflow.db'}")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env['PATH']}"
    yield Installed(wheel, python, venv / "bin", env, site_packages, home)


def test_wheel_carries_the_data_files(installed: Installed) -> None:
    import zipfile

    names = set(zipfile.ZipFile(installed.wheel).namelist())
    missing = [name for name in DATA_FILES if name not in names]
    assert not missing
    assert any(n.startswith(f"{PACKAGE}/ui/") for n in names), "the UI's static files are not packaged"
    assert not any("__pycache__" in n or n.startswith("tests/") for n in names)


def test_the_package_is_imported_from_the_wheel(installed: Installed) -> None:
    out = installed.run(
        installed.python,
        "-c",
        "import importlib.metadata as m, json, airflow_pipeline_debugger as p;"
        f"d = m.distribution('{DIST}');"
        "print(json.dumps([p.__file__, str(d.locate_file('')), d.read_text('direct_url.json'),"
        f" len([x for x in m.distributions() if x.metadata['Name'] == '{DIST}'])]))",
    )
    module_file, dist_root, direct_url, copies = json.loads(out)
    assert Path(module_file).is_relative_to(installed.site_packages)
    assert Path(dist_root) == installed.site_packages
    assert direct_url is None or '"editable": true' not in direct_url
    assert copies == 1


def test_airflow_providers_list_shows_the_provider(installed: Installed) -> None:
    providers = json_output(installed.airflow("providers", "list", "-o", "json"))
    assert DIST in [p["package_name"] for p in providers]


def test_airflow_plugins_lists_the_plugin(installed: Installed) -> None:
    plugins = json_output(installed.airflow("plugins", "-o", "json"))
    ours = [p for p in plugins if p["name"] == "pipeline_debugger"]
    assert len(ours) == 1
    assert str(ours[0]["source"]).startswith(f"{DIST}==")
    assert ours[0]["listeners"], "the plugin lost its listeners"
    assert "Investigation" in [view["name"] for view in ours[0]["external_views"]]  # type: ignore[union-attr]


def test_airflow_db_migrate_from_the_wheel_creates_our_tables(installed: Installed) -> None:
    import sqlite3

    installed.airflow("db", "migrate")
    db = Path(installed.env["AIRFLOW_HOME"]) / "airflow.db"
    with sqlite3.connect(db) as conn:
        names = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        (version,) = conn.execute(f"select version_num from {VERSION_TABLE}").fetchone()
    assert set(load_all_models().tables) | {VERSION_TABLE} <= names
    assert version == head_revision()  # stamped from the migration scripts inside the wheel


def test_console_script_is_installed(installed: Installed) -> None:
    out = installed.run(installed.bin / "airflow-pipeline-debugger", "--help")
    assert "analyze" in out
