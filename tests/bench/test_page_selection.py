"""``python -m bench --pages``: the pages asked for, always beside the baseline."""

import pytest

from bench.pages import PAGES, selected
from bench.run import parse_args


def test_the_pages_asked_for_are_timed_beside_the_baseline():
    args = parse_args(["--pages", "api_actions, dashboard_past"])
    assert [key for key, _, _ in selected(args.pages)] == [
        "baseline",
        "dashboard_past",
        "api_actions",
    ]
    assert selected(parse_args([]).pages) == PAGES


def test_a_page_that_does_not_exist_is_refused_with_the_list():
    with pytest.raises(SystemExit, match="No page api_things; the pages are baseline, layout"):
        selected(["api_things"])
