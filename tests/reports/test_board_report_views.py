"""Board report pages: who may do what, forms that keep what was typed, the PDF flow."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, Rating
from improvement_board.models import AuditEvent
from reports.models import BoardMeeting, BoardReport, PdfBuild
from reports.report_content import report_document
from reports.services import board_report_finalise, paper_html
from reports.tasks import pdf_build_request
from tests.actions.form_data import date_fields
from tests.factories import BoardMeetingFactory, BoardReportFactory

from .board_fixtures import *  # noqa: F403 - the fixtures
from .board_fixtures import PREVIOUS_BOARD, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def final_report(report, plan_manager, pdf_settings):
    final = board_report_finalise(report=report, user=plan_manager, expected_version=1)
    pdf_build_request(report=final, user=plan_manager)
    return final


def url(name, *args, plan=None):
    """A Board report page's address: under ``plan``, else under the test's only plan."""
    from plans.models import Plan

    plan = plan or Plan.objects.order_by("pk").first()
    return reverse(f"reports:{name}", args=[plan.slug, *args])


# --- Who may see what ---------------------------------------------------------------

READ_PAGES = ["board_report", "board_report_logo"]
WRITE_PAGES = ["board_report_edit", "board_report_finalise"]


@pytest.mark.parametrize(
    "name",
    [
        "report_list",
        "board_meeting_add",
        "board_report_add",
        "board_report",
        "board_report_edit",
        "board_report_finalise",
        "pdf_build",
        "pdf_build_download",
    ],
)
def test_anonymous_users_are_sent_to_sign_in(client, name):
    args = (
        ["a-plan"]
        if name in ("report_list", "board_meeting_add", "board_report_add")
        else ["a-plan", 1]
    )
    response = client.get(reverse(f"reports:{name}", args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", ["board_report", "board_report_edit", "board_report_finalise"])
def test_outsiders_get_not_found(client, outsider, report, name):
    client.force_login(outsider)
    assert client.get(url(name, report.pk)).status_code == 404


def test_outsiders_cannot_see_builds_or_plans(client, outsider, final_report, rated_plan):
    client.force_login(outsider)
    build = final_report.builds.get()
    assert client.get(url("pdf_build", build.pk)).status_code == 404
    assert client.get(url("pdf_build_download", build.pk)).status_code == 404
    assert client.get(url("report_list", plan=rated_plan)).status_code == 404
    assert client.post(url("board_report_export", final_report.pk)).status_code == 404


def test_a_draft_does_not_exist_for_board_members(client, board_member, action_owner, report):
    for user in (board_member, action_owner):
        client.force_login(user)
        assert client.get(url("board_report", report.pk)).status_code == 404
        assert client.get(url("board_report_edit", report.pk)).status_code == 404


def test_board_members_read_final_reports_and_download_the_final_pdf(
    client, board_member, final_report
):
    client.force_login(board_member)
    response = client.get(url("board_report", final_report.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Improvement Plan Progress Update" in html
    assert "Edit the narrative" not in html and "Export" not in html
    build = final_pdf_of(final_report)
    download = client.get(url("pdf_build_download", build.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == build.file.read()


def final_pdf_of(report):
    return report.builds.get(of_final_report=True)


def test_the_list_links_the_final_pdf(client, board_member, final_report):
    client.force_login(board_member)
    html = client.get(url("report_list", plan=final_report.plan)).content.decode()
    build = final_pdf_of(final_report)
    assert url("pdf_build_download", build.pk) in html
    assert f"{build.page_count} pages" in html


def test_board_members_cannot_see_draft_builds_of_a_report(
    client, board_member, report, plan_manager, pdf_settings
):
    draft_build = pdf_build_request(report=report, user=plan_manager)
    board_report_finalise(report=report, user=plan_manager, expected_version=1)
    client.force_login(board_member)
    assert client.get(url("pdf_build", draft_build.pk)).status_code == 404
    assert client.get(url("pdf_build_download", draft_build.pk)).status_code == 404


@pytest.mark.parametrize("name", ["board_report_edit", "board_report_finalise"])
def test_read_only_users_are_refused_writes_to_a_report_they_can_read(
    client, board_member, final_report, name, caplog
):
    client.force_login(board_member)
    assert client.get(url(name, final_report.pk)).status_code == 403
    assert client.post(url("board_report_export", final_report.pk)).status_code == 403
    assert "write refused" in caplog.text
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.DENIED, user=board_member).exists()


@pytest.mark.parametrize("name", ["board_meeting_add", "board_report_add"])
def test_read_only_users_cannot_add_meetings_or_reports(client, board_member, rated_plan, name):
    client.force_login(board_member)
    assert client.get(url(name, plan=rated_plan)).status_code == 403
    assert client.post(url(name, plan=rated_plan), {"date": "2020-05-21"}).status_code == 403
    assert BoardMeeting.objects.count() == 0


# --- The list -----------------------------------------------------------------------


def test_the_list_shows_managers_drafts_and_board_members_only_final(
    client, plan_manager, board_member, report, rated_plan
):
    client.force_login(plan_manager)
    html = client.get(url("report_list", plan=rated_plan)).content.decode()
    assert "Improvement Plan Progress Update" in html and "Draft" in html
    assert "Start a progress update" in html
    client.force_login(board_member)
    html = client.get(url("report_list", plan=rated_plan)).content.decode()
    assert "Improvement Plan Progress Update" not in html
    assert "No final report for this meeting." in html


def test_the_list_query_count_does_not_grow_with_reports(
    client, plan_manager, report, rated_plan, django_assert_num_queries
):
    client.force_login(plan_manager)
    # session, user, groups, plan, meetings, reports, final builds (+ navigation's).
    client.get(url("report_list", plan=rated_plan))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url("report_list", plan=rated_plan))
    for day in range(1, 6):
        extra = BoardMeetingFactory(plan=rated_plan, date=datetime.date(2020, 1, day))
        BoardReportFactory(meeting=extra, as_at=extra.date, period_start=extra.date)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url("report_list", plan=rated_plan))
    assert response.content.decode().count("Improvement Plan Progress Update") == 6


# --- Meetings and new reports --------------------------------------------------------


def test_a_manager_adds_a_meeting(client, plan_manager, rated_plan):
    client.force_login(plan_manager)
    response = client.post(
        url("board_meeting_add", plan=rated_plan),
        {
            **date_fields("date", datetime.date(2020, 5, 21)),
            "title": "Improvement Board",
            "board_name": "Children's Board",
        },
    )
    assert response.status_code == 302
    meeting = BoardMeeting.objects.get()
    assert (meeting.plan, meeting.date) == (rated_plan, datetime.date(2020, 5, 21))


def test_a_bad_meeting_date_keeps_the_input_and_says_why(client, plan_manager, meeting):
    client.force_login(plan_manager)
    response = client.post(
        url("board_meeting_add", plan=meeting.plan),
        {**date_fields("date", "23/4/2020"), "title": "Extra Board", "board_name": "Board"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "already has a Board meeting on that day" in html
    assert 'value="Extra Board"' in html
    response = client.post(
        url("board_meeting_add", plan=meeting.plan),
        {**date_fields("date", "31/2/2020"), "title": "Board", "board_name": "Board"},
    )
    html = response.content.decode()
    assert "Date of the meeting must be a real date" in html
    assert 'name="date-day" type="text" inputmode="numeric" value="31"' in html
    assert 'name="date-month" type="text" inputmode="numeric" value="2"' in html
    response = client.post(
        url("board_meeting_add", plan=meeting.plan),
        {**date_fields("date", "21//2020"), "title": "Board", "board_name": "Board"},
    )
    assert "Date of the meeting must include a month" in response.content.decode()


def test_a_manager_starts_a_report_from_the_previous_one(client, plan_manager, report):
    later = BoardMeetingFactory(plan=report.plan, date=datetime.date(2020, 5, 21))
    client.force_login(plan_manager)
    form = client.get(url("board_report_add", plan=report.plan)).content.decode()
    assert "Start the draft" in form
    response = client.post(
        url("board_report_add", plan=report.plan),
        {
            "meeting": later.pk,
            "kind": "progress",
            "title": "Progress update, May",
            **date_fields("as_at", datetime.date(2020, 5, 21)),
            **date_fields("period_start", datetime.date(2020, 4, 23)),
            "authors": "Jean Imray, Assistant Director",
            "include_appendix": "on",
            "start_from": report.pk,
        },
    )
    new = BoardReport.objects.get(title="Progress update, May")
    assert response.status_code == 302 and response.url == url("board_report_edit", new.pk)
    assert new.introduction == report.introduction


def test_a_report_for_a_meeting_to_come_starts_with_figures_as_at_today(
    client, plan_manager, rated_plan
):
    today = timezone.localdate()
    BoardMeetingFactory(plan=rated_plan, date=today - datetime.timedelta(days=28))
    coming = BoardMeetingFactory(plan=rated_plan, date=today + datetime.timedelta(days=10))
    client.force_login(plan_manager)
    form = client.get(url("board_report_add", plan=rated_plan)).context["form"]
    assert form["meeting"].value() == coming.pk
    assert form["as_at"].value() == today
    assert form["period_start"].value() == today - datetime.timedelta(days=28)
    # The form as it comes is accepted: nothing to correct.
    data = {
        "meeting": coming.pk,
        "kind": "progress",
        "title": form["title"].value(),
        **date_fields("as_at", form["as_at"].value()),
        **date_fields("period_start", form["period_start"].value()),
        "authors": form["authors"].value(),
    }
    response = client.post(url("board_report_add", plan=rated_plan), data)
    assert response.status_code == 302, response.context["form"].errors


@pytest.mark.parametrize(
    ("as_at", "message"),
    [
        ("1/9/2019", "before the plan started"),
        ("1/1/2999", "cannot be in the future"),
        ("soon/4/2020", "must be a real date, in numbers"),
    ],
)
def test_bad_report_dates_get_a_clear_message(client, plan_manager, meeting, as_at, message):
    client.force_login(plan_manager)
    response = client.post(
        url("board_report_add", plan=meeting.plan),
        {
            "meeting": meeting.pk,
            "kind": "progress",
            "title": "Update",
            **date_fields("as_at", as_at),
            **date_fields("period_start", datetime.date(2019, 8, 1)),
            "authors": "Jean Imray, Assistant Director",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert "There is a problem" in html
    assert f'name="as_at-day" type="text" inputmode="numeric" value="{as_at.split("/")[0]}"' in html
    assert not BoardReport.objects.exists()


# --- Editing ------------------------------------------------------------------------


def edit_data(report, **changes):
    data = {
        "title": report.title,
        **date_fields("as_at", report.as_at),
        **date_fields("period_start", report.period_start),
        "authors": report.authors,
        "running_header": report.running_header,
        "include_appendix": "on",
        "summary": report.summary,
        "introduction": report.introduction,
        "progress": "",
        "issues": "",
        "future_revisions": "",
        "next_steps": "",
        "recommendations": report.recommendations,
        "version": report.version,
    }
    data.update(changes)
    return data


def test_a_manager_saves_the_narrative(client, plan_manager, report):
    client.force_login(plan_manager)
    response = client.post(
        url("board_report_edit", report.pk), edit_data(report, progress="Caseloads fell.")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.progress == "Caseloads fell." and report.version == 2


def test_a_conflicting_save_keeps_the_text_and_explains(client, plan_manager, report):
    client.force_login(plan_manager)
    stale = edit_data(report, progress="My long paragraph about caseloads.")
    client.post(url("board_report_edit", report.pk), edit_data(report, progress="Theirs."))
    response = client.post(url("board_report_edit", report.pk), stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this report" in html
    assert "My long paragraph about caseloads." in html
    report.refresh_from_db()
    assert report.progress == "Theirs."


def test_an_invalid_edit_keeps_every_field(client, plan_manager, report):
    client.force_login(plan_manager)
    response = client.post(
        url("board_report_edit", report.pk),
        edit_data(report, authors="", progress="Keep me <please>."),
    )
    html = response.content.decode()
    assert "Enter at least one author." in html
    assert "Keep me &lt;please&gt;." in html


def test_a_final_reports_edit_page_sends_you_back(client, plan_manager, final_report):
    client.force_login(plan_manager)
    response = client.post(
        url("board_report_edit", final_report.pk), edit_data(final_report, summary="Changed")
    )
    assert response.status_code == 302
    final_report.refresh_from_db()
    assert final_report.summary != "Changed"


# --- Preview, final, PDF ------------------------------------------------------------


def test_the_preview_shows_the_paper(client, plan_manager, report):
    client.force_login(plan_manager)
    response = client.get(url("board_report", report.pk))
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Children&#x27;s Improvement Board",
        "23rd April 2020",
        'Jean Imray, <span class="app-report__job-title">Assistant Director</span>',
        "1.</span> Introduction",
        "Summary of progress",
        "Movement since the Board meeting on 19 March 2020",
        "Exception report: Red and Amber actions",
        "Appendix: every action by section",
        "The Board is asked to:",
    ]:
        assert text in html, text
    assert "<strong>inspection</strong>" in html
    assert 'role="img"' in html and '<title id="chart-title">Bar chart' in html


def test_making_final_builds_the_pdf_and_shows_its_status(
    client, plan_manager, report, pdf_settings
):
    client.force_login(plan_manager)
    page = client.get(url("board_report_finalise", report.pk))
    assert "Make final and build the PDF" in page.content.decode()
    response = client.post(url("board_report_finalise", report.pk), {"version": report.version})
    build = PdfBuild.objects.get()
    assert response.status_code == 302 and response.url == url("pdf_build", build.pk)
    report.refresh_from_db()
    assert report.is_final
    status = client.get(url("pdf_build", build.pk)).content.decode()
    assert "Ready" in status and build.sha256 in status and "Download the PDF" in status
    assert "hx-get" not in status  # a finished build stops asking


def test_a_queued_build_refreshes_itself_and_offers_a_plain_refresh_link(
    client, plan_manager, report, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(plan_manager)
    response = client.post(url("board_report_export", report.pk))
    build = PdfBuild.objects.get()
    assert build.status == PdfBuild.Status.QUEUED
    page = client.get(response.url).content.decode()
    assert 'hx-trigger="every 2s"' in page and ">Refresh</a>" in page
    assert "js/htmx" in page and "<script>" not in page
    fragment = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="pdf-build-status"')
    assert "<html" not in fragment


def test_a_failed_build_says_what_failed(client, plan_manager, report, pdf_settings):
    from django.core.files.base import ContentFile

    report.logo.save("logo.png", ContentFile(b"not an image"), save=True)
    client.force_login(plan_manager)
    response = client.post(url("board_report_export", report.pk), follow=True)
    html = response.content.decode()
    assert "The PDF could not be built" in html
    assert "The cover logo" in html and "Earlier PDFs of this report are unchanged." in html


def test_the_final_pdf_downloads_byte_identical_every_time(client, board_member, final_report):
    client.force_login(board_member)
    build = final_pdf_of(final_report)
    first = b"".join(client.get(url("pdf_build_download", build.pk)).streaming_content)
    second = b"".join(client.get(url("pdf_build_download", build.pk)).streaming_content)
    assert first == second == build.file.read()
    import hashlib

    assert hashlib.sha256(first).hexdigest() == build.sha256


def test_a_final_reports_page_shows_the_paper_of_its_final_pdf_whatever_changes_later(
    client, board_member, final_report, rated_plan
):
    build = final_pdf_of(final_report)
    # After the meeting an action is renamed and a late update is back-dated before it.
    action = Action.objects.get(section__plan=rated_plan, reference="1.02")
    action.title = "Assessments rewritten after the Board"
    action.save()
    rate(action, datetime.date(2020, 4, 1), Rating.RED, "Recorded late, back-dated.", "external")
    # Drawn afresh, the paper would now say both.
    live = paper_html(final_report, report_document(final_report))
    assert "Assessments rewritten after the Board" in live
    assert "Recorded late, back-dated." in live

    client.force_login(board_member)
    html = client.get(url("board_report", final_report.pk)).content.decode()

    assert build.paper_html and build.paper_html in html
    assert "Improve assessments" in html
    assert "Assessments rewritten after the Board" not in html
    assert "Recorded late, back-dated." not in html
    assert "The paper below is the one in the final PDF" in html


def test_a_draft_and_a_final_report_without_its_pdf_are_drawn_from_the_data(
    client, plan_manager, report
):
    final = board_report_finalise(report=report, user=plan_manager, expected_version=1)
    client.force_login(plan_manager)
    html = client.get(url("board_report", final.pk)).content.decode()
    assert "Summary of progress" in html
    assert "The paper below is the one in the final PDF" not in html
    assert all(not build.paper_html for build in PdfBuild.objects.all())


def test_the_monthly_report_has_its_own_shorter_form_and_paper(client, plan_manager, meeting):
    report = BoardReportFactory(
        meeting=meeting,
        kind=BoardReport.Kind.MONTHLY,
        title="Director's monthly report",
        created_by=plan_manager,
        period_start=PREVIOUS_BOARD,
    )
    client.force_login(plan_manager)
    form = client.get(url("board_report_edit", report.pk)).content.decode()
    assert 'name="summary"' in form and 'name="next_steps"' in form
    assert 'name="progress"' not in form and 'name="recommendations"' not in form
    html = client.get(url("board_report", report.pk)).content.decode()
    assert "Ratings changed since the Board meeting on 19 March 2020" in html
    assert "Exceptions: Red and Amber actions" in html
    assert "Appendix" not in html
    assert "Paused for Covid-19." in html


def test_a_pdf_build_is_audited_when_asked_for_and_when_it_ends(
    client, plan_manager, report, pdf_settings
):
    client.force_login(plan_manager)
    client.post(url("board_report_export", report.pk), REMOTE_ADDR="192.0.2.7")
    build = PdfBuild.objects.get()
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.REPORT_BUILD).order_by("pk")
    asked, ended = events
    assert (asked.user, asked.plan, asked.ip_address) == (
        plan_manager,
        report.meeting.plan,
        "192.0.2.7",
    )
    assert f"requested (build {build.pk})" in asked.detail
    assert (ended.user, ended.plan) == (plan_manager, report.meeting.plan)
    assert f"ready (build {build.pk})" in ended.detail and build.sha256 in ended.detail
