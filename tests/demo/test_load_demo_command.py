"""``manage.py load_demo`` will not put the demo's accounts, which share a published
password, into a database that has real accounts, unless told it is a test copy."""

import datetime
import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings

from demo.content import DEMO_USERS, PLAN_SLUG
from demo.northbrook import northbrook_people
from demo.plan import demo_load
from plans.models import Plan
from reports.models import BoardReport, PdfBuild
from reports.services import final_pdf
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fast_hashing", "media_root"),
]


@pytest.fixture
def media_root(settings, tmp_path):
    """The demo's final PDF goes to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fast_hashing():
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


def test_a_database_with_accounts_of_its_own_is_refused_and_left_alone():
    for username in ("a.adebayo", "b.byrne", "c.chen", "d.doyle"):
        UserFactory(username=username)

    with pytest.raises(CommandError) as refused:
        call_command("load_demo", stdout=io.StringIO())

    message = str(refused.value)
    assert "Nothing was loaded" in message
    assert "4 accounts of its own (a.adebayo, b.byrne, c.chen and others)" in message
    assert "--beside-other-accounts" in message
    assert not Plan.objects.exists()
    assert get_user_model().objects.count() == 4


def test_a_test_copy_takes_the_demo_when_told_so():
    UserFactory(username="a.adebayo")
    output = io.StringIO()

    call_command("load_demo", "--beside-other-accounts", stdout=output)

    assert Plan.objects.filter(slug=PLAN_SLUG).exists()
    # The demo's people, the second council's and its adviser, beside the one of its own.
    assert get_user_model().objects.count() == 1 + len(DEMO_USERS) + len(northbrook_people())
    assert "DEMO ONLY" in output.getvalue()


def test_an_empty_database_takes_the_demo_and_loading_again_changes_nothing():
    call_command("load_demo", stdout=io.StringIO())
    # Accounts added since, as anyone trying the demo might, do not stop a second run.
    UserFactory(username="a.adebayo")
    output = io.StringIO()

    call_command("load_demo", stdout=output)

    assert "already loaded" in output.getvalue()
    assert Plan.objects.filter(slug=PLAN_SLUG).count() == 1
    # The final paper's PDF was built once, by the first run, and is kept.
    assert "Built the final PDF" not in output.getvalue()
    assert PdfBuild.objects.count() == 1


def test_the_demo_arrives_with_its_final_paper_built_as_on_the_day(media_root):
    output = io.StringIO()

    call_command("load_demo", stdout=output)

    report = BoardReport.objects.get(status=BoardReport.Status.FINAL)
    build = final_pdf(report)
    assert build is not None and build.status == PdfBuild.Status.SUCCEEDED
    assert "Built the final PDF of the progress update of 23 April 2020" in output.getvalue()
    # Built the day it was made final, by the person who made it final, not today.
    assert build.requested_by == report.finalised_by
    assert build.finished_at.date() == report.finalised_at.date() == datetime.date(2020, 4, 23)
    content = build.file.read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == build.sha256
    assert "Improvement Plan Progress Update" in build.paper_html
    assert str(media_root) in build.file.path


def test_a_demo_loaded_before_it_had_a_final_pdf_gets_one():
    plan = demo_load()
    assert not PdfBuild.objects.exists()

    call_command("load_demo", stdout=io.StringIO())

    assert PdfBuild.objects.filter(report__meeting__plan=plan, of_final_report=True).count() == 1
