"""Several plans in one place: a second plan changes nobody's pages, the switcher reaches
it, and a Board member reaches the Board's final paper in clicks, typing no address."""

import pytest

from plans.models import Plan

pytestmark = pytest.mark.django_db(transaction=True)

MEDWAY = "Children's Services Improvement Plan"


def plan_shown(page) -> str:
    """The plan a page is about, as its switcher names it."""
    return page.locator(".app-plan-switcher__current strong").first.inner_text()


def test_a_second_plan_changes_no_ones_pages_and_the_switcher_reaches_it(
    demo, visitor, tmp_path, immediate_tasks
):
    from tests.plan_files.council_layouts import tracker_export_utf8

    page = visitor.page
    pages = {
        "manager": ["Dashboard", "All actions", "Recommendations", "Indicators", "Reports"],
        "owner": ["Dashboard", "All actions", "Indicators", "Reports"],
        "board": ["Dashboard", "All actions", "Recommendations", "Indicators", "Reports"],
    }

    def every_page_shows_the_demo_plan(username: str, label: str):
        visitor.sign_in(username)
        for item in pages[username]:
            page.get_by_role("navigation", name="Menu").get_by_role(
                "link", name=item, exact=True
            ).click()
            page.wait_for_load_state()
            assert f"/plans/{demo.slug}/" in page.url, (username, item, page.url)
            assert plan_shown(page) == demo.title, (username, item)
        visitor.check(f"{username}'s pages {label}")
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_load_state()

    for username in pages:
        every_page_shows_the_demo_plan(username, "before")

    # A plan manager imports a small test plan of their own council.
    tracker = tmp_path / "test-plan.csv"
    tracker.write_bytes(tracker_export_utf8().data)
    visitor.sign_in("manager")
    visitor.goto("/imports/new/", check=False)
    page.get_by_label("Plan title").fill("Test plan")
    visitor.fill_date("Start date", "1/10/2019")
    page.get_by_label("Plan file").set_input_files(str(tracker))
    visitor.submit("Check the file")
    visitor.submit("Import these changes")
    assert "Imported" in page.locator("main").inner_text()
    test_plan = Plan.objects.get(title="Test plan")
    assert test_plan.status == Plan.Status.DRAFT
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    for username in pages:
        every_page_shows_the_demo_plan(username, "after a second plan")

    # The switcher, in the header of every plan page, reaches the new plan.
    visitor.sign_in("manager")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    page.locator(".app-plan-switcher summary").click()
    page.locator(".app-plan-switcher").get_by_role("link", name="Test plan").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/plans/{test_plan.slug}/")
    assert plan_shown(page) == "Test plan"
    visitor.check("the test plan's dashboard, reached by the switcher")
    # ... and back, from its All actions page.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="All actions").click()
    page.wait_for_load_state()
    assert f"/plans/{test_plan.slug}/actions/" in page.url
    page.locator(".app-plan-switcher summary").click()
    page.locator(".app-plan-switcher").get_by_role("link", name=demo.title).click()
    page.wait_for_load_state()
    assert plan_shown(page) == demo.title


def test_a_board_member_reaches_the_final_paper_in_clicks(demo, visitor):
    from demo.plan import demo_final_paper_build

    demo_final_paper_build(demo)
    page = visitor.page
    visitor.sign_in("board")
    assert f"/plans/{demo.slug}/" in page.url, "signing in lands on the member's plan"
    page.get_by_role("navigation", name="Menu").get_by_role(
        "link", name="Reports", exact=True
    ).click()
    page.wait_for_load_state()
    visitor.check("Board reports, as a Board member sees them")
    assert "Director's monthly report" not in page.locator("main").inner_text(), "no drafts"
    page.get_by_role("link", name="Improvement Plan Progress Update", exact=True).click()
    page.wait_for_load_state()
    visitor.check("the final progress update")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the final PDF").click()
    data = info.value.path().read_bytes()
    assert data.startswith(b"%PDF-")
    assert info.value.suggested_filename.endswith(".pdf")

    # The dashboard links to the latest final paper too.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Dashboard").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Read the latest Board paper").click()
    page.wait_for_load_state()
    assert "Improvement Plan Progress Update" in page.title()
