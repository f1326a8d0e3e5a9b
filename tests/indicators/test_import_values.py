import datetime
import logging
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from improvement_board.roles import Role
from indicators.models import IndicatorValue
from indicators.periods import add_months, current_period, period_key
from tests.factories import IndicatorFactory, UserFactory
from tests.html import table_rows
from tests.urls import plan_url

pytestmark = pytest.mark.django_db


def URL(plan=None) -> str:  # noqa: N802  (the page's address, as a constant was)
    return plan_url("indicators:import", plan=plan)


@pytest.fixture
def indicators(plan, action_owner):
    caseload = IndicatorFactory(
        plan=plan,
        owner=action_owner,
        name="Maximum caseload in assessment teams",
        polarity="lower",
        target=Decimal("22"),
        tolerance=Decimal("3"),
    )
    visits = IndicatorFactory(
        plan=plan,
        owner=action_owner,
        name="Statutory visits within timescale",
        unit="percent",
        polarity="higher",
        target=Decimal("95"),
        tolerance=Decimal("5"),
    )
    return caseload, visits


def upload(client, plan, text: str, name="values.csv", encoding="utf-8"):
    file = SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")
    return client.post(URL(plan), {"file": file})


GOOD = """Indicator,Period,Value,Commentary
Maximum caseload in assessment teams,2020-02,36,Two posts vacant.
maximum caseload in assessment teams ,2020-03,34,The realigned service is in place.
Statutory visits within timescale,2020-03,90%,
"""


def test_it_requires_login(client, plan):
    assert client.get(URL(plan)).status_code == 302


def test_it_checks_membership(client, outsider, plan, indicators):
    client.force_login(outsider)
    assert client.get(URL(plan)).status_code == 404
    assert upload(client, plan, GOOD).status_code == 404
    assert not IndicatorValue.objects.exists()


def test_board_members_may_not_import(client, board_member, plan, indicators, caplog):
    client.force_login(board_member)
    assert client.get(URL(plan)).status_code == 403
    with caplog.at_level(logging.WARNING, logger="improvement_board.security"):
        assert upload(client, plan, GOOD).status_code == 403
    assert "write refused" in caplog.text
    assert not IndicatorValue.objects.exists()


def test_it_imports_every_row(client, action_owner, plan, indicators):
    caseload, visits = indicators
    client.force_login(action_owner)
    response = upload(client, plan, GOOD)
    assert response.status_code == 302
    stored = sorted(
        (v.indicator.name, v.period, v.value, v.source)
        for v in IndicatorValue.objects.select_related("indicator")
    )
    assert stored == [
        (caseload.name, datetime.date(2020, 2, 1), Decimal("36"), "CSV import: values.csv"),
        (caseload.name, datetime.date(2020, 3, 1), Decimal("34"), "CSV import: values.csv"),
        (visits.name, datetime.date(2020, 3, 1), Decimal("90"), "CSV import: values.csv"),
    ]
    assert "Imported 3 values from values.csv (3 new, 0 corrections)." in (
        client.get(response.url).content.decode()
    )


def test_importing_the_same_file_twice_changes_nothing(client, action_owner, plan, indicators):
    client.force_login(action_owner)
    upload(client, plan, GOOD)
    response = upload(client, plan, GOOD)
    assert IndicatorValue.objects.count() == 3
    page = client.get(response.url).content.decode()
    assert "Imported 0 values" in page
    assert "3 rows matched the values already recorded and changed nothing." in page


def test_a_changed_value_is_a_correction(client, action_owner, plan, indicators):
    client.force_login(action_owner)
    upload(client, plan, GOOD)
    upload(client, plan, GOOD.replace(",34,", ",35,"))
    march = IndicatorValue.objects.filter(indicator=indicators[0], period=datetime.date(2020, 3, 1))
    assert sorted(v.value for v in march) == [Decimal("34"), Decimal("35")]
    assert march.current().get().supersedes.value == Decimal("34")


