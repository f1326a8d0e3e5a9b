import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from actions.models import Rating
from actions.services import action_update_record
from tests.factories import (
    ActionFactory,
    RecommendationFactory,
    SectionFactory,
    UserFactory,
    recorded_on,
)
from tests.html import table_rows

pytestmark = pytest.mark.django_db

OCT = datetime.date(2019, 10, 20)
FEB = datetime.date(2020, 2, 20)
MAR = datetime.date(2020, 3, 20)
APR = datetime.date(2020, 4, 20)


def record(action, when, rating, commentary, **kwargs):
    kwargs.setdefault("slippage_reason", "capacity" if rating in ("amber", "red") else "")
    return action_update_record(
        action=action,
        author=action.lead,
        effective_date=when,
        recorded_at=recorded_on(when),
        rating=rating,
        commentary=commentary,
        **kwargs,
    )


def references(response) -> list[str]:
    return [row.record.reference for row in response.context["table"].page]


@pytest.fixture
def section(plan):
    section = SectionFactory(plan=plan, title="Partnership working")
    action = ActionFactory(section=section, reference="5.01", title="Launch the Early Help Hub")
    record(action, OCT, Rating.GREEN, "Recruitment under way")
    record(action, datetime.date(2020, 4, 20), Rating.BLUE, "Hub live")
    ActionFactory(
        section=section,
        reference="5.02",
        title="Added later",
        added_on=datetime.date(2020, 1, 1),
    )
    return section


@pytest.fixture
def busy_section(plan):
    """Five actions in one section with different leads, ratings, dates and history."""
    section = SectionFactory(plan=plan, number=1, title="Quality of Practice")
    other = SectionFactory(plan=plan, number=2, title="Partnership working")
    amy = UserFactory(first_name="Amy", last_name="Able")
    ben = UserFactory(first_name="Ben", last_name="Baker")
    r1 = RecommendationFactory(plan=plan, reference="R1")
    r2 = RecommendationFactory(plan=plan, reference="R2")
    actions = {}
    for ref, title, lead, due in [
        ("1.01", "Train social workers", amy, datetime.date(2020, 9, 30)),
        ("1.02", "Audit assessments", ben, datetime.date(2020, 3, 1)),
        ("1.03", "Rewrite the threshold document", amy, datetime.date(2020, 6, 30)),
        ("1.04", "Open the Hub", ben, datetime.date(2020, 12, 31)),
        ("1.05", "Never started", amy, None),
    ]:
        actions[ref] = ActionFactory(
            section=section, reference=ref, title=title, lead=lead, original_due_date=due
        )
    actions["1.01"].recommendations.add(r1)
    actions["1.02"].recommendations.add(r1, r2)
    actions["1.03"].description = "Includes the =SUM(A1) formula people paste."
    actions["1.03"].save()
    record(actions["1.01"], OCT, Rating.GREEN, "Trainer booked")
    record(actions["1.01"], MAR, Rating.AMBER, "Trainer withdrew for Covid-19")
    record(actions["1.02"], OCT, Rating.GREEN, "Audit tool drafted")
    record(actions["1.02"], FEB, Rating.RED, '=HYPERLINK("http://evil") no auditors')
    record(actions["1.03"], OCT, Rating.AMBER, "Waiting for the partners")
    record(actions["1.03"], APR, Rating.AMBER, "Partners signed up")
    record(actions["1.04"], OCT, Rating.GREEN, "Plans agreed")
    record(actions["1.04"], MAR, Rating.BLUE, "Hub open")
    ActionFactory(section=other, reference="2.01", title="In another section")
    section.recommendations = (r1, r2)
    section.leads = (amy, ben)
    return section


def test_it_lists_the_actions_with_their_ratings(client, board_member, section):
    client.force_login(board_member)
    response = client.get(section.get_absolute_url())
    assert response.status_code == 200
    rows = table_rows(response.content.decode(), "app-actions-table")
    # Sorted by reference (▲), the plan's order, until someone chooses another column.
    assert rows[0] == [
        "Ref▲",
        "Action",
        "Lead",
        "Due",
        "Rating",
        "Last update",
        "Completed",
        rows[0][-1],
    ]
    assert rows[0][-1].startswith("Since ")
    assert [row[:2] + row[4:5] for row in rows[1:]] == [
        ["5.01", "Launch the Early Help Hub", "Blue"],
        ["5.02", "Added later", "Not rated"],
    ]


def test_it_shows_the_section_as_at_a_past_date(client, board_member, section):
    client.force_login(board_member)
    response = client.get(section.get_absolute_url(), {"as_at": "2019-11-01"})
    html = response.content.decode()
    assert "Added later" not in html
    assert "as it stood on 1 November 2019" in html
    assert [row.record.rating_as_at for row in response.context["table"].page] == [Rating.GREEN]


def test_a_date_before_the_plan_started_says_so(client, board_member, section):
    client.force_login(board_member)
    response = client.get(section.get_absolute_url(), {"as_at": "2019-01-01"})
    assert response.status_code == 200
    assert "The plan had not started on 1 January 2019" in response.content.decode()


