"""Import in the browser: upload, reading in the worker, preview with questions, confirm;
and who may do it."""

import datetime
import os
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ActionUpdate, Rating
from actions.services import action_update_record
from improvement_board.models import AuditEvent
from improvement_board.roles import Role
from plan_files.models import ImportChoices, ImportReading
from plans.models import Plan
from tests.actions.form_data import date_fields
from tests.factories import ActionFactory, SectionFactory, UserFactory
from tests.html import table_rows

from .sheets import action_row, row_counts, xlsx

pytestmark = pytest.mark.django_db

NEW = reverse("plan_files:import_new")
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def worker(settings, django_capture_on_commit_callbacks):
    """Files are read by the task worker once the upload commits: here, at once."""
    settings.TASKS = IMMEDIATE

    class Worker:
        def post(self, client, url, data):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(url, data)

    return Worker()


def upload(data: bytes, name="plan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def new_plan_form(data: bytes, name="plan.xlsx", **overrides) -> dict:
    """The new-plan form as a browser sends it; dates as dates or as typed, "d/m/yyyy"."""
    values = {
        "title": "Children's Services Improvement Plan",
        "organisation": "Exampleshire County Council",
        "start_date": datetime.date(2020, 6, 1),
        "as_at": timezone.localdate(),
    } | overrides
    form = {"file": upload(data, name)}
    for key, value in values.items():
        form |= date_fields(key, value) if key in ("start_date", "as_at") else {key: value}
    return form


def into(plan, data: bytes, name="plan.xlsx", as_at=None) -> dict:
    return {"file": upload(data, name), **date_fields("as_at", as_at or timezone.localdate())}


def stashed_files() -> list[str]:
    try:
        return default_storage.listdir("plan-imports")[1]
    except FileNotFoundError:
        return []


def confirm(client, worker, preview_url):
    response = client.get(preview_url)
    fingerprint = response.context["form"]["fingerprint"].value()
    return worker.post(client, preview_url, {"fingerprint": fingerprint})


def test_upload_preview_confirm_creates_a_new_plan(client, plan_manager, worker):
    client.force_login(plan_manager)
    rows = [
        action_row("1.01", lead="Jo Bloggs", rating="Green", commentary="Going well"),
        action_row("2.01", section="Partnership working", rating="Red", commentary="Late"),
    ]
    response = worker.post(client, NEW, new_plan_form(xlsx(rows)))
    assert response.status_code == 302
    preview_url = response.url
    assert len(stashed_files()) == 1

    response = client.get(preview_url)
    html = response.content.decode()
    assert "A new plan: <strong>Children&#x27;s Services Improvement Plan</strong>" in html
    assert "The Actions sheet, headings in row 1" in html
    assert table_rows(html, "app-import-leads") == [
        ["As in the file", "Named on actions"],
        ["Jo Bloggs", "1.01"],
    ]
    assert table_rows(html, "app-import-new")[1:] == [
        [
            "1.01",
            "Action 1.01",
            "Quality of Practice",
            "Jo Bloggs No account yet",
            "31 March 2020",
            "Green",
        ],
        [
            "2.01",
            "Action 2.01",
            "Partnership working",
            f"{plan_manager} (you: the file names no lead)",
            "31 March 2020",
            "Red",
        ],
    ]
    assert not Plan.objects.exists()

    response = confirm(client, worker, preview_url)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans:manage", args=[plan.slug])
    assert plan.start_date == datetime.date(2020, 6, 1)
    assert plan_manager in plan.members.all()
    assert Action.objects.filter(plan=plan).count() == 2
    assert stashed_files() == []
    assert not ImportReading.objects.exists()
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    today = timezone.localdate()
    assert messages == [
        "Imported plan.xlsx into Children's Services Improvement Plan: 2 new actions, "
        f"0 changed, 2 updates recorded as at {today.day} {today:%B %Y}."
    ]

    [event] = AuditEvent.objects.filter(kind=AuditEvent.Kind.IMPORT)
    assert (event.user, event.plan) == (plan_manager, plan)
    assert "2 new actions" in event.detail

    # Confirming twice does not import twice.
    response = client.post(preview_url, {"fingerprint": "x"})
    assert response.status_code == 404
    assert Action.objects.count() == 2


def test_preview_of_an_import_into_a_plan_shows_field_diffs_and_rating_changes(
    client, plan_manager, plan, worker
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
    response = worker.post(
        client, reverse("plan_files:import", args=[plan.slug]), into(plan, xlsx(rows))
    )
    preview_url = response.url
    html = client.get(preview_url).content.decode()
    assert table_rows(html, "app-import-changed")[1:] == [
        ["1.01", "Action", "Old title", "New title"]
    ]
    assert table_rows(html, "app-import-ratings")[1:] == [
        [
            "1.01",
            "New title",
            "Green",
            "Amber Imported without a reason for slippage",
            "Slipping",
        ]
    ]
    assert table_rows(html, "app-import-missing")[1:] == [
        ["1.02", "Left out of the file", "Not rated"]
    ]

    response = confirm(client, worker, preview_url)
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.title, action.rating) == ("New title", Rating.AMBER)
    assert action.updates.latest_first().first().kind == ActionUpdate.Kind.IMPORTED


def test_a_file_with_problems_lists_them_all_and_writes_nothing(client, plan_manager, worker):
    client.force_login(plan_manager)
    rows = [action_row("1.01", rating="Purple"), action_row("1.01", due_date="soon")]
    before = row_counts()
    response = worker.post(client, NEW, new_plan_form(xlsx(rows), title="My plan"))
    response = client.get(response.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert table_rows(html, "app-import-problems") == [
        ["Row", "Column", "Problem"],
        [
            "The Actions sheet, row 3",
            "Ref (column B)",
            "Ref 1.01 is also on row 2. Each action needs its own Ref.",
        ],
    ]
    assert "plan.xlsx has 1 problem in its rows" in html
    assert "Say what “Purple” means as a rating." in html
    assert "What does “Purple” mean?" in html
    assert "govuk-error-summary" in html
    assert "Import these changes" not in html
    assert not Plan.objects.exists()
    counts = row_counts()
    for kept in ("sessions.Session", "plan_files.ImportReading", "django_tasks_db.DBTaskResult"):
        counts.pop(kept, None)
        before.pop(kept, None)
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
    ],
)
def test_files_too_big_or_empty_are_refused_on_the_form(
    client, plan_manager, plan, data, name, message, worker
):
    client.force_login(plan_manager)
    response = worker.post(
        client, reverse("plan_files:import", args=[plan.slug]), into(plan, data, name)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert stashed_files() == []
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"\x00\x01binary" * 100, "junk.bin", "The file is not a spreadsheet or a Word document."),
        (
            xlsx([["Quality", "Jo Bloggs"]], headers=["Section", "Lead"]),
            "plan.xlsx",
            "No plan table found in the Actions sheet",
        ),
        (
            xlsx([["Quality", "1.01", "Jo Bloggs"]], headers=["Section", "Ref", "Lead"]),
            "plan.xlsx",
            "No column is read as the Action itself",
        ),
    ],
)
def test_files_the_import_cannot_read_get_a_specific_message(
    client, plan_manager, plan, data, name, message, worker
):
    client.force_login(plan_manager)
    response = worker.post(
        client, reverse("plan_files:import", args=[plan.slug]), into(plan, data, name)
    )
    html = client.get(response.url).content.decode()
    assert message in html
    assert "Import these changes" not in html
    assert not Action.objects.exists()


