"""``python -m bench``: build the scale database, serve it with gunicorn, measure.

See README.md, "Performance". Steps, each printed as it starts:
1. a fresh scale database (unless ``--reuse``): schema, synthetic data, the demo plan;
2. query counts per page, in-process, on the largest and the smallest plan;
3. latency over HTTP against gunicorn, a signed-in session per user, the baseline
   measured in the same rounds;
   then each kept page's first view after an owner's update to an action, in rounds of
   their own (an update, then the page);
4. the demo Board report's PDF build against WeasyPrint alone;
5. on PostgreSQL, the scale-out check (two app servers, two task workers);
then the table, and the results as JSON in bench/results/latest.json.
"""

import argparse
import datetime
import json
import os
import platform
import secrets
import sys
import time
from pathlib import Path

from . import database
from .scale_out_options import ScaleOutOptions
from .server import ROOT, Gunicorn, memory


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--scale",
        choices=sorted(database.SCALES),
        default="regional",
        help="regional: 20 plans, 5,000 actions, 100,000 updates; national (PostgreSQL "
        "only): 150 plans, about 50,000 actions, 1.5 million updates",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="use the scale database as it is, however built"
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="build the scale database afresh even if it holds the dataset asked for "
        "(by default a complete one, marked when its build finished, is reused)",
    )
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured requests per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument(
        "--plans",
        type=int,
        default=None,
        help="plans in a new scale database (default 20, national 150); its actions, updates "
        "and evidence in proportion, so plans keep their sizes (100 to 400 actions) and 5 "
        "is a quarter of the regional data",
    )
    parser.add_argument(
        "--pages",
        type=lambda value: [key.strip() for key in value.split(",") if key.strip()],
        default=None,
        metavar="KEY,...",
        help="time only these pages (keys as in bench/pages.py, e.g. api_actions), beside "
        "the baseline; the other list pages' query counts are then not taken",
    )
    parser.add_argument(
        "--pdf-runs",
        type=int,
        default=None,
        help="timed PDF builds (default 3; national 1: the largest plan's paper takes a "
        "minute to build, and as long again for WeasyPrint alone)",
    )
    parser.add_argument(
        "--pdf-report",
        choices=["demo", "largest"],
        default=None,
        help="whose Board paper's PDF build is timed: the demo's (regional default) or the "
        "largest plan's, with its appendix (national default)",
    )
    parser.add_argument("--skip-latency", action="store_true", help="for working on the bench")
    parser.add_argument("--skip-pdf", action="store_true", help="for working on the bench")
    parser.add_argument(
        "--skip-after-update",
        action="store_true",
        help="do not time (nor count the queries of) the kept pages' first view after an "
        "owner's update; for working on the bench. Those updates are recorded through the "
        "app in the scale database, the bench's own, and stay there",
    )
    parser.add_argument("--skip-scale-out", action="store_true")
    ScaleOutOptions.add_arguments(parser)
    parser.add_argument(
        "--json", type=Path, default=database.RESULTS / "latest.json", help="results file"
    )
    return parser.parse_args(argv)