def test_it_checks_membership(client, outsider, section):
    client.force_login(outsider)
    assert client.get(section.get_absolute_url()).status_code == 404


def test_it_requires_login(client, section):
    assert client.get(section.get_absolute_url()).status_code == 302


def test_board_members_see_no_edit_controls(client, board_member, busy_section):
    client.force_login(board_member)
    html = client.get(busy_section.get_absolute_url()).content.decode()
    assert html.count('method="post"') == 1  # "Sign out"
    assert "/update/" not in html and "/edit/" not in html


# --- Direction --------------------------------------------------------------------


def test_each_row_says_how_its_rating_moved(client, board_member, busy_section):
    client.force_login(board_member)
    response = client.get(busy_section.get_absolute_url(), {"as_at": APR, "since": "2020-01-31"})
    rows = table_rows(response.content.decode(), "app-actions-table")
    assert rows[0][-1] == "Since 31 Jan 2020"
    assert {row[0]: row[-1] for row in rows[1:]} == {
        "1.01": "↓ Worsened from Green",
        "1.02": "↓ Worsened from Green",
        "1.03": "→ No change",
        "1.04": "↑ Improved from Green",
        "1.05": "Not rated",
    }


# --- Sorting and pages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", ["1.01", "1.02", "1.03", "1.04", "1.05"]),
        ("-reference", ["1.05", "1.04", "1.03", "1.02", "1.01"]),
        # Worst first, unrated last; reversed: best first, unrated still last.
        ("rating_as_at", ["1.02", "1.01", "1.03", "1.04", "1.05"]),
        ("-rating_as_at", ["1.04", "1.01", "1.03", "1.02", "1.05"]),
        ("due_date_as_at", ["1.02", "1.03", "1.01", "1.04", "1.05"]),
        ("-updated_on_as_at", ["1.03", "1.01", "1.04", "1.02", "1.05"]),
        ("lead", ["1.01", "1.03", "1.05", "1.02", "1.04"]),
        ("nonsense", ["1.01", "1.02", "1.03", "1.04", "1.05"]),
    ],
)
def test_every_column_sorts(client, board_member, busy_section, sort, expected):
    client.force_login(board_member)
    response = client.get(busy_section.get_absolute_url(), {"as_at": APR, "sort": sort})
    assert response.status_code == 200
    assert references(response) == expected


def test_it_pages_and_falls_back_from_pages_that_do_not_exist(client, board_member, plan):
    section = SectionFactory(plan=plan)
    for n in range(60):
        ActionFactory(section=section, reference=f"1.{n:02d}")
    client.force_login(board_member)
    url = section.get_absolute_url()

    second = client.get(url, {"page": 2})
    assert references(second)[0] == "1.25"
    assert "Showing 26 to 50 of" in second.content.decode()

    for page, note in [
        ("9", "There is no page 9. Showing page 3 instead."),
        ("0", "There is no page 0. Showing page 3 instead."),
        ("abc", "“abc” is not a page number. Showing page 1 instead."),
    ]:
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        assert note in response.content.decode()


# --- Filters ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"rating": "amber"}, ["1.01", "1.03"]),
        ({"rating": ["red", "blue"]}, ["1.02", "1.04"]),
        ({"rating": "none"}, ["1.05"]),
        ({"overdue": "yes"}, ["1.02"]),  # due 1 March, Red; 1.04 was due later and is Blue
        ({"stale": "yes"}, ["1.02", "1.05"]),  # last updates 20 Feb and never
        ({"moved": "yes", "since": "2020-03-01"}, ["1.01", "1.04"]),
        ({"q": "withdrew"}, ["1.01"]),  # the latest commentary
        ({"q": "TRAINER BOOKED"}, ["1.01"]),  # an earlier commentary, any case
        ({"q": "threshold"}, ["1.03"]),  # the title
        ({"q": "=sum(a1)"}, ["1.03"]),  # the description
        ({"q": "nothing like this"}, []),
        ({"rating": "amber", "q": "partners"}, ["1.03"]),
    ],
)
def test_filters(client, board_member, busy_section, params, expected):
    client.force_login(board_member)
    response = client.get(busy_section.get_absolute_url(), {"as_at": APR, **params})
    assert response.status_code == 200
    assert references(response) == expected


def test_filter_by_lead_and_recommendation(client, board_member, busy_section):
    amy, ben = busy_section.leads
    r1, r2 = busy_section.recommendations
    client.force_login(board_member)
    url = busy_section.get_absolute_url()
    assert references(client.get(url, {"lead": amy.pk})) == ["1.01", "1.03", "1.05"]
    assert references(client.get(url, {"recommendation": r1.pk})) == ["1.01", "1.02"]
    assert references(client.get(url, {"recommendation": r2.pk, "lead": ben.pk})) == ["1.02"]
    html = client.get(url).content.decode()
    # Only this section's leads are offered, by name.
    assert f'<option value="{amy.pk}">Amy Able</option>' in html


