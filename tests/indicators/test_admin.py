import pytest
from django.urls import reverse

from indicators.models import Indicator
from tests.factories import IndicatorValueFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_an_indicator_evidences_sections_of_its_own_plan_only(admin_client, plan, action_owner):
    elsewhere = SectionFactory(title="Another plan's section")
    response = admin_client.post(
        reverse("admin:indicators_indicator_add"),
        {
            "plan": plan.pk,
            "name": "Re-referrals",
            "definition": "Counted monthly.",
            "unit": "percent",
            "polarity": "lower",
            "target": "22",
            "tolerance": "3",
            "owner": action_owner.pk,
            "position": "0",
            "sections": [elsewhere.pk],
            "monthly_values-TOTAL_FORMS": "0",
            "monthly_values-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "These are not in" in response.content.decode()
    assert not Indicator.objects.exists()


def test_monthly_values_are_read_only_in_the_admin(admin_client):
    value = IndicatorValueFactory()
    url = reverse("admin:indicators_indicatorvalue_change", args=[value.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"value": "1"}).status_code == 403
    assert admin_client.get(reverse("admin:indicators_indicatorvalue_add")).status_code == 403
    indicator_page = reverse("admin:indicators_indicator_change", args=[value.indicator.pk])
    assert admin_client.get(indicator_page).status_code == 200
    value.refresh_from_db()
    assert value.value != 1