def service_env(database_url: str) -> dict[str, str]:
    """Production settings, served over plain HTTP on this machine only."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        BENCHMARK="1",
        # The bench signs its plan manager in with a password over HTTP; two-step
        # verification, which managers need in production, would stop it at the code.
        MFA_REQUIRED_FOR_MANAGERS="false",
        MEDIA_ROOT=str(database.RESULTS / "media"),
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="improvement_board.settings",
        PYTHONPATH=str(ROOT),
    )
    return env


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory_gib = round(pages / 2**30)
    except (ValueError, OSError):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": memory_gib,
        "python": platform.python_version(),
        "os": platform.platform(),
        "load_average_at_start": os.getloadavg(),
    }


STARTED = time.monotonic()
# The issue's figures for a 2-core machine: multiples of the baseline's median.
MEDIAN_TARGET = 4
P95_TARGET = 6
PDF_TARGET = 1.15


def step(message: str) -> None:
    print(f"\n== [{time.monotonic() - STARTED:4.0f}s] {message}", flush=True)


def main(argv=None) -> None:
    args = parse_args(argv)
    started = time.monotonic()
    url = database.scale_database_url(args.scale)
    env = service_env(url)
    engine = "PostgreSQL" if database.is_postgres(url) else "SQLite"
    if args.scale == "national" and engine != "PostgreSQL":
        raise SystemExit(
            "The national dataset (1.5 million updates) needs PostgreSQL: "
            "set DATABASE_URL=postgres://USER@HOST:5432/NAME (see README, Performance)."
        )
    wanted = database.dataset(args.scale, seed=args.seed, plans=args.plans)
    build_seconds = None
    if args.reuse or (not args.rebuild and database.is_complete(url, wanted)):
        step(f"Reusing the {args.scale} scale database ({engine})")
        database.manage(env, "migrate", "--verbosity", "0")
    else:
        step(f"Building the {args.scale} scale database ({engine})")
        t = time.monotonic()
        database.build(env, wanted)
        build_seconds = round(time.monotonic() - t)
        print(f"   built in {build_seconds}s")
    # Production settings serve static files from the manifest: make sure it is current.
    if not database.static_is_current():
        step("Collecting static files")
        database.manage(env, "collectstatic", "--noinput", "--verbosity", "0")

    # The harness itself reads the scale database (fixtures, query counts, PDF timing).
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection

    from . import pages, reports, scale_out

    results: dict = {
        "started_at": datetime.datetime.now().isoformat(timespec="seconds"),
        "database": engine,
        "database_version": _database_version(connection),
        "machine": machine(),
        "build_seconds": build_seconds,
        "dataset": wanted,
        "settings": {
            "scale": args.scale,
            "requests": args.requests,
            "warmup": args.warmup,
            "workers": args.workers,
            "plans": args.plans,
            "pages": args.pages,
            "after_update": not args.skip_after_update,
        },
    }

    step("Finding the pages and counting their queries")
    page_list, fx = pages.find_pages(pages.selected(args.pages))
    pages.count_all(page_list)
    page_list = pages.with_first_views(
        page_list, after_update_skipped="--skip-after-update" if args.skip_after_update else ""
    )
    # Updates to an action of the largest plan and of the smallest (written to the
    # scale database, and kept there), each followed by one request, counted.
    pages.count_after_updates(page_list, fx, seed=f"{args.seed}:counts")
    counted = []
    if args.pages is None:
        counted, _ = pages.find_pages(pages.COUNTED_PAGES)
        pages.count_all(counted)
    results["query_counts"] = [
        {
            "key": page.key,
            "label": page.label,
            "path": page.path,
            "queries": page.queries,
            "queries_smallest_plan": page.small_queries,
            **({"skipped": page.skipped} if page.skipped else {}),
            **({"failed": page.failed} if page.failed else {}),
        }
        for page in counted
    ]
    results["plans"] = {
        "largest": {"slug": fx.large.slug, "actions": fx.large.n},
        "smallest": {"slug": fx.small.slug, "actions": fx.small.n},
    }
    for page in page_list + counted:
        if page.failed:
            print(f"   FAILED {page.label}: {page.failed}")
        elif page.skipped:
            print(f"   SKIPPED {page.label}: {page.skipped}")
    connection.close()

    logs = database.RESULTS
    if args.skip_latency:
        for page in page_list:
            page.skipped = page.skipped or "--skip-latency"
    else:
        step(
            f"Latency over HTTP: gunicorn, {args.workers} workers, {args.requests} requests a page"
        )
        results["memory"], results["after_update"] = measure_latency(page_list, env, args, logs, fx)

    if args.skip_pdf:
        results["pdf"] = {"skipped": "--skip-pdf"}
    else:
        step("Board report PDF: the whole build against WeasyPrint alone")
        which = args.pdf_report or ("largest" if args.scale == "national" else "demo")
        runs = args.pdf_runs or (1 if args.scale == "national" else 3)
        results["pdf"] = reports.time_pdf_build(runs=runs, which=which)
    connection.close()

    if args.skip_scale_out:
        results["scale_out"] = {"skipped": "--skip-scale-out"}
    elif engine != "PostgreSQL":
        results["scale_out"] = {"skipped": "needs PostgreSQL (set DATABASE_URL)"}
    else:
        options = ScaleOutOptions.from_args(args)
        step(f"Scale-out: {options.describe()}")
        try:
            results["scale_out"] = scale_out.run(env, logs, options)
        except Exception as error:  # the check broke: say so, and keep the other results
            results["scale_out"] = {"passed": False, "broken": f"{type(error).__name__}: {error}"}
        connection.close()

    results["pages"] = _page_results(page_list)
    results["seconds"] = round(time.monotonic() - started)
    results["machine"]["load_average_at_end"] = os.getloadavg()
    print_report(results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    shown = args.json.resolve()
    shown = shown.relative_to(ROOT) if shown.is_relative_to(ROOT) else shown
    print(f"\nResults written to {shown}; took {results['seconds']}s.")
    if not results_ok(results):
        sys.exit(1)


def measure_latency(page_list, env: dict[str, str], args, logs: Path, fx) -> tuple[dict, dict]:
    """Time every page over HTTP; the kept pages also on a second server with the page
    cache off (computed with nothing kept), in the same rounds; then, in rounds of their
    own, their first view after an owner's update to an action of the largest plan. What
    each server's workers hold in memory afterwards (``server.memory``), and the record
    of the rounds after updates."""
    from . import latency
    from .browser import Browser
    from .pages import OwnerUpdates

    uncached_env = {**env, "PAGE_CACHE_SECONDS": "0"}
    with (
        Gunicorn("app", env, args.workers, logs / "gunicorn.log") as app,
        Gunicorn("uncached", uncached_env, args.workers, logs / "gunicorn-uncached.log") as bare,
    ):
        browsers = {}
        for server_name, server in (("app", app), ("uncached", bare)):
            for page in page_list:
                if page.skipped or page.server != server_name:
                    continue
                if (server_name, page.username) not in browsers:
                    browser = Browser("127.0.0.1", server.port)
                    browser.sign_in(page.username, _password())
                    browsers[(server_name, page.username)] = browser
        latency.measure(page_list, browsers, requests=args.requests, warmup=args.warmup)
        after_update = {"skipped": "--skip-after-update"}
        if any(page.after_update and not page.skipped for page in page_list):
            step(
                f"First views after an update: an owner's update to an action of "
                f"{fx.large.slug}, then the page, {args.requests} times a page"
            )
            updates = OwnerUpdates(fx.large, seed=f"{args.seed}:latency")
            baseline = latency.measure_after_updates(
                page_list, browsers, updates, requests=args.requests, warmup=args.warmup
            )
            after_update = {
                "plan": fx.large.slug,
                "updates_made": updates.made,
                # For the record: these rows' ratios are to the main rounds' baseline.
                "baseline": {
                    "requests": len(baseline.timings),
                    "errors": baseline.errors,
                    "median_ms": round(latency.median(baseline.timings) * 1000, 2),
                    "p95_ms": round(latency.percentile(baseline.timings, 0.95) * 1000, 2),
                    "timings_ms": [round(seconds * 1000, 2) for seconds in baseline.timings],
                },
            }
        for browser in browsers.values():
            browser.close()
        return {"app": memory(app), "uncached": memory(bare)}, after_update


def _password() -> str:
    from bench.management.commands.generate_scale_data import SCALE_PASSWORD

    return SCALE_PASSWORD


def _database_version(connection) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return cursor.fetchone()[0]


def _page_results(page_list) -> list[dict]:
    from .latency import median, percentile

    baseline = next(page for page in page_list if page.key == "baseline")
    base_median = median(baseline.timings) if baseline.timings else float("nan")
    rows = []
    for page in page_list:
        row = {"key": page.key, "label": page.label}
        if page.failed:
            row["failed"] = page.failed
        if page.skipped:
            row["skipped"] = page.skipped
        else:
            page_median = median(page.timings)
            page_p95 = percentile(page.timings, 0.95)
            row.update(
                path=page.path,
                user=page.username,
                requests=len(page.timings),
                errors=page.errors,
                median_ms=round(page_median * 1000, 2),
                p95_ms=round(page_p95 * 1000, 2),
                median_ratio=round(page_median / base_median, 2),
                p95_ratio=round(page_p95 / base_median, 2),
                server=page.server,
                queries=page.queries,
                queries_smallest_plan=page.small_queries,
                queries_kept=page.kept_queries,
                queries_kept_smallest_plan=page.small_kept_queries,
                meets_target=(
                    page_median <= MEDIAN_TARGET * base_median
                    and page_p95 <= P95_TARGET * base_median
                    and page.queries == page.small_queries
                    and page.kept_queries == page.small_kept_queries
                ),
            )
        rows.append(row)
    return rows


def print_report(results: dict) -> None:
    machine_info = results["machine"]
    print(
        f"\nImprovement Board benchmark, {results['database']} {results['database_version']}, "
        f"{machine_info['cores']} cores ({machine_info['cpu']}), "
        f"largest plan {results['plans']['largest']['actions']} actions, "
        f"smallest {results['plans']['smallest']['actions']}"
    )
    width = max([45] + [len(row["label"]) for row in results["pages"]])
    header = (
        f"{'page':<{width}} {'median ms':>9} {'p95 ms':>8} {'x base':>7} {'p95 x':>6} "
        f"{'queries':>9}  target"
    )
    print(header)
    print("-" * len(header))
    for row in results["pages"]:
        if "skipped" in row:
            print(f"{row['label']:<{width}} skipped: {row['skipped']}")
            continue
        queries = f"{row['queries']}"
        if row["server"] == "app" and row["queries_kept"] != row["queries"]:
            queries = f"{row['queries_kept']} ({row['queries']})"
        if (row["queries_smallest_plan"], row["queries_kept_smallest_plan"]) != (
            row["queries"],
            row["queries_kept"],
        ):
            queries += " DIFFERENT on the small plan"
        errors = f"  {row['errors']} errors" if row["errors"] else ""
        met = "met" if row["meets_target"] else "MISSED"
        print(
            f"{row['label']:<{width}} {row['median_ms']:>9.1f} {row['p95_ms']:>8.1f} "
            f"{row['median_ratio']:>7.2f} {row['p95_ratio']:>6.2f} {queries:>9}  {met}{errors}"
        )
    print(
        f"x base: median / baseline median (target <= {MEDIAN_TARGET}); "
        f"p95 x: p95 / baseline median (target <= {P95_TARGET}); "
        "queries the same on the smallest plan.\n"
        "Kept pages (reports/page_cache.py) show their queries as kept (computed). "
        '"Computed with nothing kept" is the same page from a server with the page cache '
        "off: what it costs when nothing at all is kept.\n"
        '"First view after an update" is the same page from the server that keeps pages, '
        "each request just after an owner's update to a random action of the plan (through "
        "the app's service, in rounds after the others): the commonest change while a plan "
        "is updated, after which only what that action changed is computed again. Its "
        "queries are those of that request."
    )
    phase = results.get("after_update", {})
    if "baseline" in phase:
        base = phase["baseline"]
        print(
            f"Baseline in the rounds after updates ({phase['updates_made']} updates to "
            f"{phase['plan']}): median {base['median_ms']:.1f} ms, p95 {base['p95_ms']:.1f} "
            "ms; the ratios above are to the baseline of the main rounds."
        )
    print("\nQuery counts of other list pages (largest plan / smallest plan):")
    for row in results["query_counts"]:
        if "skipped" in row:
            print(f"  {row['label']:<30} skipped: {row['skipped']}")
        else:
            same = "same" if row["queries"] == row["queries_smallest_plan"] else "DIFFERENT"
            print(f"  {row['label']:<30} {row['queries']} / {row['queries_smallest_plan']}  {same}")
    for server, workers in results.get("memory", {}).items():
        sizes = ", ".join(f"{w['rss_mb']:.0f} MB (peak {w['hwm_mb']:.0f} MB)" for w in workers)
        print(f"\nMemory of the {server} server's workers after the run: {sizes or 'not read'}")
    pdf = results["pdf"]
    if "skipped" in pdf:
        print(f"\nBoard report PDF: skipped: {pdf['skipped']}")
    else:
        print(
            f"\nBoard report PDF ({pdf['plan']}, {pdf['pages']} pages): "
            f"build {pdf['build_ms']:.0f} ms, "
            f"WeasyPrint alone {pdf['weasyprint_ms']:.0f} ms, "
            f"ratio {pdf['ratio']:.3f} (target <= {PDF_TARGET})"
        )
    scale = results["scale_out"]
    if "skipped" in scale:
        print(f"\nScale-out check: skipped: {scale['skipped']}")
    elif "broken" in scale:
        print(f"\nScale-out check: BROKEN: {scale['broken']}")
    else:
        from .scale_out_options import describe

        print("\n" + describe(scale))


def results_ok(results: dict) -> bool:
    """False when the run itself went wrong (HTTP errors, a broken check), not when slow."""
    rows = results["pages"] + results["query_counts"]
    rows = rows + [results.get("after_update", {}).get("baseline", {})]
    if any(row.get("errors") or row.get("failed") for row in rows):
        return False
    scale = results["scale_out"]
    return "skipped" in scale or scale.get("passed", False)