def test_commentary_is_searched_as_at_the_date(client, board_member, busy_section):
    client.force_login(board_member)
    url = busy_section.get_absolute_url()
    assert references(client.get(url, {"as_at": FEB, "q": "withdrew"})) == []
    assert references(client.get(url, {"as_at": MAR, "q": "withdrew"})) == ["1.01"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"rating": "purple"}, "“purple” is not a rating. Showing every rating instead."),
        ({"lead": "999999"}, "“999999” is not the lead of any action here."),
        ({"recommendation": "abc"}, "“abc” is not a recommendation with actions here."),
        ({"overdue": "maybe"}, "“maybe” is not a choice for Overdue."),
        ({"q": "x" * 201}, "Search for at most 200 characters."),
    ],
)
def test_unknown_filter_values_get_a_message_and_are_ignored(
    client, board_member, busy_section, params, message
):
    client.force_login(board_member)
    response = client.get(busy_section.get_absolute_url(), {"as_at": APR, **params})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert references(response) == ["1.01", "1.02", "1.03", "1.04", "1.05"]


def test_the_other_filters_still_apply_beside_an_unknown_one(client, board_member, busy_section):
    client.force_login(board_member)
    response = client.get(
        busy_section.get_absolute_url(), {"as_at": APR, "rating": "amber", "lead": "nobody"}
    )
    assert references(response) == ["1.01", "1.03"]
    html = response.content.decode()
    assert 'value="amber" checked' in html  # the choices made are kept


# --- Exports ------------------------------------------------------------------------


def shown_rows(client, url, params) -> list[list[str]]:
    """Every row of the table across all its pages, as displayed."""
    rows, page = [], 1
    while True:
        response = client.get(url, {**params, "page": page})
        table = table_rows(response.content.decode(), "app-actions-table")
        rows += table[1:]
        if page >= response.context["table"].paginator.num_pages:
            header = [cell.rstrip("▲▼") for cell in table[0]]  # without the sort arrow
            return [header, *rows]
        page += 1


def test_csv_export_has_exactly_the_rows_shown(client, board_member, plan):
    section = SectionFactory(plan=plan)
    for n in range(40):
        action = ActionFactory(section=section, reference=f"1.{n:02d}", title=f"Action {n}")
        record(action, OCT, [Rating.GREEN, Rating.AMBER, Rating.RED][n % 3], f"Note {n}")
    client.force_login(board_member)
    url = section.get_absolute_url()
    params = {"as_at": APR, "rating": ["amber", "red"], "sort": "-rating_as_at"}

    shown = shown_rows(client, url, params)
    response = client.get(url, {**params, "export": "csv", "page": 2})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    exported = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert len(shown) == 1 + 26  # the header and every Amber and Red action, two pages
    assert exported[0] == shown[0]
    # Same actions, same order; ratings and dates in the cells' plain form.
    assert [row[:2] for row in exported] == [row[:2] for row in shown]
    assert {row[4] for row in exported[1:]} == {"Amber", "Red"}
    assert exported[1][4] == "Amber"  # sorted as shown: reversed, best first
    assert exported[1][5] == "2019-10-20"


def test_xlsx_export_has_exactly_the_rows_shown(client, board_member, busy_section):
    client.force_login(board_member)
    url = busy_section.get_absolute_url()
    params = {"as_at": APR, "sort": "due_date_as_at", "lead": busy_section.leads[0].pk}
    shown = shown_rows(client, url, params)

    response = client.get(url, {**params, "export": "xlsx"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    exported = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert exported[0] == shown[0]
    assert [row[0] for row in exported] == [row[0] for row in shown]
    assert exported[1][3] == datetime.datetime(2020, 6, 30)  # a real date cell
    assert exported[-1][3] is None  # 1.05 has no due date


def test_exports_neutralise_formulas(client, board_member, busy_section):
    """A commentary or title starting with = + - @ must not run in a spreadsheet."""
    action = busy_section.plan.actions.get(reference="1.05")
    action.title = "@SUM(1+1) sneaky"
    action.save()
    client.force_login(board_member)
    url = busy_section.get_absolute_url()

    response = client.get(url, {"as_at": APR, "export": "csv", "q": "sneaky"})
    exported = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert exported[1][1] == "'@SUM(1+1) sneaky"

    response = client.get(url, {"as_at": APR, "export": "xlsx", "q": "sneaky"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=2, column=2)
    assert cell.value == "@SUM(1+1) sneaky"
    assert cell.data_type == "s"  # stored as text, never as a formula


def test_export_links_keep_the_filters_and_drop_the_page(client, board_member, busy_section):
    client.force_login(board_member)
    html = client.get(
        busy_section.get_absolute_url(), {"as_at": APR, "rating": "amber", "page": 1}
    ).content.decode()
    assert "?as_at=2020-04-20&amp;rating=amber&amp;export=csv" in html
    assert "?as_at=2020-04-20&amp;rating=amber&amp;export=xlsx" in html
