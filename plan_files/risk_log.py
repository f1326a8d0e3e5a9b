"""The risk and issue log in and out as a spreadsheet (XLSX or CSV), by the plan's rules:
every text cell written through ``improvement_board.spreadsheets`` (nothing typed runs as
a formula), files read by ``sources.read_tables``, and an import all or nothing: every
row's problems are reported with its row number, and nothing is written unless there
are none. The file holds each risk's details and where it stands now; its history stays
in the app."""

import csv
import datetime
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook

from actions.models import Action
from improvement_board.as_at import parse_date
from improvement_board.audit import audit_record
from improvement_board.models import AuditEvent, User
from improvement_board.spreadsheets import neutralise
from plans.models import Plan
from risks.log import log_queryset
from risks.models import Risk, RiskStatus
from risks.services import risk_create

from .exporting import _save, lead_label
from .reading import cell_text, heading_key
from .sources import read_tables

HEADERS = [
    "Reference",
    "Risk or issue",
    "Title",
    "Description",
    "Owner",
    "Raised on",
    "Actions affected",
    "Status",
    "Likelihood",
    "Impact",
    "Mitigation",
    "Review date",
]
REQUIRED = ("Reference", "Risk or issue", "Title", "Owner", "Raised on", "Status")


def risk_log_rows(plan: Plan) -> list[list]:
    """The log as it stands today, one row a risk or issue, in the log's order."""
    actions = Prefetch("actions", queryset=Action.objects.order_by("reference"))
    risks = log_queryset(plan, timezone.localdate(), known_now=True).prefetch_related(actions)
    return [
        [
            risk.reference,
            risk.get_kind_display(),
            risk.title,
            risk.description,
            lead_label(risk.owner),
            risk.raised_on,
            ", ".join(action.reference for action in risk.actions.all()),
            RiskStatus(risk.status_as_at).label if risk.status_as_at else "",
            risk.likelihood_as_at,
            risk.impact_as_at,
            risk.mitigation_as_at or "",
            risk.review_date_as_at,
        ]
        for risk in risks.order_by("kind", "reference")
    ]


def risk_log_workbook(plan: Plan) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Risks and issues"
    sheet.append(HEADERS)
    for row in risk_log_rows(plan):
        sheet.append(row)
    for cell in sheet["F"] + sheet["L"]:
        cell.number_format = "dd/mm/yyyy"
    return _save(workbook)


def risk_log_csv(plan: Plan) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in risk_log_rows(plan):
        writer.writerow(
            [f"{v:%d/%m/%Y}" if isinstance(v, datetime.date) else neutralise(v) for v in row]
        )
    return out.getvalue().encode("utf-8-sig")


# --- Importing -----------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}"


