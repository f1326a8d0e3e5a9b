"""Latency over real HTTP: each page fetched in turn, round after round."""

import dataclasses
import math
import statistics

from .browser import Browser
from .pages import OwnerUpdates, Page


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value at or above ``fraction`` of them."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def median(values: list[float]) -> float:
    return statistics.median(values)


def measure(
    pages: list[Page], browsers: dict[tuple[str, str], Browser], *, requests: int, warmup: int
) -> None:
    """Fill each page's ``timings`` (seconds) and ``errors``.

    Pages are interleaved (one request each per round) rather than measured one after
    another, so a burst of load from elsewhere on the machine falls on all of them alike,
    the baseline included. ``browsers`` are signed in, one per (server, user). Not the
    pages timed after an update (``measure_after_updates``).
    """
    live = [page for page in pages if not page.skipped and not page.after_update]
    for round_number in range(warmup + requests):
        for page in live:
            _fetch(page, browsers, timed=round_number >= warmup)


def measure_after_updates(
    pages: list[Page],
    browsers: dict[tuple[str, str], Browser],
    updates: OwnerUpdates,
    *,
    requests: int,
    warmup: int,
) -> Page:
    """Fill the ``timings`` of the pages timed after an update: in each round, for each
    of them, an owner's update to an action of the plan (``updates``, in this process),
    then the page, timed. The baseline is fetched once a round too; its timings in these
    rounds are returned, a page of their own, for the record."""
    main = next(page for page in pages if page.key == "baseline")
    baseline = dataclasses.replace(main, timings=[], errors=0)
    live = [page for page in pages if not page.skipped and page.after_update]
    for round_number in range(warmup + requests):
        timed = round_number >= warmup
        _fetch(baseline, browsers, timed=timed)
        for page in live:
            updates.make()
            _fetch(page, browsers, timed=timed)
    return baseline


def _fetch(page: Page, browsers: dict[tuple[str, str], Browser], *, timed: bool) -> None:
    response = browsers[(page.server, page.username)].get(page.path)
    if response.status != 200:
        page.errors += 1
        if page.errors == 1:
            print(f"  {page.label}: HTTP {response.status} for {page.path}")
    if timed:
        page.timings.append(response.seconds)