def test_the_new_plan_details_are_validated(client, plan_manager):
    client.force_login(plan_manager)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        NEW,
        new_plan_form(xlsx([action_row()]), title="", start_date="31/2/2020", as_at=tomorrow),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {
        "title": ["Enter the plan's title."],
        "start_date": ["Start date must be a real date."],
        "as_at": ["The day the file describes cannot be in the future."],
    }
    response = client.post(
        NEW,
        new_plan_form(
            xlsx([action_row()]),
            start_date=datetime.date(2020, 6, 1),
            as_at=datetime.date(2020, 5, 31),
        ),
    )
    assert response.context["form"].errors == {
        "as_at": [
            "The day the file describes is before the plan starts (1 June 2020). Give a later "
            "day, or an earlier start date."
        ]
    }
    assert not ImportReading.objects.exists()


def test_unknown_words_and_columns_are_answered_in_the_preview_and_remembered(
    client, plan_manager, plan, worker
):
    client.force_login(plan_manager)
    headings = ["Ref", "Key deliverable", "RAG", "Comments box"]
    data = xlsx(
        [["1.01", "Audit 40 cases", "Amber E", "x"], ["1.02", "Train staff", "G", ""]],
        headers=headings,
    )
    response = worker.post(client, reverse("plan_files:import", args=[plan.slug]), into(plan, data))
    preview_url = response.url
    response = client.get(preview_url)
    assert "No column is read as the Action itself" in response.content.decode()
    form = response.context["answers_form"]
    column = {c.heading: f"column_{i}" for i, c in enumerate(form.column_readings)}
    answers = {
        "answer": "1",
        column["Ref"]: "reference",
        column["Key deliverable"]: "title",
        column["RAG"]: "rating",
        column["Comments box"]: "nonsense",
    }

    # A choice that makes no sense is refused with a message, and nothing is read again.
    response = worker.post(client, preview_url, answers)
    assert response.status_code == 400
    assert "Choose what the column holds, or Not read." in response.content.decode()

    answers[column["Comments box"]] = "ignore"
    assert worker.post(client, preview_url, answers).status_code == 302
    response = client.get(preview_url)
    html = response.content.decode()
    assert "What does “Amber E” mean?" in html
    # Columns the plan manager chose are no longer guesses; the letter G still is.
    assert table_rows(html, "app-import-guesses")[1:] == [["3", "RAG (column C)", "G", "Green"]]
    assert not response.context["changes"].is_ready

    answers = {"answer": "1", "word_0": "amber"}
    form = response.context["answers_form"]
    answers |= {f"column_{i}": c.field or "ignore" for i, c in enumerate(form.column_readings)}
    assert worker.post(client, preview_url, answers).status_code == 302
    assert client.get(preview_url).context["changes"].is_ready
    assert confirm(client, worker, preview_url).status_code == 302
    action = Action.objects.get(plan=plan, reference="1.01")
    assert (action.title, action.rating) == ("Audit 40 cases", Rating.AMBER)
    kept = ImportChoices.objects.get(plan=plan)
    assert kept.columns == {
        "ref": "reference",
        "key deliverable": "title",
        "rag": "rating",
        "comments box": "ignore",
    }
    assert kept.rating_words == {"amber e": "amber"}

    # The next month's file is read with them: no questions.
    data = xlsx(
        [["1.01", "Audit 40 cases", "Amber E", "y"], ["1.02", "Train staff", "B", ""]],
        headers=headings,
    )
    response = worker.post(client, reverse("plan_files:import", args=[plan.slug]), into(plan, data))
    changes = client.get(response.url).context["changes"]
    assert changes.is_ready
    assert [(c.reference, c.rating) for c in changes.rating_changes] == [("1.02", Rating.BLUE)]


