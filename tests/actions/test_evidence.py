"""Adding, downloading and removing evidence."""

import pytest
from django.urls import reverse

from actions.models import Evidence
from tests.actions.files import EXE, HTML, PDF, SVG, ooxml, too_large, upload
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def add_url(action) -> str:
    return reverse("actions:evidence_add", args=[action.plan.slug, action.pk])


def post_file(client, action, name: str, content: bytes, title: str = "Assessment audit"):
    return client.post(add_url(action), {"title": title, "file": upload(name, content)})


def downloaded(response) -> bytes:
    return b"".join(response.streaming_content)


def test_an_owner_uploads_a_file_that_downloads_byte_identical_as_an_attachment(
    client, action_owner, board_member, action
):
    client.force_login(action_owner)
    response = post_file(client, action, "Audit March 2020.pdf", PDF)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.title, evidence.file_name, evidence.media_type, evidence.size) == (
        "Assessment audit",
        "Audit March 2020.pdf",
        "application/pdf",
        len(PDF),
    )
    assert evidence.added_by == action_owner

    page = client.get(action.get_absolute_url()).content.decode()
    assert "Assessment audit" in page
    assert (
        reverse("actions:evidence_download", args=[evidence.action.plan.slug, evidence.pk]) in page
    )

    # Anyone who may read the action may read its evidence.
    client.force_login(board_member)
    response = client.get(
        reverse("actions:evidence_download", args=[evidence.action.plan.slug, evidence.pk])
    )
    assert response.status_code == 200
    assert downloaded(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Audit March 2020.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_an_office_document_keeps_its_type(client, action_owner, action):
    client.force_login(action_owner)
    content = ooxml("xlsx")
    post_file(client, action, "caseloads.xlsx", content)
    evidence = Evidence.objects.get()
    response = client.get(
        reverse("actions:evidence_download", args=[evidence.action.plan.slug, evidence.pk])
    )
    assert downloaded(response) == content
    assert response["Content-Type"].endswith("spreadsheetml.sheet")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", HTML, "its content is not a PDF"),
        ("diagram.svg", SVG, "Files ending .svg cannot be uploaded"),
        ("setup.exe", EXE, "Files ending .exe cannot be uploaded"),
        ("big.pdf", too_large(), "It must be 20 MB or smaller"),
    ],
)
def test_hostile_uploads_are_refused_with_the_reason_and_the_title_kept(
    client, action_owner, action, name, content, message
):
    client.force_login(action_owner)
    response = post_file(client, action, name, content, title="Quarterly audit")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert 'href="#id_file"' in html  # the summary links to the file input
    assert 'value="Quarterly audit"' in html
    assert not Evidence.objects.exists()


def test_a_path_in_the_filename_is_neutralised(client, action_owner, action, media_root):
    client.force_login(action_owner)
    post_file(client, action, "../../x.pdf", PDF)
    evidence = Evidence.objects.get()
    assert evidence.file_name == "x.pdf"
    stored = media_root / evidence.file.name
    assert stored.is_file()
    assert stored.resolve().is_relative_to((media_root / "evidence").resolve())
    assert stored.name == "x.pdf"
    response = client.get(
        reverse("actions:evidence_download", args=[evidence.action.plan.slug, evidence.pk])
    )
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'


def test_a_link_can_be_evidence(client, delegate, action):
    client.force_login(delegate)
    response = client.post(
        add_url(action),
        {"title": "Practice standards", "url": "https://intranet.example.org/standards"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.url == "https://intranet.example.org/standards"
    assert not evidence.file
    assert evidence.added_by == delegate


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "Audit"}, "Choose a file to upload, or give a link."),
        ({"title": "", "url": "https://example.org/a"}, "Enter a title for the evidence."),
        ({"title": "Audit", "url": "javascript:alert(1)"}, "Enter a web address"),
        ({"title": "Audit", "url": "http://example.org/a"}, "The link must start with https://"),
    ],
)
def test_incomplete_evidence_is_explained(client, action_owner, action, data, message):
    client.force_login(action_owner)
    response = client.post(add_url(action), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_file_and_a_link_together_are_refused(client, action_owner, action):
    client.force_login(action_owner)
    response = client.post(
        add_url(action),
        {"title": "Audit", "url": "https://example.org/a", "file": upload("a.pdf", PDF)},
    )
    assert response.status_code == 400
    assert "not both" in response.content.decode()


def test_a_file_chosen_before_another_mistake_is_named_to_choose_again(
    client, action_owner, action
):
    client.force_login(action_owner)
    response = client.post(add_url(action), {"title": "", "file": upload("Audit.pdf", PDF)})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Enter a title for the evidence." in html
    assert "You chose “Audit.pdf”. Choose it again" in html
    assert not Evidence.objects.exists()


def test_the_uploader_removes_evidence_and_the_history_keeps_it(client, action_owner, action):
    client.force_login(action_owner)
    post_file(client, action, "audit.pdf", PDF)
    evidence = Evidence.objects.get()
    remove_url = reverse("actions:evidence_remove", args=[evidence.action.plan.slug, evidence.pk])
    assert client.get(remove_url).status_code == 200  # asks first

    response = client.post(remove_url)
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.removed_at is not None
    assert evidence.removed_by == action_owner

    response = client.get(action.get_absolute_url())
    assert response.context["evidence"] == []
    kinds = [entry.kind for entry in response.context["history"]]
    assert kinds[:2] == ["evidence_removed", "evidence_added"]
    # The file is kept, but only plan managers can still read it.
    assert (
        client.get(
            reverse("actions:evidence_download", args=[evidence.action.plan.slug, evidence.pk])
        ).status_code
        == 404
    )


def test_a_plan_manager_removes_anyones_evidence_and_can_still_read_it(
    client, plan_manager, action_owner, action
):
    client.force_login(action_owner)
    post_file(client, action, "audit.pdf", PDF)
    evidence = Evidence.objects.get()
    client.force_login(plan_manager)
    assert (
        client.post(
            reverse("actions:evidence_remove", args=[evidence.action.plan.slug, evidence.pk])
        ).status_code
        == 302
    )
    response = client.get(
        reverse("actions:evidence_download", args=[evidence.action.plan.slug, evidence.pk])
    )
    assert downloaded(response) == PDF


def test_only_the_uploader_or_a_plan_manager_may_remove(client, delegate, action_owner, action):
    evidence = EvidenceFactory(action=action, added_by=action_owner)
    client.force_login(delegate)
    response = client.post(
        reverse("actions:evidence_remove", args=[evidence.action.plan.slug, evidence.pk])
    )
    assert response.status_code == 403
    assert "permission to remove this evidence" in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.removed_at is None


def test_outsiders_cannot_download_or_even_learn_the_file_exists(client, outsider, action):
    evidence = EvidenceFactory(action=action)
    client.force_login(outsider)
    for name in ("actions:evidence_download", "actions:evidence_remove"):
        assert (
            client.get(reverse(name, args=[evidence.action.plan.slug, evidence.pk])).status_code
            == 404
        )


def test_anonymous_users_are_sent_to_sign_in(client, action):
    evidence = EvidenceFactory(action=action)
    for url in (
        add_url(action),
        reverse("actions:evidence_download", args=[evidence.action.plan.slug, evidence.pk]),
        reverse("actions:evidence_remove", args=[evidence.action.plan.slug, evidence.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_a_link_has_no_download(client, board_member, action):
    evidence = EvidenceFactory(action=action)
    client.force_login(board_member)
    response = client.get(
        reverse("actions:evidence_download", args=[evidence.action.plan.slug, evidence.pk])
    )
    assert response.status_code == 404
