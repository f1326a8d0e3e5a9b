"""The scale database: where it is, and making it afresh.

PostgreSQL when ``DATABASE_URL`` points at PostgreSQL (the benchmark then uses a database
of its own beside it, ``<name>_scale``, and never touches the one named), else an SQLite
file under bench/results/. ``BENCH_DATABASE_URL`` names the scale database outright.
"""

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

from .server import ROOT

RESULTS = ROOT / "bench" / "results"
SQLITE_PATH = RESULTS / "scale.sqlite3"


def scale_database_url() -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "")
    if base.startswith(("postgres://", "postgresql://")):
        parts = urllib.parse.urlsplit(base)
        name = parts.path.lstrip("/") or "improvement_board"
        return urllib.parse.urlunsplit(parts._replace(path=f"/{name}_scale"))
    return f"sqlite:///{SQLITE_PATH}"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def recreate(url: str) -> None:
    """Drop the scale database if it exists and create it empty."""
    if is_postgres(url):
        import psycopg
        from psycopg import sql

        parts = urllib.parse.urlsplit(url)
        name = parts.path.lstrip("/")
        admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as connection:
            quoted = sql.Identifier(name)
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(quoted))
            connection.execute(sql.SQL("CREATE DATABASE {}").format(quoted))
    else:
        path = Path(urllib.parse.urlsplit(url).path)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def manage(env: dict[str, str], *args: str, quiet: bool = False) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


# What ``generate_scale_data`` makes by default, per plan: 20 plans of 250 actions on
# average (100 to 400), 5,000 updates and 500 evidence records for each.
PER_PLAN = {"actions": 250, "updates": 5000, "evidence": 500}


def build(env: dict[str, str], *, seed: int, plans: int = 20) -> None:
    """A fresh scale database: schema, the synthetic plans, the demo plan.

    Fewer ``plans`` make a smaller database whose plans are the same sizes, so the pages
    of its largest and smallest plan cost what they do in the full one."""
    recreate(env["DATABASE_URL"])
    manage(env, "migrate", "--verbosity", "0")
    sizes = [f"--{name}={plans * n}" for name, n in PER_PLAN.items()]
    manage(env, "generate_scale_data", "--seed", str(seed), f"--plans={plans}", *sizes)
    # The demo plan is loaded too: its Board report is the one whose PDF build is timed.
    manage(env, "load_demo", "--beside-other-accounts", quiet=True)
