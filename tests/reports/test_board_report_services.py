"""Board reports: figures from the data as at the report's date, drafts, final, PDF builds."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from actions.models import Rating
from reports.models import BoardReport, PdfBuild
from reports.paper_figures import ReportError, report_figures
from reports.report_content import report_document
from reports.services import (
    ReportFrozenError,
    StaleReportError,
    board_meeting_create,
    board_report_create,
    board_report_finalise,
    board_report_update,
    final_pdf,
)
from reports.tasks import pdf_build_request
from tests.factories import ActionFactory, BoardMeetingFactory, PlanFactory

from .board_fixtures import *  # noqa: F403 - the fixtures
from .board_fixtures import BOARD_DATE, PREVIOUS_BOARD, rate

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def test_figures_count_movement_completions_and_exceptions_since_the_previous_board(report):
    figures = report_figures(
        plan=report.plan, as_at=BOARD_DATE, since=PREVIOUS_BOARD, appendix=True
    )
    assert figures.summary.total.counts[Rating.BLUE] == 1
    assert figures.before.total.counts[Rating.GREEN] == 3
    assert [
        (a.reference, a.rating_before, a.rating_as_at, a.direction) for a in figures.changed
    ] == [
        ("1.01", "green", "blue", "improved"),
        ("1.02", "green", "amber", "worsened"),
    ]
    assert [a.reference for a in figures.completed] == ["1.01"]
    assert [(a.reference, a.slippage_reason_label) for a in figures.exceptions] == [
        ("1.02", "External event (e.g. Covid-19)")
    ]
    assert [group.title for group in figures.appendix] == [
        "Section 1: Quality of Practice",
        "Section 2: Capacity and capability of workforce",
    ]
    total_movement = figures.movements[-1]
    assert {rating.value: delta for rating, delta in total_movement.changes} == {
        "blue": 1,
        "green": -2,
        "amber": 1,
        "red": 0,
    }


def test_figures_take_four_queries_whatever_the_plan_size(report, django_assert_num_queries):
    # The sections; every action with its state on both days (summaries, movement,
    # exceptions and appendix all come from it); the performance indicators and their
    # values.
    with django_assert_num_queries(4):
        small = report_figures(
            plan=report.plan, as_at=BOARD_DATE, since=PREVIOUS_BOARD, appendix=True
        )
    section = report.plan.sections.get(number=2)
    for n in range(30):
        action = ActionFactory(section=section, reference=f"2.{n + 10}")
        rate(action, datetime.date(2020, 3, 1), Rating.AMBER, "Slipping.")
        rate(action, datetime.date(2020, 4, 1), [Rating.RED, Rating.BLUE][n % 2], "Moved.")
    with django_assert_num_queries(4):
        large = report_figures(
            plan=report.plan, as_at=BOARD_DATE, since=PREVIOUS_BOARD, appendix=True
        )
    assert large.summary.total.total == small.summary.total.total + 30
    assert len(large.changed) == len(small.changed) + 30
    assert len(large.exceptions) == len(small.exceptions) + 15


def test_a_date_before_the_plan_started_is_refused_clearly(report):
    with pytest.raises(ReportError, match="before the plan started"):
        report_figures(
            plan=report.plan, as_at=datetime.date(2019, 9, 1), since=PREVIOUS_BOARD, appendix=False
        )


def test_a_plan_with_no_sections_has_nothing_to_report(plan_manager):
    empty = PlanFactory()
    with pytest.raises(ReportError, match="no sections"):
        report_figures(plan=empty, as_at=BOARD_DATE, since=PREVIOUS_BOARD, appendix=False)
    meeting = BoardMeetingFactory(plan=empty, date=BOARD_DATE)
    with pytest.raises(ValidationError, match="no sections"):
        board_report_create(
            meeting=meeting,
            kind=BoardReport.Kind.PROGRESS,
            title="Update",
            as_at=BOARD_DATE,
            period_start=PREVIOUS_BOARD,
            authors="Jean Imray, Assistant Director",
            created_by=plan_manager,
        )


def test_meetings_are_one_a_day_and_not_before_the_plan(rated_plan):
    board_meeting_create(
        plan=rated_plan, date=BOARD_DATE, title="Improvement Board", board_name="Board"
    )
    with pytest.raises(ValidationError, match="already has a Board meeting"):
        board_meeting_create(
            plan=rated_plan, date=BOARD_DATE, title="Improvement Board", board_name="Board"
        )
    with pytest.raises(ValidationError, match="before the plan started"):
        board_meeting_create(
            plan=rated_plan, date=datetime.date(2019, 1, 1), title="Board", board_name="Board"
        )


def test_a_new_report_can_start_from_the_previous_narrative(report, plan_manager):
    report.assurance = "What the April Board heard of its external assurance."
    report.save()
    later = BoardMeetingFactory(plan=report.plan, date=datetime.date(2020, 5, 21))
    new = board_report_create(
        meeting=later,
        kind=BoardReport.Kind.PROGRESS,
        title="Progress update",
        as_at=datetime.date(2020, 5, 21),
        period_start=BOARD_DATE,
        authors="Jean Imray, Assistant Director",
        created_by=plan_manager,
        start_from=report,
    )
    assert new.introduction == report.introduction
    assert new.recommendations == report.recommendations
    assert new.assurance == ""  # drafted afresh from the calendar for each Board
    assert new.status == BoardReport.Status.DRAFT


def test_a_stale_edit_is_refused_and_changes_nothing(report, plan_manager):
    board_report_update(
        report=report, editor=plan_manager, expected_version=1, progress="First save."
    )
    with pytest.raises(StaleReportError):
        board_report_update(
            report=report, editor=plan_manager, expected_version=1, progress="Overwrite?"
        )
    report.refresh_from_db()
    assert report.progress == "First save."
    assert report.version == 2


def test_a_final_report_is_frozen(report, plan_manager):
    final = board_report_finalise(report=report, user=plan_manager, expected_version=1)
    assert final.is_final and final.finalised_by == plan_manager
    with pytest.raises(ReportFrozenError):
        board_report_update(
            report=final, editor=plan_manager, expected_version=final.version, summary="New"
        )
    final.refresh_from_db()
    assert final.summary == "The purpose of this report is to update the Board."


def test_a_build_stores_the_pdf_with_its_hash_builder_and_time(pdf_settings, report, plan_manager):
    build = pdf_build_request(report=report, user=plan_manager)
    assert build.status == PdfBuild.Status.SUCCEEDED, build.error
    content = build.file.read()
    assert content.startswith(b"%PDF-1.7")
    assert build.sha256 == hashlib.sha256(content).hexdigest()
    assert build.size == len(content) and build.page_count >= 2
    assert build.requested_by == plan_manager
    assert build.started_at <= build.finished_at
    assert build.task_id
    assert not build.of_final_report


def test_a_broken_logo_fails_the_build_and_leaves_earlier_builds_alone(
    pdf_settings, report, plan_manager
):
    report = board_report_update(
        report=report,
        editor=plan_manager,
        expected_version=report.version,
        logo=SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
    )
    good = pdf_build_request(report=report, user=plan_manager)
    assert good.status == PdfBuild.Status.SUCCEEDED, good.error
    good_bytes = good.file.read()

    # The stored logo is damaged after upload (a disk fault, a bad restore).
    with open(report.logo.path, "wb") as damaged:
        damaged.write(b"\x89PNG\r\n\x1a\n not really an image")
    failed = pdf_build_request(report=report, user=plan_manager)

    assert failed.status == PdfBuild.Status.FAILED
    assert "cover logo" in failed.error and "not an image that can be printed" in failed.error
    assert not failed.file
    good.refresh_from_db()
    assert good.status == PdfBuild.Status.SUCCEEDED
    assert good.file.read() == good_bytes


def test_a_missing_logo_file_says_so(pdf_settings, report, plan_manager):
    report = board_report_update(
        report=report,
        editor=plan_manager,
        expected_version=report.version,
        logo=SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
    )
    import os

    os.remove(report.logo.path)
    failed = pdf_build_request(report=report, user=plan_manager)
    assert failed.status == PdfBuild.Status.FAILED
    assert "could not be read" in failed.error


def test_the_final_pdf_is_built_once_and_kept(pdf_settings, report, plan_manager):
    draft_build = pdf_build_request(report=report, user=plan_manager)
    final = board_report_finalise(report=report, user=plan_manager, expected_version=1)
    build = pdf_build_request(report=final, user=plan_manager)
    assert build.of_final_report and final_pdf(final) == build
    with pytest.raises(ReportFrozenError):
        pdf_build_request(report=final, user=plan_manager)
    # The draft build stays downloadable beside it.
    assert final.builds.succeeded().count() == 2
    assert draft_build.file.read() != build.file.read()


def test_the_document_prints_the_reports_header_and_narrative(report):
    doc = report_document(report)
    assert doc.running_header == "Exampleshire Children's Services"
    assert [(a.name, a.job_title) for a in doc.authors] == [("Jean Imray", "Assistant Director")]
    assert [part.heading for part in doc.parts][:6] == [
        "Introduction",
        "Progress",
        "Specific issues that have delayed progress",
        "External assurance since the last Board",
        "Future revisions to the plan",
        "Summary of progress",
    ]
    assert doc.since_label == "the Board meeting on 19 March 2020"
    assert doc.section("introduction").html == (
        '<p class="govuk-body">The plan answers the <strong>inspection</strong> of 2019.</p>'
    )


def test_a_final_paper_leaves_out_empty_sections_and_numbers_close_up(report, plan_manager):
    final = board_report_finalise(report=report, user=plan_manager, expected_version=1)
    doc = report_document(final)
    assert [(p.number, p.heading) for p in doc.parts] == [
        (1, "Introduction"),
        (2, "Summary of progress"),
        (3, "Recommendations"),
    ]
