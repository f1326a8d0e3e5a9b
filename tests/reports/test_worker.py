"""The PDF worker outlives database outages, and builds whose worker vanished end failed."""

import datetime

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResultQuerySet

from improvement_board.management.commands import db_worker
from improvement_board.models import AuditEvent
from reports.models import PdfBuild
from reports.services import pdf_builds_fail_abandoned
from reports.tasks import pdf_build_request

from .board_fixtures import *  # noqa: F403 - the fixtures

# The worker closes its connections when the database goes away, as it must: each test
# commits for real, so that a closed connection does not take the test's data with it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def queued_builds(settings, tmp_path):
    """Builds are queued in the database, for the worker, as in production."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_WORKER_HOUSEKEEPING_SECONDS = 0


@pytest.fixture
def waits(monkeypatch):
    """The worker's waits between attempts, recorded instead of slept."""
    recorded = []
    monkeypatch.setattr(db_worker.ResilientWorker, "sleep", staticmethod(recorded.append))
    return recorded


def database_down_for(monkeypatch, attempts: int) -> list[int]:
    """The worker's next ``attempts`` reads of the queue fail as a stopped PostgreSQL does."""
    real = DBTaskResultQuerySet.get_locked
    calls = []

    def get_locked(queryset):
        calls.append(1)
        if len(calls) <= attempts:
            raise OperationalError(
                "connection to server at 127.0.0.1, port 5432 failed: Connection refused"
            )
        return real(queryset)

    monkeypatch.setattr(DBTaskResultQuerySet, "get_locked", get_locked)
    return calls


def test_the_worker_waits_out_a_database_outage_then_builds(
    queued_builds, report, plan_manager, monkeypatch, waits
):
    build = pdf_build_request(report=report, user=plan_manager)
    assert build.status == PdfBuild.Status.QUEUED
    calls = database_down_for(monkeypatch, attempts=8)

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    # 1, 2, 4 ... seconds, a minute at most; then the build ran.
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60]
    assert len(calls) == 10  # 8 refused, the build, then an empty queue
    build.refresh_from_db()
    assert build.status == PdfBuild.Status.SUCCEEDED, build.error


def test_the_worker_stops_on_a_signal_even_while_waiting(queued_builds, monkeypatch, waits):
    database_down_for(monkeypatch, attempts=100)
    worker = db_worker.ResilientWorker(
        queue_names=["default"],
        interval=1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )

    def stop_after_three(seconds):
        waits.append(seconds)
        if len(waits) == 3:
            worker.running = False  # what SIGTERM does between attempts

    monkeypatch.setattr(db_worker.ResilientWorker, "sleep", staticmethod(stop_after_three))
    worker.run()
    assert waits == [1, 2, 4]


def aged(build: PdfBuild, minutes: int, status: PdfBuild.Status) -> PdfBuild:
    PdfBuild.objects.filter(pk=build.pk).update(
        status=status, requested_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )
    build.refresh_from_db()
    return build


def test_builds_whose_worker_vanished_are_failed_with_the_reason(
    queued_builds, report, plan_manager
):
    killed = aged(pdf_build_request(report=report, user=plan_manager), 11, "running")
    never_taken = aged(pdf_build_request(report=report, user=plan_manager), 30, "queued")
    recent = aged(pdf_build_request(report=report, user=plan_manager), 5, "running")

    db_worker.run_housekeeping()  # what the worker does every minute

    killed.refresh_from_db()
    never_taken.refresh_from_db()
    recent.refresh_from_db()
    assert killed.status == PdfBuild.Status.FAILED
    assert "stopped or restarted while building it" in killed.error
    assert never_taken.status == PdfBuild.Status.FAILED
    assert "No background worker took the build within 10 minutes" in never_taken.error
    assert recent.status == PdfBuild.Status.RUNNING
    ends = AuditEvent.objects.filter(kind=AuditEvent.Kind.REPORT_BUILD, detail__contains="failed")
    assert ends.count() == 2
    assert pdf_builds_fail_abandoned() == 0  # once is enough


def test_a_vanished_build_is_failed_when_its_page_is_read_and_can_be_built_again(
    client, queued_builds, report, plan_manager, monkeypatch
):
    stuck = aged(pdf_build_request(report=report, user=plan_manager), 11, "running")
    client.force_login(plan_manager)
    page = client.get(
        reverse("reports:pdf_build", args=[stuck.report.plan.slug, stuck.pk])
    ).content.decode()
    assert "The PDF could not be built" in page and "Export the report again" in page
    stuck.refresh_from_db()
    assert stuck.status == PdfBuild.Status.FAILED

    response = client.post(
        reverse("reports:board_report_export", args=[report.plan.slug, report.pk])
    )
    again = PdfBuild.objects.latest("pk")
    assert response.url == reverse("reports:pdf_build", args=[again.report.plan.slug, again.pk])
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    again.refresh_from_db()
    assert again.status == PdfBuild.Status.SUCCEEDED, again.error


def test_a_failing_housekeeping_job_does_not_stop_the_others(
    settings, queued_builds, report, plan_manager
):
    stuck = aged(pdf_build_request(report=report, user=plan_manager), 11, "running")
    settings.TASK_WORKER_HOUSEKEEPING = [
        "reports.services.no_such_function",
        "reports.services.pdf_builds_fail_abandoned",
    ]
    db_worker.run_housekeeping()
    stuck.refresh_from_db()
    assert stuck.status == PdfBuild.Status.FAILED
