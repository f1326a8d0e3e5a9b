"""Downloading a Board report in Word: a draft's drawn from the data (plan managers
only), a final report's the one kept with its final PDF."""

import io

import docx
import pytest
from django.urls import reverse
from docx2python import docx2python

from actions.models import Action
from reports.services import board_report_finalise, final_pdf
from reports.tasks import pdf_build_request
from reports.word import WORD_CONTENT_TYPE

from .board_fixtures import *  # noqa: F403 - the fixtures

pytestmark = pytest.mark.django_db


def opened(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def word_url(report) -> str:
    return reverse("reports:board_report_word", args=[report.plan.slug, report.pk])


def test_a_manager_downloads_a_draft_in_word(client, plan_manager, report):
    client.force_login(plan_manager)
    response = client.get(word_url(report))
    assert response.status_code == 200
    assert response["Content-Type"] == WORD_CONTENT_TYPE
    assert "-draft.docx" in response["Content-Disposition"]
    document = opened(response.content)
    assert document.sections[0].header.paragraphs[0].text.count("DRAFT") == 1
    assert "Quality of Practice" in [row.cells[0].text for row in document.tables[0].rows]
    page = client.get(
        reverse("reports:board_report", args=[report.plan.slug, report.pk])
    ).content.decode()
    assert "Download a draft in Word" in page


def test_a_draft_in_word_does_not_exist_for_others(client, board_member, outsider, report):
    for user in (board_member, outsider):
        client.force_login(user)
        assert client.get(word_url(report)).status_code == 404
    client.logout()
    assert client.get(word_url(report)).status_code == 302


def test_a_final_reports_word_paper_is_built_with_its_pdf_and_never_changes(
    client, plan_manager, board_member, report, pdf_settings
):
    final = board_report_finalise(report=report, user=plan_manager, expected_version=1)
    client.force_login(board_member)
    response = client.get(word_url(final), follow=True)
    assert "built with the final PDF: export the PDF first" in response.content.decode()

    pdf_build_request(report=final, user=plan_manager)
    build = final_pdf(final)
    assert build.word_file and build.word_sha256
    kept = build.word_file.read()

    # Later changes to the plan do not reach the kept paper.
    Action.objects.filter(reference="1.01").update(title="A title written after the Board")
    response = client.get(word_url(final))
    assert response.status_code == 200
    assert response["Content-Type"] == WORD_CONTENT_TYPE
    downloaded = b"".join(response.streaming_content)
    assert downloaded == kept
    assert "A title written after the Board" not in docx2python(io.BytesIO(downloaded)).text
    assert "Track every child in PLO" in docx2python(io.BytesIO(downloaded)).text
    page = client.get(
        reverse("reports:board_report", args=[final.plan.slug, final.pk])
    ).content.decode()
    assert "Download the final paper in Word" in page


def test_a_final_pdf_built_before_word_papers_says_so(client, plan_manager, report, pdf_settings):
    final = board_report_finalise(report=report, user=plan_manager, expected_version=1)
    pdf_build_request(report=final, user=plan_manager)
    build = final_pdf(final)
    build.word_file = ""
    build.save()
    client.force_login(plan_manager)
    response = client.get(word_url(final), follow=True)
    assert "no Word paper was kept with it" in response.content.decode()
