"""A Board member reads the plan: dashboard as at a past date, a count followed to its
actions, a section filter, a CSV export, a section and an action, and nowhere a control
that would change anything."""

import csv
import io
import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

# Addresses of pages that change something; a Board member must not be offered any.
WRITE_LINK = re.compile(
    r"/(edit|update|sign-off|evidence/add|remove|finalise|export|new|add|import|refresh"
    r"|cancel|admin)(/|$|\?)"
)


def assert_nothing_to_change(page, label: str):
    forms = page.evaluate(
        "() => [...document.forms].filter(f => f.method === 'post')"
        ".map(f => new URL(f.action).pathname)"
    )
    assert forms == ["/accounts/logout/"], f"{label}: forms that post: {forms}"
    hrefs = page.evaluate(
        "() => [...document.querySelectorAll('a[href]')].map(a => new URL(a.href).pathname)"
    )
    writes = [href for href in hrefs if WRITE_LINK.search(href)]
    assert not writes, f"{label}: links to pages that change something: {writes}"


@pytest.mark.parametrize("visitor", [True, False], ids=["with-js", "without-js"], indirect=True)
def test_board_member_reads_the_plan_as_at_the_board_date(demo, visitor):
    page = visitor.page

    def look(label: str):
        visitor.check(label)
        assert_nothing_to_change(page, label)

    visitor.sign_in("board")
    look("dashboard")

    visitor.fill_date("Show the plan as at", "23/4/2020")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert page.url.endswith("/?as_at=2020-04-23")
    assert "as it stood on 23 April 2020" in page.content()
    look("dashboard as at 2020-04-23")
    total = page.locator(".app-summary-table tfoot tr").inner_text().split()
    assert total[:6] == ["Total", "62", "14", "22", "16", "10"]

    # The Amber total leads to those 16 actions, as they stood on the day.
    page.locator(".app-summary-table tfoot").get_by_role("link", name="16", exact=True).click()
    page.wait_for_load_state()
    assert "16 actions matching the filters." in page.locator("main").inner_text()
    assert "as it stood on 23 April 2020" in page.content()
    look("all actions rated amber")

    page.get_by_label("Section").select_option(label="1. Quality of Practice")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()
    assert "10 actions matching the filters." in page.locator("main").inner_text()
    look("amber actions in quality of practice")

    with page.expect_download() as info:
        page.get_by_role("link", name="Download as CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as file:
        rows = list(csv.reader(io.StringIO(file.read())))
    assert len(rows) == 1 + 10, rows[:3]
    assert all(row[0].startswith("1.") for row in rows[1:]), [row[0] for row in rows]

    visitor.goto("/?as_at=2020-04-23", check=False)
    page.get_by_role("link", name="Quality of Practice").first.click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Quality of Practice"
    look("section quality of practice")

    page.locator("table tbody a").first.click()
    page.wait_for_load_state()
    assert "/actions/" in page.url
    look("action page")

    for item in ("Recommendations", "Indicators"):
        page.get_by_role("navigation").get_by_role("link", name=item, exact=True).click()
        page.wait_for_load_state()
        look(item.lower())

    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    page.wait_for_load_state()
    assert "(WCAG) version 2.2" in page.locator("main").inner_text()
    look("accessibility statement")