def test_the_browser_and_the_command_import_a_file_the_same_way(
    client, plan_manager, worker, tmp_path
):
    headings = ["Priority", "No.", "What?", "Who?", "When?", "RAG", "Update"]
    rows = [
        [
            "Priority 1: Front door",
            "1",
            "Relaunch the MASH. Then audit it.",
            "Head of Service, MASH / Jo Bloggs",
            "Q2 2020/21",
            "A",
            "Slipping",
        ],
        ["", "", "Second step", "", "", "", ""],
        ["Priority 2: Workforce", "2", "Recruit", "", "Ongoing", "Complete", "Done"],
    ]
    data = xlsx(rows, headers=headings, title_row="Kingsmere Council improvement tracker")
    as_at = datetime.date(2020, 9, 1)

    def snapshot(plan):
        actions = Action.objects.filter(plan=plan).order_by("reference")
        return [
            (
                a.section.title,
                a.reference,
                a.title,
                a.description,
                a.lead.get_full_name(),
                sorted(d.get_full_name() for d in a.delegates.all()),
                a.original_due_date,
                a.due_text,
                a.rating,
                [
                    (
                        u.kind,
                        u.rating,
                        u.commentary,
                        u.effective_date,
                        u.source.replace("browser.xlsx", "F").replace("command.xlsx", "F"),
                    )
                    for u in a.updates.order_by("pk")
                ],
            )
            for a in actions
        ]

    client.force_login(plan_manager)
    response = worker.post(
        client,
        NEW,
        new_plan_form(
            data,
            "browser.xlsx",
            start_date=datetime.date(2020, 4, 1),
            as_at=as_at,
            title="Browser plan",
        ),
    )
    confirm(client, worker, response.url)
    path = tmp_path / "command.xlsx"
    path.write_bytes(data)
    call_command(
        "import_plan",
        str(path),
        "--title",
        "Command plan",
        "--organisation",
        "Exampleshire County Council",
        "--start-date",
        "2020-04-01",
        "--as-at",
        "2020-09-01",
        "--user",
        plan_manager.username,
        stdout=StringIO(),
    )
    browser, command = (
        Plan.objects.get(title="Browser plan"),
        Plan.objects.get(title="Command plan"),
    )
    assert snapshot(browser) == snapshot(command)
    assert snapshot(browser)[0][:9] == (
        "Front door",
        "1",
        "Relaunch the MASH.",
        "Relaunch the MASH. Then audit it.\n\n- Second step",
        "Head of Service, MASH",
        ["Jo Bloggs"],
        datetime.date(2020, 9, 30),
        "Q2 2020/21",
        Rating.AMBER,
    )


