"""What importing a plan file would do to a plan, worked out without writing anything.

``plan_import_changes`` compares the rows read from a file (``plan_files.reading``)
with the plan as it stands and lists every new, changed and unchanged action, every
new section, lead and recommendation, and every problem that depends on the plan or
on the people already in the database.
"""

import datetime
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat, Lower, Trim

from actions.models import Action, ActionUpdate, Rating
from plans.models import Plan, Recommendation, Section

from .reading import COLUMNS_BY_KEY, ImportRow, ParsedFile, Problem, cell_text

# Recommendations named in the Actions sheet with no text anywhere in the file.
RECOMMENDATION_TEXT_MISSING = "Text not given in the imported file: edit it to add it."


class PlanImportInvalid(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, changes: "ImportChanges"):
        super().__init__(f"{len(changes.problems)} problems in {changes.filename}.")
        self.changes = changes


class PlanImportOutdated(Exception):
    """The plan changed after the import was previewed; nothing was written."""

    def __init__(self, changes: "ImportChanges"):
        super().__init__("The plan changed after the import was checked.")
        self.changes = changes


@dataclass(frozen=True)
class NewPlan:
    title: str
    organisation: str
    start_date: datetime.date


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class NewLead:
    """Someone named as a lead who has no account: added as a placeholder."""

    name: str
    references: list[str] = field(default_factory=list)

    @property
    def is_email(self) -> bool:
        return "@" in self.name


@dataclass
class ActionChange:
    row: ImportRow
    action: Action | None
    lead: object | None = None  # the user who will lead it, if they exist
    new_lead: NewLead | None = None
    fields: list[FieldChange] = field(default_factory=list)
    rating_before: Rating | None = None
    # The update the import records, if any: its rating, commentary, revised due date.
    records_update: bool = False
    rating: Rating | None = None
    commentary: str = ""
    revised_due_date: datetime.date | None = None

    @property
    def reference(self) -> str:
        return self.row.reference

    @property
    def title(self) -> str:
        return self.row.title

    @property
    def is_new(self) -> bool:
        return self.action is None

    @property
    def lead_name(self) -> str:
        if self.new_lead:
            return self.new_lead.name
        return str(self.lead) if self.lead else ""

    @property
    def rating_changed(self) -> bool:
        return self.records_update and self.rating != self.rating_before

    @property
    def has_changes(self) -> bool:
        return self.is_new or bool(self.fields) or self.records_update


