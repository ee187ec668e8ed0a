"""``make demo`` leaves nothing behind when it is stopped: no Airflow process, the port free again."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PORT = 18090
NUL = bytes(1)


def _processes_under(folder: Path) -> list[str]:
    """Processes whose environment names ``folder`` (Airflow's components run with ``AIRFLOW_HOME`` there)."""
    found = []
    needle = str(folder).encode()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if needle in (proc / "environ").read_bytes():
                command = (proc / "cmdline").read_bytes().replace(NUL, b" ").decode(errors="replace")
                found.append(f"{proc.name}: {command[:200]}")
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def _port_taken(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.timeout(600)
def test_sigterm_stops_airflow_and_frees_the_port(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "demo" / "run_demo.py"),
            "--out",
            str(out),
            "--port",
            str(PORT),
            "--dag",
            "example_airflow_failures",
            "--timeout",
            "300",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 420
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Airflow is up at" in line:
            break
    assert any("Airflow is up at" in line for line in lines), "".join(lines)[-4000:]
    port = int(lines[-1].split("Airflow is up at http://127.0.0.1:")[1].split()[0].rstrip("/.").split("/")[0])
    own = {str(proc.pid)}
    assert _port_taken(port)
    assert [p for p in _processes_under(out) if p.split(":")[0] not in own], "no Airflow process found"

    proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=120)
    assert "Stopping Airflow" in rest, rest[-4000:]
    assert proc.returncode == 128 + signal.SIGTERM
    stopped = time.monotonic() + 30
    while (_processes_under(out) or _port_taken(port)) and time.monotonic() < stopped:
        time.sleep(0.5)
    assert _processes_under(out) == []
    assert not _port_taken(port)
