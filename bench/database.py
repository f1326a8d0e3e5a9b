"""The scale database: where it is, making it afresh, and knowing when it is complete.

PostgreSQL when ``DATABASE_URL`` points at PostgreSQL (the benchmark then uses a database
of its own beside it, ``<name>_scale`` for the regional dataset and
``<name>_scale_national`` for the national one, and never touches the one named), else
an SQLite file under bench/results/. ``BENCH_DATABASE_URL`` names the scale database
outright. A dataset built to the end is marked by a row in a table of the benchmark's
own (``bench_dataset``, outside Django's models), naming what was built; a later run
asking for the same dataset finds it there and reuses it.
"""

import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

from .server import ROOT

RESULTS = ROOT / "bench" / "results"
SQLITE_PATH = RESULTS / "scale.sqlite3"


def scale_database_url(scale: str = "regional") -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "")
    suffix = "_scale" if scale == "regional" else f"_scale_{scale}"
    if base.startswith(("postgres://", "postgresql://")):
        parts = urllib.parse.urlsplit(base)
        name = parts.path.lstrip("/") or "improvement_board"
        return urllib.parse.urlunsplit(parts._replace(path=f"/{name}{suffix}"))
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


# The datasets, per plan: regional is 20 plans of 250 actions on average (100 to 400),
# 5,000 updates and 500 evidence records each; national is 150 councils' plans of 100 to
# 400 actions, about 50,000 actions with three years of monthly updates (30 each).
SCALES = {
    "regional": {"plans": 20, "actions": 250, "updates": 5000, "evidence": 500},
    "national": {
        "plans": 150,
        "actions": 330,
        "updates": 10_000,
        "evidence": 660,
        "sizes": "100-400",
        "months": "34-36",
    },
}
# Raise when the generator changes what it makes: a marked dataset is then built again.
GENERATOR_VERSION = 2


def dataset(scale: str, *, seed: int, plans: int | None = None) -> dict:
    """What ``generate_scale_data`` is asked to make: ``plans`` (default the scale's)
    with the scale's actions, updates and evidence per plan."""
    shape = SCALES[scale]
    n = plans or shape["plans"]
    return {
        "scale": scale,
        "seed": seed,
        "plans": n,
        **{name: n * shape[name] for name in ("actions", "updates", "evidence")},
        **{name: shape[name] for name in ("sizes", "months") if name in shape},
        "generator": GENERATOR_VERSION,
    }


def build(env: dict[str, str], wanted: dict) -> None:
    """A fresh scale database: schema, the synthetic plans, the demo plan, the mark.

    Fewer plans make a smaller database whose plans are the same sizes, so the pages of
    its largest and smallest plan cost what they do in the full one."""
    url = env["DATABASE_URL"]
    recreate(url)
    manage(env, "migrate", "--verbosity", "0")
    options = [f"--{name}={wanted[name]}" for name in wanted if name not in ("scale", "generator")]
    manage(env, "generate_scale_data", *options)
    # The demo plan is loaded too: its Board report is the one whose PDF build is timed.
    manage(env, "load_demo", "--beside-other-accounts", quiet=True)
    _mark(url, wanted)


def static_is_current() -> bool:
    """Whether ``collectstatic``'s manifest is newer than every static source file of the
    project (it takes a minute or two on this machine, so a run skips it when it can)."""
    manifest = Path(os.environ.get("STATIC_ROOT", ROOT / "staticfiles")) / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    sources = [ROOT / "static", *ROOT.glob("*/static")]
    return all(
        path.stat().st_mtime < built
        for folder in sources
        for path in folder.rglob("*")
        if path.is_file()
    )


def _connect(url: str):
    if is_postgres(url):
        import psycopg

        return psycopg.connect(url, autocommit=True)
    import sqlite3

    return sqlite3.connect(urllib.parse.urlsplit(url).path, isolation_level=None)


def _mark(url: str, wanted: dict) -> None:
    with _connect(url) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS bench_dataset (description text)")
        connection.execute("DELETE FROM bench_dataset")
        placeholder = "%s" if is_postgres(url) else "?"
        connection.execute(
            f"INSERT INTO bench_dataset (description) VALUES ({placeholder})",
            (json.dumps(wanted, sort_keys=True),),
        )


def is_complete(url: str, wanted: dict) -> bool:
    """Whether the scale database holds this dataset, built to the end."""
    if not is_postgres(url) and not Path(urllib.parse.urlsplit(url).path).exists():
        return False
    try:
        with _connect(url) as connection:
            rows = connection.execute("SELECT description FROM bench_dataset").fetchall()
    except Exception:  # no such database or no mark: not built, or not to the end
        return False
    return [row[0] for row in rows] == [json.dumps(wanted, sort_keys=True)]
