"""Latency over real HTTP: each page fetched in turn, round after round."""

import math
import statistics

from .browser import Browser
from .pages import Page


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
    the baseline included. ``browsers`` are signed in, one per (server, user).
    """
    live = [page for page in pages if not page.skipped]
    for round_number in range(warmup + requests):
        for page in live:
            response = browsers[(page.server, page.username)].get(page.path)
            if response.status != 200:
                page.errors += 1
                if page.errors == 1:
                    print(f"  {page.label}: HTTP {response.status} for {page.path}")
            if round_number >= warmup:
                page.timings.append(response.seconds)
