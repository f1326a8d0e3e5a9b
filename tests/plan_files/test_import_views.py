"""Import in the browser: upload, preview, confirm; and who may do it."""

import datetime
import os

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.models import Action, ActionUpdate, Rating
from actions.services import action_update_record
from improvement_board.roles import Role
from plans.models import Plan
from tests.factories import ActionFactory, SectionFactory, UserFactory
from tests.html import table_rows

from .sheets import action_row, row_counts, xlsx

pytestmark = pytest.mark.django_db

NEW = reverse("plan_files:import_new")


def upload(data: bytes, name="plan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def new_plan_form(data: bytes, name="plan.xlsx", **overrides) -> dict:
    form = {
        "title": "Children's Services Improvement Plan",
        "organisation": "Exampleshire County Council",
        "start_date": "2020-06-01",
        "file": upload(data, name),
    }
    form.update(overrides)
    return form


def stashed_files() -> list[str]:
    try:
        return default_storage.listdir("plan-imports")[1]
    except FileNotFoundError:
        return []


def test_upload_preview_confirm_creates_a_new_plan(client, plan_manager):
    client.force_login(plan_manager)
    rows = [
        action_row("1.01", lead="Jo Bloggs", rating="Green", commentary="Going well"),
        action_row("2.01", section="Partnership working", rating="Red", commentary="Late"),
    ]
    response = client.post(NEW, new_plan_form(xlsx(rows)))
    assert response.status_code == 302
    preview_url = response.url
    assert len(stashed_files()) == 1

    response = client.get(preview_url)
    html = response.content.decode()
    assert "A new plan: <strong>Children&#x27;s Services Improvement Plan</strong>" in html
    assert table_rows(html, "app-import-leads") == [
        ["Lead, as in the file", "Leads actions"],
        ["Jo Bloggs", "1.01"],
    ]
    assert table_rows(html, "app-import-new")[1:] == [
        ["1.01", "Action 1.01", "Quality of Practice", "Jo Bloggs No account yet", "Green"],
        ["2.01", "Action 2.01", "Partnership working", str(plan_manager), "Red"],
    ]
    assert not Plan.objects.exists()

    response = client.post(preview_url, {"fingerprint": response.context["changes"].fingerprint()})
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans:manage", args=[plan.slug])
    assert plan.start_date == datetime.date(2020, 6, 1)
    assert plan_manager in plan.members.all()
    assert Action.objects.filter(plan=plan).count() == 2
    assert stashed_files() == []
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert messages == [
        "Imported plan.xlsx into Children's Services Improvement Plan: 2 new actions, "
        "0 changed, 2 rating changes recorded."
    ]

    # Confirming twice does not import twice.
    response = client.post(preview_url, {"fingerprint": "x"})
    assert response.status_code == 404
    assert Action.objects.count() == 2


def test_preview_of_an_import_into_a_plan_shows_field_diffs_and_rating_changes(
    client, plan_manager, plan
):
    section = SectionFactory(plan=plan, title="Quality of Practice")
    action = ActionFactory(section=section, reference="1.01", title="Old title")
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2020, 1, 20),
        rating=Rating.GREEN,
        commentary="On track",
    )
    ActionFactory(section=section, reference="1.02", title="Left out of the file")
    rows = [action_row("1.01", rating="Amber", commentary="Slipping", lead=action.lead.email)]
    rows[0]["Action"] = "New title"
    client.force_login(plan_manager)
    response = client.post(
        reverse("plan_files:import", args=[plan.slug]), {"file": upload(xlsx(rows))}
    )
    response = client.get(response.url)
    html = response.content.decode()
    assert table_rows(html, "app-import-changed")[1:] == [
        ["1.01", "Action", "Old title", "New title"]
    ]
    assert table_rows(html, "app-import-ratings")[1:] == [
        ["1.01", "New title", "Green", "Amber", "Slipping"]
    ]
    assert table_rows(html, "app-import-missing")[1:] == [
        ["1.02", "Left out of the file", "Not rated"]
    ]

    response = client.post(
        response.request["PATH_INFO"],
        {"fingerprint": response.context["form"]["fingerprint"].value()},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.rating) == ("New title", Rating.AMBER)
    assert action.updates.latest_first().first().kind == ActionUpdate.Kind.IMPORTED


