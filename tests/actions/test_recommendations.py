"""Plan managers keep the inspection recommendations and link actions to them."""

import pytest
from django.urls import reverse

from actions.recommendations import recommendation_fingerprint
from plans.models import Finding, Plan
from tests.factories import ActionFactory, RecommendationFactory, SectionFactory
from tests.html import table_rows

pytestmark = pytest.mark.django_db


def list_url(plan) -> str:
    return reverse("actions:recommendation_list", args=[plan.slug])


def new_url(plan) -> str:
    return reverse("actions:recommendation_new", args=[plan.slug])


def edit_url(recommendation) -> str:
    return reverse(
        "actions:recommendation_edit", args=[recommendation.plan.slug, recommendation.pk]
    )


@pytest.fixture
def actions(plan):
    section = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    return [
        ActionFactory(section=section, reference="1.01", title="Relaunch QA"),
        ActionFactory(section=section, reference="1.02", title="Signs of Safety"),
    ]


def make_recommendations(plan, actions, n):
    for i in range(n):
        recommendation = RecommendationFactory(plan=plan, reference=f"R{i + 1}")
        recommendation.actions.set(actions)


def test_the_list_shows_each_recommendation_with_its_actions(client, plan, plan_manager, actions):
    make_recommendations(plan, actions[:1], 1)
    RecommendationFactory(plan=plan, reference="R9", text="Nothing answers this yet.")
    client.force_login(plan_manager)
    response = client.get(list_url(plan))
    rows = table_rows(response.content.decode(), "app-recommendations")
    assert rows[1:] == [
        ["R1", "Improve the quality of assessments.", "1.01", "Change recommendation R1"],
        ["R9", "Nothing answers this yet.", "None yet", "Change recommendation R9"],
    ]


def test_the_list_costs_the_same_queries_for_more_recommendations(
    client, plan, plan_manager, actions, django_assert_num_queries
):
    client.force_login(plan_manager)
    make_recommendations(plan, actions, 2)
    # session, user, plan, roles, recommendations, their actions, the menu's plans
    with django_assert_num_queries(7):
        client.get(list_url(plan))
    Finding.objects.all().delete()
    make_recommendations(plan, actions, 12)
    with django_assert_num_queries(7):
        client.get(list_url(plan))


def test_adding_a_recommendation_with_its_actions(client, plan, plan_manager, actions):
    client.force_login(plan_manager)
    assert client.get(new_url(plan)).status_code == 200
    response = client.post(
        new_url(plan),
        {"reference": " R4 ", "text": "Thresholds at the front door.", "actions": [actions[1].pk]},
    )
    assert response.status_code == 302
    recommendation = Finding.objects.get(plan=plan)
    assert (recommendation.reference, recommendation.text) == (
        "R4",
        "Thresholds at the front door.",
    )
    assert list(recommendation.actions.all()) == [actions[1]]


def test_a_reference_already_used_is_refused_and_the_input_kept(
    client, plan, plan_manager, actions
):
    RecommendationFactory(plan=plan, reference="R1")
    client.force_login(plan_manager)
    response = client.post(
        new_url(plan), {"reference": "R1", "text": "Typed text", "actions": [actions[0].pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "reference": ["Recommendation R1 already exists in this plan. Use another reference."]
    }
    html = response.content.decode()
    assert "Typed text</textarea>" in html
    assert f'value="{actions[0].pk}" checked>' in html
    assert Finding.objects.count() == 1


def test_editing_changes_the_text_and_the_linked_actions(client, plan, plan_manager, actions):
    recommendation = RecommendationFactory(plan=plan, reference="R1")
    recommendation.actions.set([actions[0]])
    client.force_login(plan_manager)
    response = client.get(edit_url(recommendation))
    fingerprint = response.context["form"]["fingerprint"].value()
    response = client.post(
        edit_url(recommendation),
        {
            "reference": "R1",
            "text": "Reworded",
            "actions": [actions[1].pk],
            "fingerprint": fingerprint,
        },
    )
    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "Reworded"
    assert list(recommendation.actions.all()) == [actions[1]]


def test_an_edit_made_meanwhile_is_not_overwritten_silently(client, plan, plan_manager, actions):
    recommendation = RecommendationFactory(plan=plan, reference="R1", text="Original")
    client.force_login(plan_manager)
    fingerprint = recommendation_fingerprint(recommendation)
    recommendation.text = "Changed by someone else"
    recommendation.save()
    data = {"reference": "R1", "text": "My wording", "fingerprint": fingerprint}
    response = client.post(edit_url(recommendation), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this recommendation" in html
    assert "Changed by someone else" in html
    assert "My wording</textarea>" in html
    recommendation.refresh_from_db()
    assert recommendation.text == "Changed by someone else"

    # Saving again, having seen their version, keeps mine.
    data["fingerprint"] = response.context["form"]["fingerprint"].value()
    assert client.post(edit_url(recommendation), data).status_code == 302
    recommendation.refresh_from_db()
    assert recommendation.text == "My wording"


def test_another_plans_actions_cannot_be_linked(client, plan, plan_manager, actions):
    stranger = ActionFactory()
    client.force_login(plan_manager)
    response = client.post(
        new_url(plan), {"reference": "R1", "text": "T", "actions": [stranger.pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "actions": [
            "Choose actions of this plan only: one you chose is not in it (it may have "
            "been removed). Choose again."
        ]
    }
    assert not Finding.objects.exists()


def test_a_superseded_plan_keeps_its_recommendations_as_they_are(client, plan, plan_manager):
    recommendation = RecommendationFactory(plan=plan)
    plan.status = Plan.Status.SUPERSEDED
    plan.save()
    client.force_login(plan_manager)
    assert "Add a recommendation" not in client.get(list_url(plan)).content.decode()
    assert client.get(new_url(plan)).status_code == 403
    response = client.post(edit_url(recommendation), {"reference": "X", "text": "Y"})
    assert response.status_code == 403
    recommendation.refresh_from_db()
    assert recommendation.reference != "X"


def test_permissions(client, plan, action_owner, board_member, outsider):
    recommendation = RecommendationFactory(plan=plan)
    urls = [list_url(plan), new_url(plan), edit_url(recommendation)]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404
    for user in (action_owner, board_member):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 403
        assert client.post(new_url(plan), {"reference": "R7", "text": "T"}).status_code == 403
    assert Finding.objects.count() == 1


def test_a_recommendation_of_another_plan_is_not_found(client, plan, plan_manager):
    other = RecommendationFactory()
    client.force_login(plan_manager)
    url = reverse("actions:recommendation_edit", args=[plan.slug, other.pk])
    assert client.get(url).status_code == 404
