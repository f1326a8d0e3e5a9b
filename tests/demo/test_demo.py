"""The demo plan reproduces Medway's Board report of 23 April 2020, and loads only once."""

import datetime
import io
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.test import override_settings

from actions.models import Action, ActionUpdate, Evidence, Rating, SlippageReason
from demo.content import ACTIONS, BOARD_DATE, DEMO_PASSWORD, DEMO_USERS, PLAN_SLUG
from demo.plan import action_history, demo_load
from improvement_board.roles import Role
from plans.models import Finding, Plan, Section

# Section 5 of the report: total, Blue, Green, Amber, Red.
BOARD_TABLE = {
    "Quality of Practice": (22, 1, 7, 10, 4),
    "Capacity and capability of workforce": (12, 3, 4, 2, 3),
    "Effective Leadership and Management": (9, 1, 5, 1, 2),
    "Quality Assurance and Performance Management": (9, 6, 2, 1, 0),
    "Partnership working": (10, 3, 4, 2, 1),
}
BRAG = [Rating.BLUE, Rating.GREEN, Rating.AMBER, Rating.RED]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the demo once for this module, and roll it back after the module's last test.

    Each test runs in its own savepoint inside this transaction, so a test that writes
    leaves nothing behind for the next one.
    """
    output = io.StringIO()
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        plan = demo_load(stdout=output)
        yield plan, output.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def plan(loaded):
    return Plan.objects.get(pk=loaded[0].pk)


def ratings_as_at(plan, as_at: datetime.date) -> dict[str, Counter]:
    rows = (
        ActionUpdate.objects.latest_rated_as_at(as_at)
        .filter(action__plan=plan)
        .values("action__section__title", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[str, Counter] = {title: Counter() for title in BOARD_TABLE}
    for row in rows:
        counts[row["action__section__title"]][row["rating"]] = row["n"]
    return counts


def total(counts: dict[str, Counter]) -> Counter:
    return sum(counts.values(), Counter())


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


@pytest.mark.django_db
def test_board_table_as_at_23_april_2020_matches_the_report(plan):
    counts = ratings_as_at(plan, BOARD_DATE)
    totals = dict(
        Action.objects.filter(plan=plan)
        .values_list("section__title")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for title, (n, *brag) in BOARD_TABLE.items():
        assert totals[title] == n, title
        assert [counts[title][rating] for rating in BRAG] == brag, title
    assert [total(counts)[rating] for rating in BRAG] == [14, 22, 16, 10]


@pytest.mark.django_db
def test_plan_sections_and_actions(plan):
    assert plan.slug == PLAN_SLUG
    assert plan.organisation.name == "Medway Council"
    assert plan.status == Plan.Status.ACTIVE
    assert plan.start_date == datetime.date(2019, 10, 1)
    assert plan.inspection_date == datetime.date(2019, 7, 19)
    sections = list(plan.sections.order_by("number"))
    assert [(s.number, s.title) for s in sections] == [
        (number, title) for number, title in enumerate(BOARD_TABLE, start=1)
    ]
    assert all(section.lead_id for section in sections)

    actions = Action.objects.filter(plan=plan).select_related("section")
    assert actions.count() == 62
    for action in actions:
        number, index = action.reference.split(".")
        assert int(number) == action.section.number
        assert len(index) == 2 and index.isdigit()
        assert action.added_on == plan.start_date
        assert action.start_date and action.original_due_date
        assert action.original_due_date >= action.start_date
        assert action.title and action.description and action.success_measures
    per_section = Counter(action.section.number for action in actions)
    for section in sections:
        refs = sorted(a.reference for a in actions if a.section_id == section.pk)
        expected = [f"{section.number}.{i:02d}" for i in range(1, per_section[section.number] + 1)]
        assert refs == expected


@pytest.mark.django_db
def test_every_action_answers_a_recommendation_and_every_recommendation_has_actions(plan):
    recommendations = Finding.objects.filter(plan=plan).of_inspections()
    assert 8 <= recommendations.count() <= 12
    assert [r.reference for r in recommendations] == [
        f"R{i}" for i in range(1, recommendations.count() + 1)
    ]
    assert not Action.objects.filter(plan=plan, recommendations=None).exists()
    assert not recommendations.filter(actions=None).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "as_at", [datetime.date(2019, 11, 30), datetime.date(2019, 12, 31), datetime.date(2020, 1, 31)]
)
def test_earlier_dates_show_fewer_completions_and_more_slippage(plan, as_at):
    then = total(ratings_as_at(plan, as_at))
    board = total(ratings_as_at(plan, BOARD_DATE))
    assert sum(then.values()) == 62
    assert then[Rating.BLUE] < board[Rating.BLUE]
    assert then[Rating.AMBER] + then[Rating.RED] > board[Rating.AMBER] + board[Rating.RED]


@pytest.mark.django_db
def test_completions_only_grow_month_by_month(plan):
    month_ends = [
        datetime.date(2019, 10, 31),
        datetime.date(2019, 11, 30),
        datetime.date(2019, 12, 31),
        datetime.date(2020, 1, 31),
        datetime.date(2020, 2, 29),
        datetime.date(2020, 3, 31),
        BOARD_DATE,
    ]
    blues = [total(ratings_as_at(plan, day))[Rating.BLUE] for day in month_ends]
    assert blues == sorted(blues)
    assert blues[0] == 0 and blues[-1] == 14


@pytest.mark.django_db
def test_march_2020_shows_covid_slippage_and_completions(plan):
    march = ActionUpdate.objects.filter(
        action__plan=plan,
        effective_date__gt=datetime.date(2020, 2, 29),
        effective_date__lte=datetime.date(2020, 3, 31),
    )
    slipped = march.filter(previous_rating=Rating.GREEN, rating=Rating.AMBER)
    assert slipped.count() >= 4
    for update in slipped:
        assert update.slippage_reason == SlippageReason.EXTERNAL
        assert "Covid-19" in update.commentary
    completed = march.filter(rating=Rating.BLUE).exclude(previous_rating=Rating.BLUE)
    assert completed.count() >= 3


@pytest.mark.django_db
def test_every_amber_or_red_update_gives_a_reason_and_any_revised_date_is_later(plan):
    updates = ActionUpdate.objects.filter(action__plan=plan).select_related("action")
    slipping = updates.filter(rating__in=[Rating.AMBER, Rating.RED])
    assert slipping.exists()
    assert not slipping.filter(slippage_reason="").exists()
    for update in updates.exclude(revised_due_date=None):
        assert update.rating in (Rating.AMBER, Rating.RED)
        assert update.revised_due_date > update.action.original_due_date
        assert update.revised_due_date > update.effective_date
    for update in updates.filter(slippage_reason=SlippageReason.EXTERNAL):
        assert "Covid-19" in update.commentary
        assert update.effective_date >= datetime.date(2020, 3, 1)


@pytest.mark.django_db
def test_no_action_is_green_after_its_due_date(plan):
    for action in Action.objects.filter(plan=plan).prefetch_related("updates"):
        due = action.original_due_date
        for update in sorted(action.updates.all(), key=lambda u: (u.effective_date, u.pk)):
            due = update.revised_due_date or due
            if update.rating == Rating.GREEN:
                assert update.effective_date <= due, action.reference


def monthly(updates):
    """The lead's monthly updates, without the plan managers' sign-offs."""
    return [u for u in updates if u.kind != ActionUpdate.Kind.SIGNED_OFF]


@pytest.mark.django_db
def test_history_is_monthly_by_the_lead_and_never_goes_blue_and_back(plan):
    assert len(monthly(ActionUpdate.objects.filter(action__plan=plan))) == 62 * 7
    for action in Action.objects.filter(plan=plan).prefetch_related("updates"):
        updates = sorted(monthly(action.updates.all()), key=lambda u: u.effective_date)
        months = [(u.effective_date.year, u.effective_date.month) for u in updates]
        assert months == [(2019, 10), (2019, 11), (2019, 12), (2020, 1), (2020, 2), (2020, 3)] + [
            (2020, 4)
        ]
        assert updates[-1].effective_date <= BOARD_DATE
        assert all(20 <= u.effective_date.day <= 23 for u in updates)
        proposed = ActionUpdate.Kind.COMPLETION_PROPOSED
        first_blue = next((u for u in updates if u.rating == Rating.BLUE), None)
        assert all(u.kind == (proposed if u is first_blue else "progress") for u in updates)
        assert all(u.author_id == action.lead_id for u in updates)
        assert all(u.recorded_at.date() == u.effective_date for u in updates)
        assert len({u.commentary for u in updates}) == 7, action.reference
        ratings = [u.rating for u in updates]
        if Rating.BLUE in ratings:
            first_blue = ratings.index(Rating.BLUE)
            assert set(ratings[first_blue:]) == {Rating.BLUE}, action.reference
        assert [u.previous_rating for u in updates] == ["", *ratings[:-1]]


@pytest.mark.django_db
def test_each_current_rating_is_its_rating_as_at_today(plan):
    today = datetime.date.today()
    annotated = dict(
        Action.objects.filter(plan=plan).with_state_as_at(today).values_list("pk", "rating_as_at")
    )
    for action in Action.objects.filter(plan=plan):
        assert action.rating
        assert action.rating == action.rating_as_at(today) == annotated[action.pk]
        assert action.version == 1 + 7 + (action.rating == Rating.BLUE)


@pytest.mark.django_db
def test_each_completion_is_proposed_by_the_lead_and_signed_off_by_a_plan_manager(plan):
    managers = {user.username for user in plan.members.filter(groups__name=Role.PLAN_MANAGER)}
    for action in Action.objects.filter(plan=plan, rating=Rating.BLUE).select_related("lead"):
        proposal = action.updates.get(kind=ActionUpdate.Kind.COMPLETION_PROPOSED)
        sign_off = action.updates.select_related("author").get(kind=ActionUpdate.Kind.SIGNED_OFF)
        assert proposal.author_id == action.lead_id
        assert sign_off.author.username in managers
        assert sign_off.author_id != action.lead_id
        assert proposal.effective_date <= sign_off.effective_date <= BOARD_DATE
        assert proposal.recorded_at < sign_off.recorded_at
        assert sign_off.rating == Rating.BLUE
    assert not ActionUpdate.objects.filter(action__plan=plan, kind="returned").exists()


@pytest.mark.django_db
def test_completed_actions_carry_evidence_added_before_completion(plan):
    blue = Action.objects.filter(plan=plan, rating=Rating.BLUE)
    assert blue.count() == 14
    for action in blue:
        evidence = list(action.evidence.all())
        assert len(evidence) == 1, action.reference
        item = evidence[0]
        assert item.url.startswith("https://example.org/evidence/") and not item.file
        assert item.added_by_id == action.lead_id
        first_blue = action.updates.filter(rating=Rating.BLUE).order_by("effective_date").first()
        assert item.added_at < first_blue.recorded_at
    assert Evidence.objects.filter(action__plan=plan).count() == 14


@pytest.mark.django_db
def test_demo_users_have_honest_roles_and_are_plan_members(plan):
    User = get_user_model()
    users = {user.username: user for user in User.objects.all()}
    assert set(users) == {spec.username for spec in DEMO_USERS}
    assert not User.objects.filter(is_superuser=True).exists()
    assert not User.objects.filter(is_staff=True).exists()
    for spec in DEMO_USERS:
        user = users[spec.username]
        assert user.check_password(DEMO_PASSWORD)
        assert user.email == f"{spec.username}@example.org"
        assert user.job_title
        assert list(user.groups.values_list("name", flat=True)) == [spec.role.value]
    assert users["manager"].get_full_name() == "Jean Imray"
    assert users["manager"].job_title == "Assistant Director"
    assert users["improvement"].get_full_name() == "Sue Brunton-Reed"
    assert users["owner"].groups.filter(name=Role.ACTION_OWNER).exists()
    assert users["board"].groups.filter(name=Role.BOARD_MEMBER).exists()
    assert set(plan.members.all()) == set(users.values())
    roles = Counter(spec.role for spec in DEMO_USERS)
    assert 5 <= roles[Role.ACTION_OWNER] <= 7
    assert roles[Role.BOARD_MEMBER] == 2


@pytest.mark.django_db
def test_loading_twice_changes_nothing(plan):
    before = row_counts()
    again = demo_load(stdout=io.StringIO())
    assert again.pk == plan.pk
    assert row_counts() == before
    assert Section.objects.count() == 5


@pytest.mark.django_db
def test_first_load_reports_what_it_loaded(loaded):
    assert "62 actions, 434 updates, 14 evidence links" in loaded[1]


@pytest.mark.django_db
def test_load_demo_command_is_idempotent_and_prints_the_demo_logins(plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    counts = row_counts()
    # The data loaded here has no final PDF yet: the command builds it (the one build it
    # adds, and the audit trail's note of it).
    call_command("load_demo", stdout=io.StringIO())
    # It also loads the second council, Northbrook, once.
    second = {
        "plans.Organisation": 1,
        "plans.Plan": 1,
        "plans.Section": 3,
        "actions.Action": 10,
        "improvement_board.User": 4,
        "reports.BoardMeeting": 3,
        "reports.PdfBuild": 1,  # the demo's final paper, built by the command
        "improvement_board.AuditEvent": 1,  # the audit trail's note of that build
    }
    after = row_counts()
    assert {name: after[name] - counts[name] for name in second} == second
    counts = row_counts()
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    assert row_counts() == counts
    text = output.getvalue()
    assert "already loaded" in text
    assert "DEMO ONLY" in text
    assert DEMO_PASSWORD in text
    for spec in DEMO_USERS:
        assert spec.username in text


@pytest.mark.django_db
def test_content_is_fixed_data(plan):
    """What was stored is exactly what the content module computes, with no clock in it."""
    for position, spec in enumerate(ACTIONS):
        stored = list(
            ActionUpdate.objects.filter(action__plan=plan, action__reference=spec.ref)
            .exclude(kind=ActionUpdate.Kind.SIGNED_OFF)
            .order_by("effective_date")
            .values_list(
                "effective_date", "rating", "commentary", "slippage_reason", "revised_due_date"
            )
        )
        expected = [
            (e.effective_date, e.rating, e.commentary, e.slippage_reason, e.revised_due_date)
            for e in action_history(spec, position)
        ]
        assert stored == expected, spec.ref
        assert action_history(spec, position) == action_history(spec, position)
