"""Refreshing a plan: the chosen work carries over with its history; the old plan stays."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from actions.models import Action, ActionUpdate, Rating
from actions.services import action_update_record
from actions.versions import action_earlier_history
from plan_files.services import plan_refresh
from plans.access import default_plan
from plans.models import Finding, Plan
from plans.writable import PlanReadOnlyError
from tests.actions.form_data import date_fields
from tests.factories import (
    ActionFactory,
    RecommendationFactory,
    SectionFactory,
    UserFactory,
    recorded_on,
)

pytestmark = pytest.mark.django_db

NEW_START = datetime.date(2020, 6, 1)


def rate(action, day, rating, commentary, **extra):
    return action_update_record(
        action=action,
        author=action.lead,
        effective_date=day,
        recorded_at=recorded_on(day),
        rating=rating,
        commentary=commentary,
        **extra,
    )


@pytest.fixture
def old(plan):
    """A plan six months in: a finished action, two under way, one never rated."""
    practice = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    workforce = SectionFactory(plan=plan, number=2, title="Workforce")
    SectionFactory(plan=plan, number=3, title="Dropped section")
    r1 = RecommendationFactory(plan=plan, reference="R1", text="Assessments")
    delegate = UserFactory()

    done = ActionFactory(section=practice, reference="1.01", title="Relaunch QA")
    rate(done, datetime.date(2019, 11, 20), Rating.GREEN, "Started")
    rate(done, datetime.date(2020, 2, 20), Rating.BLUE, "Done")

    slipping = ActionFactory(
        section=practice, reference="1.02", title="Signs of Safety", partners="Essex"
    )
    slipping.delegates.add(delegate)
    slipping.recommendations.add(r1)
    rate(slipping, datetime.date(2019, 11, 20), Rating.GREEN, "Training commissioned")
    rate(
        slipping,
        datetime.date(2020, 3, 20),
        Rating.AMBER,
        "Paused for Covid-19",
        slippage_reason="external",
        revised_due_date=datetime.date(2020, 9, 30),
    )
    on_track = ActionFactory(section=workforce, reference="2.01", title="Recruit")
    rate(on_track, datetime.date(2020, 1, 20), Rating.GREEN, "Adverts out")
    ActionFactory(section=workforce, reference="2.02", title="Never rated")
    return plan


def snapshot(plan) -> tuple:
    actions = list(
        Action.objects.filter(plan=plan)
        .order_by("pk")
        .values_list(
            "pk", "reference", "title", "rating", "current_due_date", "version", "section_id"
        )
    )
    updates = list(
        ActionUpdate.objects.filter(action__plan=plan)
        .order_by("pk")
        .values_list("pk", "action_id", "rating", "commentary", "effective_date")
    )
    sections = list(plan.sections.order_by("pk").values_list("pk", "number", "title"))
    recommendations = list(plan.findings.order_by("pk").values_list("pk", "text"))
    return actions, updates, sections, recommendations


def refresh(old, plan_manager, refs=("1.02", "2.01", "2.02"), sections=(1, 2), start=NEW_START):
    return plan_refresh(
        plan=old,
        title="Improvement Plan 2020–21",
        start_date=start,
        sections=list(old.sections.filter(number__in=sections)),
        actions=list(Action.objects.filter(plan=old, reference__in=refs)),
        refreshed_by=plan_manager,
    )


def test_refresh_carries_the_chosen_actions_with_their_state(old, plan_manager):
    before = snapshot(old)
    new = refresh(old, plan_manager)

    assert new.predecessor == old
    assert new.status == Plan.Status.ACTIVE
    assert set(new.members.all()) == set(old.members.all())
    assert [(s.number, s.title) for s in new.sections.all()] == [
        (1, "Quality of Practice"),
        (2, "Workforce"),
    ]
    carried = {a.reference: a for a in Action.objects.filter(plan=new)}
    assert sorted(carried) == ["1.02", "2.01", "2.02"]

    signs = carried["1.02"]
    original = Action.objects.get(plan=old, reference="1.02")
    assert signs.carried_from == original
    assert (signs.title, signs.lead, signs.partners) == ("Signs of Safety", original.lead, "Essex")
    assert list(signs.delegates.all()) == list(original.delegates.all())
    assert [r.reference for r in signs.recommendations.all()] == ["R1"]
    assert signs.recommendations.get().plan == new
    assert signs.added_on == NEW_START
    assert signs.original_due_date == original.original_due_date
    assert signs.current_due_date == datetime.date(2020, 9, 30)
    assert signs.rating == Rating.AMBER
    [start] = signs.updates.all()
    assert start.kind == ActionUpdate.Kind.IMPORTED
    assert (start.rating, start.commentary, start.effective_date) == (
        Rating.AMBER,
        "Paused for Covid-19",
        NEW_START,
    )
    assert start.slippage_reason == "external"
    assert start.source == f"Carried over from {old.title}"
    assert start.author == plan_manager
    assert carried["2.02"].updates.count() == 0
    assert carried["2.02"].rating == ""

    assert new.carried_over_count() == 3
    assert Finding.objects.filter(plan=new).count() == 1

    old.refresh_from_db()
    assert old.status == Plan.Status.SUPERSEDED
    assert old.is_read_only
    assert snapshot(old) == before


def test_earlier_history_follows_the_chain_of_versions(old, plan_manager):
    new = refresh(old, plan_manager)
    carried = Action.objects.get(plan=new, reference="1.02")
    rate(carried, datetime.date(2020, 7, 20), Rating.GREEN, "Back on track")
    newest = refresh(
        new, plan_manager, refs=("1.02",), sections=(1,), start=datetime.date(2020, 10, 1)
    )

    latest = Action.objects.get(plan=newest, reference="1.02")
    history = action_earlier_history(latest)
    assert [v.plan for v in history] == [new, old]
    assert [u.commentary for u in history[0].updates] == ["Back on track", "Paused for Covid-19"]
    assert [u.commentary for u in history[1].updates] == [
        "Paused for Covid-19",
        "Training commissioned",
    ]
    as_at = action_earlier_history(latest, as_at=datetime.date(2019, 12, 31))
    assert [[u.commentary for u in v.updates] for v in as_at] == [[], ["Training commissioned"]]
    assert action_earlier_history(Action.objects.get(plan=old, reference="1.02")) == []


def test_a_superseded_plan_cannot_be_refreshed_again(old, plan_manager):
    refresh(old, plan_manager)
    old.refresh_from_db()
    with pytest.raises(PlanReadOnlyError):
        refresh(old, plan_manager)


def test_dashboards_default_to_the_refreshed_plan_and_can_show_the_old_one(
    old, plan_manager, board_member
):
    new = refresh(old, plan_manager)
    assert default_plan(board_member) == new
    # The old plan keeps its own address; its old ?plan= address leads there.
    assert board_member in old.members.all()
    old.refresh_from_db()
    assert old.get_absolute_url() == f"/plans/{old.slug}/"


# --- The page ----------------------------------------------------------------------------


def url(plan) -> str:
    return reverse("plan_files:refresh", args=[plan.slug])


def test_the_page_preselects_unfinished_actions_and_not_blue_ones(client, old, plan_manager):
    client.force_login(plan_manager)
    response = client.get(url(old))
    assert response.status_code == 200
    form = response.context["form"]
    ticked = {Action.objects.get(pk=pk).reference for pk in form.chosen("actions")}
    assert ticked == {"1.02", "2.01", "2.02"}
    assert len(form.chosen("sections")) == 3
    html = response.content.decode()
    assert "3 of the 4 actions are not completed" in html
    blue = Action.objects.get(reference="1.01")
    assert f'value="{blue.pk}" aria-describedby="action-{blue.pk}-hint">' in html


def test_posting_the_page_creates_the_refreshed_plan(client, old, plan_manager):
    client.force_login(plan_manager)
    actions = Action.objects.filter(plan=old, reference__in=["1.02", "2.01"])
    response = client.post(
        url(old),
        {
            "title": "Improvement Plan 2020–21",
            **date_fields("start_date", datetime.date(2020, 6, 1)),
            "sections": [s.pk for s in old.sections.filter(number__in=[1, 2])],
            "actions": [a.pk for a in actions],
        },
    )
    new = Plan.objects.get(predecessor=old)
    assert response.status_code == 302
    assert response.url == reverse("plans:manage", args=[new.slug])
    assert new.carried_over_count() == 2
    page = client.get(response.url).content.decode()
    assert "with 2 actions carried over" in page


def test_an_action_without_its_section_is_an_error_and_the_choices_are_kept(
    client, old, plan_manager
):
    client.force_login(plan_manager)
    action = Action.objects.get(plan=old, reference="2.01")
    response = client.post(
        url(old),
        {
            "title": "Refreshed",
            **date_fields("start_date", datetime.date(2019, 9, 1)),
            "sections": [old.sections.get(number=1).pk],
            "actions": [action.pk],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "start_date": [f"The refreshed plan must start after {old.title} did (1 October 2019)."],
        "sections": [
            "You chose actions 2.01 but not their section, 2. Workforce. Choose the section "
            "too, or untick its actions."
        ],
    }
    html = response.content.decode()
    assert 'value="Refreshed"' in html
    assert f'value="{action.pk}" aria-describedby="action-{action.pk}-hint" checked>' in html
    assert not Plan.objects.filter(predecessor=old).exists()


def test_a_superseded_plan_shows_why_it_cannot_be_refreshed(client, old, plan_manager):
    new = refresh(old, plan_manager)
    client.force_login(plan_manager)
    response = client.get(url(old))
    assert response.status_code == 403
    assert new.title in response.content.decode()


def test_only_plan_managers_may_refresh(client, old, action_owner, board_member, outsider):
    response = client.get(url(old))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(outsider)
    assert client.get(url(old)).status_code == 404
    for user in (action_owner, board_member):
        client.force_login(user)
        assert client.get(url(old)).status_code == 403
        assert client.post(url(old), {"title": "x", "start_date": "2020-06-01"}).status_code == 403
    assert not Plan.objects.filter(predecessor=old).exists()


def test_the_earlier_history_partial_shows_each_version_and_its_updates(old, plan_manager):
    new = refresh(old, plan_manager)
    carried = Action.objects.get(plan=new, reference="1.02")
    html = render_to_string(
        "plans/includes/earlier_history.html",
        {"earlier_history": action_earlier_history(carried)},
    )
    assert f"As action 1.02 of {old.title}, started 1 October 2019" in html
    assert carried.carried_from.get_absolute_url() in html
    assert html.index("Paused for Covid-19") < html.index("Training commissioned")
    assert "Reason for slippage: External event (e.g. Covid-19)" in html
    assert (
        render_to_string(
            "plans/includes/earlier_history.html",
            {"earlier_history": action_earlier_history(carried.carried_from)},
        ).strip()
        == ""
    )
