"""Request bodies: one larger than the largest legitimate upload is refused unread."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.actions.files import PDF
from tests.factories import ActionFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


class Unreadable(io.BytesIO):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of an over-long request was read")

    readline = read


def test_a_body_over_the_limit_is_refused_before_it_is_read(plan_manager, settings):
    client = client_for(plan_manager)
    for length in (settings.REQUEST_BODY_MAX_BYTES + 1, 200 * 1024 * 1024):
        response = client.generic(
            "POST",
            reverse("plan_files:import_new"),
            CONTENT_LENGTH=str(length),
            CONTENT_TYPE="multipart/form-data; boundary=x",
            **{"wsgi.input": Unreadable()},
        )
        assert response.status_code == 413
        assert "larger than 21 MB, so it was not read" in response.content.decode()


def test_the_largest_legitimate_upload_is_read(client, action_owner, plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    action = ActionFactory(section__plan=plan, lead=action_owner)
    client.force_login(action_owner)
    twenty_mb = PDF + b"0" * (20 * 1024 * 1024 - len(PDF))
    response = client.post(
        reverse("actions:evidence_add", args=[action.plan.slug, action.pk]),
        {"title": "Audit", "file": SimpleUploadedFile("audit.pdf", twenty_mb)},
    )
    assert response.status_code == 302
    assert action.evidence.get().file.size == len(twenty_mb)