def test_excel_files_in_windows_encoding_are_read(client, action_owner, plan, indicators):
    client.force_login(action_owner)
    text = GOOD.replace("Two posts vacant.", "Two posts vacant – recruiting.")
    assert upload(client, plan, text, encoding="cp1252").status_code == 302
    assert IndicatorValue.objects.filter(commentary__contains="–").exists()


def test_bad_rows_are_listed_and_nothing_is_stored(client, action_owner, plan, indicators):
    other = UserFactory(role=Role.ACTION_OWNER, first_name="Priya", last_name="Raman")
    IndicatorFactory(plan=plan, owner=other, name="Re-referrals")
    future = period_key(add_months(current_period(), 1))
    text = f"""Indicator,Period,Value,Commentary
Maximum caseload in assessment teams,2020-03,thirty-four,
Statutory visits within timescale,2020-03,101,
Maximum caseload in assessment teams,{future},20,
Maximum caseload in assessment teams,2020-02,36,Vacancies.
Maximum caseload in assessment teams,2020-02,35,Vacancies.
Maximum caseload in assessment teams,March 2020,34,Vacancies.
Statutory visits within timescale,2020-01,80,
Average caseload,2020-03,19,
Re-referrals,2020-03,22,
Statutory visits within timescale,2020-02,,
Statutory visits within timescale,2020-04,96,
"""
    client.force_login(action_owner)
    response = upload(client, plan, text)
    assert response.status_code == 200
    html = response.content.decode()
    assert "nothing was imported" in html
    future_label = add_months(current_period(), 1).strftime("%B %Y")
    assert table_rows(html, "app-import-errors")[1:] == [
        ["2", "Value", "Enter Maximum caseload in assessment teams as a number, like 34 or 19.3"],
        [
            "3",
            "Value",
            "Statutory visits within timescale is a percentage, so it must be 100 or less",
        ],
        ["4", "Period", f"{future_label} is in the future"],
        [
            "6",
            "Period",
            "Maximum caseload in assessment teams for February 2020 is also in row 5: "
            "give each month once",
        ],
        ["7", "Period", "“March 2020” is not a month: write it like 2020-03"],
        [
            "8",
            "Commentary",
            "Give commentary for Statutory visits within timescale: 80% is off target (target 95%)",
        ],
        ["9", "Indicator", "There is no indicator called “Average caseload” in this plan"],
        ["10", "Indicator", "You cannot enter values for Re-referrals: its owner is Priya Raman"],
        ["11", "Value", "Enter a value"],
    ]
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("text", "name", "message"),
    [
        ("", "values.csv", "The selected file is empty"),
        ("Indicator,Period,Value\n", "values.txt", "The selected file must be a CSV"),
        ("Indicator,Month,Value\n", "values.csv", "Unknown column “Month”"),
        ("Indicator,Value\n", "values.csv", "The first row must name the column Period"),
        ("Indicator,Period,Value,Commentary\n", "values.csv", "The file has no values in it"),
    ],
)
def test_bad_files_get_a_clear_message(client, action_owner, plan, indicators, text, name, message):
    client.force_login(action_owner)
    response = upload(client, plan, text, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_missing_file_is_asked_for(client, action_owner, plan, indicators):
    client.force_login(action_owner)
    response = client.post(URL(plan), {})
    assert '<a href="#id_file">Select a CSV file</a>' in response.content.decode()


def test_the_template_lists_my_indicators_for_last_month(client, action_owner, plan, indicators):
    IndicatorFactory(plan=plan, name="Someone else's")
    client.force_login(action_owner)
    response = client.get(plan_url("indicators:import_template", plan=plan))
    assert response["Content-Type"].startswith("text/csv")
    last_month = period_key(add_months(current_period(), -1))
    assert response.content.decode().splitlines() == [
        "Indicator,Period,Value,Commentary",
        f"Maximum caseload in assessment teams,{last_month},,",
        f"Statutory visits within timescale,{last_month},,",
    ]


def test_board_members_get_no_template(client, board_member, plan, indicators):
    client.force_login(board_member)
    assert client.get(plan_url("indicators:import_template", plan=plan)).status_code == 403