def test_the_waiting_page_says_the_file_is_being_read_and_warns_when_nothing_reads_it(
    client, plan_manager, plan, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(plan_manager)
    response = client.post(
        reverse("plan_files:import", args=[plan.slug]), into(plan, xlsx([action_row()]))
    )
    response = client.get(response.url)
    assert response.status_code == 202
    assert response["Refresh"] == "2"
    html = response.content.decode()
    assert "Reading the file" in html and "Waiting to be read" in html
    assert "may not be running" not in html
    ImportReading.objects.update(queued_at=timezone.now() - datetime.timedelta(minutes=3))
    assert (
        "The service's background worker may not be running"
        in client.get(response.request["PATH_INFO"]).content.decode()
    )


def test_cancel_discards_the_upload(client, plan_manager, plan, worker):
    client.force_login(plan_manager)
    response = worker.post(
        client, reverse("plan_files:import", args=[plan.slug]), into(plan, xlsx([action_row()]))
    )
    token = response.url.rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("plan_files:import_cancel", args=[token]))
    assert response.url == reverse("plans:manage", args=[plan.slug])
    assert stashed_files() == []
    assert client.get(reverse("plan_files:import_preview", args=[token])).status_code == 404


def test_an_upload_belongs_to_the_person_who_made_it(client, plan_manager, plan, worker):
    other = UserFactory(role=Role.PLAN_MANAGER)
    plan.members.add(other)
    client.force_login(plan_manager)
    response = worker.post(
        client, reverse("plan_files:import", args=[plan.slug]), into(plan, xlsx([action_row()]))
    )
    preview_url = response.url
    client.force_login(other)
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, {"fingerprint": "x"}).status_code == 404
    assert not Action.objects.exists()


def test_confirming_after_the_plan_changed_shows_the_new_changes(
    client, plan_manager, plan, worker
):
    action = ActionFactory(section=SectionFactory(plan=plan, title="S"), reference="1.01")
    client.force_login(plan_manager)
    rows = [action_row("1.01", section="S", rating="Green", lead=action.lead.email)]
    response = worker.post(
        client, reverse("plan_files:import", args=[plan.slug]), into(plan, xlsx(rows))
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


def test_a_file_that_changes_nothing_says_so(client, plan_manager, plan, worker):
    client.force_login(plan_manager)
    response = worker.post(
        client, reverse("plan_files:import", args=[plan.slug]), into(plan, xlsx([action_row()]))
    )
    confirm(client, worker, response.url)
    response = worker.post(
        client, reverse("plan_files:import", args=[plan.slug]), into(plan, xlsx([action_row()]))
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
            reverse("plan_files:import", args=[plan.slug]), into(plan, xlsx([action_row()]))
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