@dataclass
class ImportChanges:
    filename: str
    plan: Plan | None
    new_plan: NewPlan | None = None
    sections_new: list[str] = field(default_factory=list)
    actions_new: list[ActionChange] = field(default_factory=list)
    actions_changed: list[ActionChange] = field(default_factory=list)
    actions_unchanged: list[ActionChange] = field(default_factory=list)
    actions_missing: list[Action] = field(default_factory=list)
    new_leads: list[NewLead] = field(default_factory=list)
    new_members: list = field(default_factory=list)
    recommendations_new: list[tuple[str, str]] = field(default_factory=list)
    recommendations_changed: list[FieldChange] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def rating_changes(self) -> list[ActionChange]:
        changes = [c for c in self.actions_new + self.actions_changed if c.rating_changed]
        return sorted(changes, key=lambda c: c.row.number)

    @property
    def has_changes(self) -> bool:
        return bool(
            self.new_plan
            or self.sections_new
            or self.actions_new
            or self.actions_changed
            or self.recommendations_new
            or self.recommendations_changed
            or self.new_members
        )

    @property
    def row_problems(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.row]

    @property
    def file_problems(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.row]

    def fingerprint(self) -> str:
        """A digest of everything the import would do, to tell if the plan moved since."""
        parts = [
            repr(self.sections_new),
            repr([(lead.name, lead.references) for lead in self.new_leads]),
            repr(sorted(str(user.pk) for user in self.new_members)),
            repr(self.recommendations_new),
            repr(self.recommendations_changed),
            repr([action.reference for action in self.actions_missing]),
        ]
        for change in self.actions_new + self.actions_changed:
            parts.append(
                repr(
                    (
                        change.reference,
                        change.is_new,
                        change.fields,
                        change.rating_before,
                        change.rating,
                        change.commentary,
                        change.revised_due_date,
                    )
                )
            )
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _display_date(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "Not set"


def _match_people(values: Iterable[str]) -> dict[str, list]:
    """The users each value names, by email, else full name, else username (any case)."""
    keys = {_key(value) for value in values if value}
    if not keys:
        return {}
    emails = [key for key in keys if "@" in key]
    names = [key for key in keys if "@" not in key]
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(email__iexact=email)
    if names:
        query |= Q(full_name_key__in=names) | Q(username_key__in=names)
    users = list(
        get_user_model()
        .objects.annotate(
            full_name_key=Lower(Trim(Concat("first_name", Value(" "), "last_name"))),
            username_key=Lower("username"),
        )
        .filter(query)
    )
    matches = {}
    for key in keys:
        if "@" in key:
            found = [user for user in users if user.email.casefold() == key]
        else:
            found = [user for user in users if _key(user.get_full_name()) == key] or [
                user for user in users if user.username.casefold() == key
            ]
        if len(found) > 1:
            # An account someone signs in with wins over a placeholder from an import.
            active = [user for user in found if user.is_active]
            if len(active) == 1:
                found = active
        matches[key] = found
    return matches


def _current_state(plan: Plan):
    latest = ActionUpdate.objects.filter(action=OuterRef("pk")).latest_first()
    return (
        Action.objects.filter(plan=plan)
        .select_related("section", "lead")
        .prefetch_related("recommendations")
        .annotate(latest_commentary=Subquery(latest.values("commentary")[:1]))
    )


def plan_import_changes(
    *,
    parsed: ParsedFile,
    plan: Plan | None = None,
    new_plan: NewPlan | None = None,
    default_lead=None,
    imported_by=None,
) -> ImportChanges:
    """Work out what importing the file would do, writing nothing.

    Problems found in the file and problems that depend on the plan or on the people
    already in the database (a lead whose name matches two people, commentary with no
    rating) are all collected in ``problems``.
    """
    changes = ImportChanges(
        filename=parsed.filename,
        plan=plan,
        new_plan=new_plan,
        problems=list(parsed.problems),
        warnings=list(parsed.warnings),
    )
    present = parsed.present
    sections: dict[str, Section] = {}
    actions: dict[str, Action] = {}
    recommendations: dict[str, Recommendation] = {}
    member_ids: set[int] = set()
    if plan is not None:
        sections = {_key(s.title): s for s in Section.objects.filter(plan=plan)}
        actions = {a.reference: a for a in _current_state(plan)}
        recommendations = {r.reference: r for r in Recommendation.objects.filter(plan=plan)}
        member_ids = set(plan.members.values_list("pk", flat=True))

    people = _match_people(row.lead for row in parsed.rows)
    new_leads: dict[str, NewLead] = {}
    new_members: dict[int, object] = {}
    if plan is None and imported_by is not None:
        new_members[imported_by.pk] = imported_by

    def problem(row: ImportRow, key: str, message: str) -> None:
        changes.problems.append(Problem(message, row=row.number, column=row.column(key)))

    seen_sections: set[str] = set()
    for row in parsed.rows:
        section_key = _key(row.section)
        if section_key not in sections and section_key not in seen_sections:
            changes.sections_new.append(row.section)
        seen_sections.add(section_key)
        existing = actions.get(row.reference)
        change = ActionChange(row=row, action=existing)

        if row.lead:
            found = people.get(_key(row.lead), [])
            if len(found) > 1:
                problem(row, "lead", _ambiguous_lead_message(row.lead, len(found)))
                continue
            if found:
                change.lead = found[0]
            else:
                lead = new_leads.setdefault(_key(row.lead), NewLead(name=row.lead))
                lead.references.append(row.reference)
                change.new_lead = lead
        elif existing is None:
            if default_lead is None:
                problem(row, "lead", "The Lead is empty. Give the lead's email or full name.")
                continue
            change.lead = default_lead
        if change.lead is not None and change.lead.pk not in member_ids:
            new_members.setdefault(change.lead.pk, change.lead)

        if existing is None:
            _describe_new(row, change, parsed.filename, problem)
        else:
            _describe_changed(row, change, present, parsed.filename, problem)
        if change.is_new:
            changes.actions_new.append(change)
        elif change.has_changes:
            changes.actions_changed.append(change)
        else:
            changes.actions_unchanged.append(change)

    in_file = {row.reference for row in parsed.rows}
    changes.actions_missing = [a for ref, a in actions.items() if ref not in in_file]
    changes.new_leads = list(new_leads.values())
    changes.new_members = list(new_members.values())

    texts = parsed.recommendation_texts or {}
    referenced = dict.fromkeys(ref for row in parsed.rows for ref in row.recommendations)
    for reference in dict.fromkeys([*texts, *referenced]):
        existing_recommendation = recommendations.get(reference)
        text = texts.get(reference)
        if existing_recommendation is None:
            changes.recommendations_new.append((reference, text or RECOMMENDATION_TEXT_MISSING))
        elif text is not None and cell_text(existing_recommendation.text) != text:
            changes.recommendations_changed.append(
                FieldChange(reference, existing_recommendation.text, text)
            )
    changes.problems.sort(key=lambda p: (p.sheet, p.row or 0))
    return changes


def _ambiguous_lead_message(value: str, count: int) -> str:
    if "@" in value:
        return (
            f"{count} accounts have the email address {value}. Ask an administrator to "
            "merge them, then import again."
        )
    return f"{count} people are called {value}. Give the lead's email address instead."


def _describe_new(row: ImportRow, change: ActionChange, filename: str, problem) -> None:
    if not row.rating:
        if row.commentary:
            problem(row, "commentary", "Commentary needs a Rating in the same row.")
        if row.revised_due_date:
            problem(row, "revised_due_date", "A revised due date needs a Rating in the same row.")
        return
    change.records_update = True
    change.rating = row.rating
    change.commentary = row.commentary or f"Imported from {filename}."
    change.revised_due_date = row.revised_due_date


def _describe_changed(
    row: ImportRow, change: ActionChange, present: frozenset[str], filename: str, problem
) -> None:
    action = change.action
    fields = change.fields
    if _key(action.section.title) != _key(row.section):
        fields.append(FieldChange("Section", action.section.title, row.section))
    if action.title != row.title:
        fields.append(FieldChange("Action", action.title, row.title))
    if change.new_lead or (change.lead is not None and change.lead.pk != action.lead_id):
        fields.append(FieldChange("Lead", str(action.lead), change.lead_name))
    for key in ("partners", "success_measures", "description"):
        if key in present and cell_text(getattr(action, key)) != getattr(row, key):
            label = COLUMNS_BY_KEY[key].header
            fields.append(FieldChange(label, getattr(action, key), getattr(row, key)))
    if "start_date" in present and action.start_date != row.start_date:
        fields.append(
            FieldChange(
                "Start date", _display_date(action.start_date), _display_date(row.start_date)
            )
        )
    if "due_date" in present and action.original_due_date != row.due_date:
        fields.append(
            FieldChange(
                "Due date", _display_date(action.original_due_date), _display_date(row.due_date)
            )
        )
    start = row.start_date if "start_date" in present else action.start_date
    due = row.due_date if "due_date" in present else action.original_due_date
    if start and due and due < start:
        problem(row, "due_date", "The due date would be before the action's start date.")
    if "recommendations" in present:
        before = sorted(r.reference for r in action.recommendations.all())
        if before != sorted(row.recommendations):
            fields.append(
                FieldChange("Recommendations", "; ".join(before), "; ".join(row.recommendations))
            )

    change.rating_before = action.rating_choice
    rating_moves = row.rating is not None and row.rating != action.rating
    commentary_moves = bool(row.commentary) and row.commentary != cell_text(
        action.latest_commentary or ""
    )
    due_moves = row.revised_due_date is not None and row.revised_due_date != action.current_due_date
    if not (rating_moves or commentary_moves or due_moves):
        return
    rating = row.rating or action.rating_choice
    if rating is None:
        key = "commentary" if commentary_moves else "revised_due_date"
        problem(row, key, "The action has no rating yet: give a Rating in the same row.")
        return
    change.records_update = True
    change.rating = rating
    change.commentary = row.commentary or f"Imported from {filename}."
    change.revised_due_date = row.revised_due_date if due_moves else None