def test_a_file_with_errors_lists_them_all_keeps_the_form_and_writes_nothing(client, plan_manager):
    client.force_login(plan_manager)
    rows = [action_row("1.01", rating="Purple"), action_row("1.01", due_date="soon")]
    before = row_counts()
    response = client.post(NEW, new_plan_form(xlsx(rows), title="My plan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert table_rows(html, "app-import-problems") == [
        ["Row", "Column", "Problem"],
        ["2", "Rating (column H)", "“Purple” is not a rating. Use Blue, Green, Amber or Red."],
        ["3", "Ref (column B)", "Ref 1.01 is also on row 2. Each action needs its own Ref."],
        [
            "3",
            "Due date (column G)",
            "“soon” is not a date. Use a date like 31/03/2020 or 2020-03-31.",
        ],
    ]
    assert "plan.xlsx has 3 problems in its rows" in html
    assert 'value="My plan"' in html
    assert "govuk-error-summary" in html
    assert stashed_files() == []
    counts = row_counts()
    counts.pop("sessions.Session")
    before.pop("sessions.Session")
    assert counts == before


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "empty.xlsx", "The selected file is empty."),
        (
            os.urandom(10 * 1024 * 1024),
            "junk.xlsx",
            "The file is 10.0 MB. The largest file you can import is 5 MB",
        ),
        (b"\x00\x01binary" * 100, "junk.bin", "The file is not a spreadsheet."),
        (
            xlsx([["Quality", "Do it"]], headers=["Section", "Action"]),
            "plan.xlsx",
            "The file has no Ref column.",
        ),
    ],
)
def test_bad_files_get_a_specific_message(client, plan_manager, plan, data, name, message):
    client.force_login(plan_manager)
    response = client.post(
        reverse("plan_files:import", args=[plan.slug]), {"file": upload(data, name)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stashed_files() == []
    assert not Action.objects.exists()


def test_the_new_plan_details_are_validated(client, plan_manager):
    client.force_login(plan_manager)
    response = client.post(
        NEW, new_plan_form(xlsx([action_row()]), title="", start_date="31/02/2020")
    )
    form = response.context["form"]
    assert form.errors == {
        "title": ["Enter the plan's title."],
        "start_date": ["Enter a real date, like 2020-06-01 or 01/06/2020."],
    }


def test_cancel_discards_the_upload(client, plan_manager, plan):
    client.force_login(plan_manager)
    response = client.post(
        reverse("plan_files:import", args=[plan.slug]), {"file": upload(xlsx([action_row()]))}
    )
    token = response.url.rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("plan_files:import_cancel", args=[token]))
    assert response.url == reverse("plans:manage", args=[plan.slug])
    assert stashed_files() == []
    assert client.get(reverse("plan_files:import_preview", args=[token])).status_code == 404


def test_an_upload_belongs_to_the_session_that_made_it(client, plan_manager, plan):
    other = UserFactory(role=Role.PLAN_MANAGER)
    plan.members.add(other)
    client.force_login(plan_manager)
    response = client.post(
        reverse("plan_files:import", args=[plan.slug]), {"file": upload(xlsx([action_row()]))}
    )
    preview_url = response.url
    client.force_login(other)
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, {"fingerprint": "x"}).status_code == 404
    assert not Action.objects.exists()


def test_confirming_after_the_plan_changed_shows_the_new_changes(client, plan_manager, plan):
    action = ActionFactory(section=SectionFactory(plan=plan, title="S"), reference="1.01")
    client.force_login(plan_manager)
    rows = [action_row("1.01", section="S", rating="Green", lead=action.lead.email)]
    response = client.post(
        reverse("plan_files:import", args=[plan.slug]), {"file": upload(xlsx(rows))}
    )
    preview_url = response.url
    fingerprint = client.get(preview_url).context["changes"].fingerprint()
    action_update_record(
        action=action,
        author=action.lead,
        effective_date=datetime.date(2020, 2, 1),
        rating=Rating.RED,
        commentary="Meanwhile",
        slippage_reason="capacity",
    )
    response = client.post(preview_url, {"fingerprint": fingerprint})
    assert response.status_code == 200
    assert response.context["outdated"]
    assert "The plan changed after you uploaded the file" in response.content.decode()
    assert action.updates.count() == 1


def test_a_file_that_changes_nothing_says_so(client, plan_manager, plan):
    client.force_login(plan_manager)
    response = client.post(
        reverse("plan_files:import", args=[plan.slug]),
        {"file": upload(xlsx([action_row()]))},
    )
    client.post(
        response.url, {"fingerprint": client.get(response.url).context["changes"].fingerprint()}
    )
    response = client.post(
        reverse("plan_files:import", args=[plan.slug]), {"file": upload(xlsx([action_row()]))}
    )
    html = client.get(response.url).content.decode()
    assert "Importing this file would change nothing" in html
    assert "Import these changes" not in html


# --- Who may import -------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in(client, plan):
    for url in (
        NEW,
        reverse("plan_files:import", args=[plan.slug]),
        reverse("plan_files:import_preview", args=["abc"]),
        reverse("plan_files:import_template"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_outsiders_get_not_found_even_if_they_manage_other_plans(client, outsider, plan):
    other_manager = UserFactory(role=Role.PLAN_MANAGER)
    for user in (outsider, other_manager):
        client.force_login(user)
        assert client.get(reverse("plan_files:import", args=[plan.slug])).status_code == 404


def test_other_members_are_refused(client, action_owner, board_member, plan):
    for user in (action_owner, board_member):
        client.force_login(user)
        assert client.get(reverse("plan_files:import", args=[plan.slug])).status_code == 403
        assert client.get(NEW).status_code == 403
        response = client.post(
            reverse("plan_files:import", args=[plan.slug]), {"file": upload(xlsx([action_row()]))}
        )
        assert response.status_code == 403
    assert stashed_files() == []


def test_a_superseded_plan_cannot_be_imported_into(client, plan_manager, plan):
    plan.status = Plan.Status.SUPERSEDED
    plan.save()
    client.force_login(plan_manager)
    response = client.get(reverse("plan_files:import", args=[plan.slug]))
    assert response.status_code == 403
    assert "This plan cannot be changed" in response.content.decode()


def test_the_template_downloads(client, board_member):
    client.force_login(board_member)
    response = client.get(reverse("plan_files:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "improvement-plan-template.xlsx" in response["Content-Disposition"]