class RiskImportRefused(Exception):
    def __init__(self, problems: list[RowProblem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


class _Reader:
    """Reads one row's cells by header into the values ``risk_create`` takes."""

    def __init__(self, plan: Plan):
        members = User.objects.filter(plans=plan, is_active=True)
        self.people = {}
        for user in members:
            for name in (user.username, user.get_full_name(), lead_label(user)):
                if name:
                    self.people[heading_key(name)] = user
        self.actions = {a.reference: a for a in Action.objects.in_plan(plan)}
        self.taken = set(Risk.objects.filter(plan=plan).values_list("reference", flat=True))
        self.kinds = {heading_key(label): value for value, label in Risk.Kind.choices}
        self.statuses = {heading_key(label): value for value, label in RiskStatus.choices}

    def read(self, cells: dict[str, str], problems: list[str]) -> dict:
        def date(header):
            text = cells.get(header, "")
            value = parse_date(text) if text else None
            if text and value is None:
                problems.append(f"{header} “{text}” is not a date (for example 23/04/2020).")
            return value

        def score(header):
            text = cells.get(header, "")
            if not text:
                return None
            if not text.isdigit() or not 1 <= int(text) <= 5:
                problems.append(f"{header} must be a whole number from 1 to 5, not “{text}”.")
                return None
            return int(text)

        for header in REQUIRED:
            if not cells.get(header):
                problems.append(f"{header} is empty.")
        reference = cells.get("Reference", "")
        if reference in self.taken:
            problems.append(f"{reference} is already in the log (or earlier in the file).")
        self.taken.add(reference)
        kind = self.kinds.get(heading_key(cells.get("Risk or issue", "")), "")
        status = self.statuses.get(heading_key(cells.get("Status", "")), "")
        owner = self.people.get(heading_key(cells.get("Owner", "")))
        if cells.get("Risk or issue") and not kind:
            problems.append("Risk or issue must say “Risk” or “Issue”.")
        if cells.get("Status") and not status:
            problems.append("Status must be Open, Managed or Closed.")
        if cells.get("Owner") and owner is None:
            problems.append(f"Owner “{cells['Owner']}” is not a member of this plan.")
        named = [ref.strip() for ref in cells.get("Actions affected", "").split(",") if ref.strip()]
        unknown = [ref for ref in named if ref not in self.actions]
        if unknown:
            problems.append(f"No action {', '.join(unknown)} in this plan.")
        values = {
            "reference": reference,
            "kind": kind,
            "title": cells.get("Title", ""),
            "description": cells.get("Description", ""),
            "owner": owner,
            "raised_on": date("Raised on"),
            "actions": [self.actions[ref] for ref in named if ref in self.actions],
            "status": status,
            "likelihood": score("Likelihood"),
            "impact": score("Impact"),
            "mitigation": cells.get("Mitigation", ""),
            "review_date": date("Review date"),
        }
        scored = values["likelihood"] is not None or values["impact"] is not None
        if kind == Risk.Kind.ISSUE and scored:
            problems.append("An issue has already happened: leave likelihood and impact empty.")
        if (
            kind == Risk.Kind.RISK
            and not problems
            and not (values["likelihood"] and values["impact"])
        ):
            problems.append("A risk needs both likelihood and impact, from 1 to 5.")
        raised, review = values["raised_on"], values["review_date"]
        if raised and review and review < raised:
            problems.append("The review date cannot be before the day it was raised.")
        if raised and raised > timezone.localdate():
            problems.append("Raised on cannot be in the future.")
        return values


def read_risk_log(plan: Plan, data: bytes, filename: str) -> list[tuple[int, dict]]:
    """Each row's number and values, or ``RiskImportRefused`` with every row's problems."""
    table = read_tables(data, filename)[0]
    if not table.rows:
        raise RiskImportRefused([RowProblem(1, "The file has no header row.")])
    header_row, *rows = table.rows
    headers = [cell_text(cell.value) for cell in header_row[1]]
    missing = [h for h in REQUIRED if h not in headers]
    if missing:
        raise RiskImportRefused(
            [RowProblem(header_row[0], f"Missing column(s): {', '.join(missing)}.")]
        )
    reader = _Reader(plan)
    values, problems = [], []
    for number, cells in rows:
        by_header = {h: cell_text(c.value) for h, c in zip(headers, cells, strict=False) if h}
        row_problems: list[str] = []
        values.append((number, reader.read(by_header, row_problems)))
        problems += [RowProblem(number, message) for message in row_problems]
    if problems:
        raise RiskImportRefused(problems)
    return values


def risk_log_import(*, plan: Plan, request, data: bytes, filename: str) -> int:
    """Add every row of the file to the log, or none: ``RiskImportRefused`` lists the
    problems of every row. Writes the risks, their first assessments, their links to
    actions, an audit event each and one for the import."""
    rows = read_risk_log(plan, data, filename)
    with transaction.atomic():
        for number, values in rows:
            try:
                risk_create(plan=plan, request=request, **values)
            except ValidationError as error:
                raise RiskImportRefused(
                    [RowProblem(number, message) for message in error.messages]
                ) from error
        audit_record(
            kind=AuditEvent.Kind.IMPORT,
            request=request,
            plan=plan,
            detail=f"{len(rows)} risks and issues from {filename}"[:500],
        )
    return len(rows)
