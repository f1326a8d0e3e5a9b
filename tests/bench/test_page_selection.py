"""``python -m bench --pages``: the pages asked for, always beside the baseline."""

import pytest

from bench.pages import PAGES, Page, selected, with_first_views
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


def test_a_kept_page_is_also_timed_with_nothing_kept_and_after_an_update():
    pages = [Page(key="baseline", label="Baseline"), Page(key="section", label="Section page")]
    rows = with_first_views(pages)
    assert [(row.key, row.label, row.server, row.after_update) for row in rows] == [
        ("baseline", "Baseline", "app", False),
        ("section", "Section page", "app", False),
        ("section_first", "Section page, computed with nothing kept", "uncached", False),
        ("section_after_update", "Section page, first view after an update", "app", True),
    ]
    assert not rows[-1].skipped


def test_the_first_view_after_an_update_can_be_left_out():
    args = parse_args(["--skip-after-update"])
    assert args.skip_after_update
    rows = with_first_views(
        [Page(key="dashboard", label="Dashboard today")], after_update_skipped="--skip-after-update"
    )
    assert rows[-1].key == "dashboard_after_update"
    assert rows[-1].skipped == "--skip-after-update"
