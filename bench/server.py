"""Processes the benchmark starts: gunicorn app servers and task workers.

Each is started in its own process group and stopped by its own id, never by name.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Process:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path):
        self.name = name
        self.log = log
        self.log_file = log.open("wb")
        self.popen = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self, timeout: float = 20) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait()
        self.log_file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


class Gunicorn(Process):
    def __init__(self, name: str, env: dict[str, str], workers: int, log: Path):
        self.port = free_port()
        super().__init__(
            name,
            [
                str(VENV_BIN / "gunicorn"),
                "improvement_board.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
                "--graceful-timeout",
                "10",
            ],
            env,
            log,
        )
        self.wait_until_serving()

    def wait_until_serving(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.port}/accounts/login/"
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} stopped at start-up; see {self.log}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f}s; see {self.log}")


class TaskWorker(Process):
    def __init__(self, name: str, env: dict[str, str], log: Path):
        super().__init__(
            name,
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name",
                "*",
                "--interval",
                "0.2",
                "--no-reload",
                "--no-startup-delay",
                "--worker-id",
                name,
            ],
            env,
            log,
        )


def memory(server: Gunicorn) -> list[dict]:
    """Each of a gunicorn's workers (the master's children): resident memory now and at
    its highest (VmRSS, VmHWM in /proc/<pid>/status), in MB."""
    pid = server.popen.pid
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []  # not Linux, or the server has stopped
    workers = []
    for child in children:
        try:
            status = Path(f"/proc/{child}/status").read_text().splitlines()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status if ":" in line)
        workers.append(
            {
                "pid": int(child),
                "rss_mb": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
                "hwm_mb": round(int(fields["VmHWM"].split()[0]) / 1024, 1),
            }
        )
    return workers
