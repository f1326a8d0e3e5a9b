"""What importing a plan file would do to a plan, worked out without writing anything.

``plan_import_changes`` compares the rows read from a file (``plan_files.reading``)
with the plan as it stood on the import's "as at" day and lists every new, changed
and unchanged action, every new section, lead and recommendation, every update the
import would record, and every problem that depends on the plan or on the people
already in the database.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.utils import timezone

from actions.models import Action, Rating
from actions.rules import update_rule_gaps
from plans.models import Finding, Plan, Section

from .people import NewLead, ambiguous_lead_message, match_people, people_given, people_key
from .reading import ImportRow, ParsedFile, Problem, cell_text

# Recommendations named in the Actions sheet with no text anywhere in the file.
RECOMMENDATION_TEXT_MISSING = "Text not given in the imported file: edit it to add it."


class PlanImportInvalid(Exception):
    """The file has problems, or questions still to answer; nothing was written."""

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
class ActionChange:
    row: ImportRow
    action: Action | None
    lead: object | None = None  # the user who will lead it, if they exist
    new_lead: NewLead | None = None
    led_by_importer: bool = False
    delegates: list = field(default_factory=list)
    new_delegates: list[NewLead] = field(default_factory=list)
    fields: list[FieldChange] = field(default_factory=list)
    rating_before: Rating | None = None
    # The update the import records, if any.
    records_update: bool = False
    rating: Rating | None = None
    commentary: str = ""
    revised_due_date: datetime.date | None = None
    # What the forms would have asked for and the file did not give, said in the history.
    imported_without: list[str] = field(default_factory=list)

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
    def is_note(self) -> bool:
        """Progress text for an action with no rating: kept, not counted as a rating."""
        return self.records_update and self.rating is None

    @property
    def lead_name(self) -> str:
        if self.new_lead:
            return self.new_lead.name
        return str(self.lead) if self.lead else ""

    @property
    def rating_changed(self) -> bool:
        return self.records_update and self.rating is not None and self.rating != self.rating_before

    @property
    def has_changes(self) -> bool:
        return self.is_new or bool(self.fields) or self.records_update


@dataclass
class ImportChanges:
    filename: str
    plan: Plan | None
    parsed: ParsedFile
    as_at: datetime.date
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

    @property
    def warnings(self) -> list[str]:
        return self.parsed.warnings

    @property
    def guesses(self):
        return self.parsed.guesses

    @property
    def questions(self):
        return self.parsed.questions

    @property
    def is_ready(self) -> bool:
        """Nothing stands in the way of importing: no problem and no open question."""
        return not self.problems and not self.questions

    @property
    def rating_changes(self) -> list[ActionChange]:
        changes = [c for c in self.actions_new + self.actions_changed if c.rating_changed]
        return sorted(changes, key=lambda c: c.row.number)

    @property
    def updates_recorded(self) -> list[ActionChange]:
        return [c for c in self.actions_new + self.actions_changed if c.records_update]

    @property
    def imported_without(self) -> list[ActionChange]:
        return [c for c in self.updates_recorded if c.imported_without]

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
            self.as_at.isoformat(),
            repr(self.sections_new),
            repr([(lead.name, lead.is_post, lead.references) for lead in self.new_leads]),
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
                        sorted(str(user.pk) for user in change.delegates),
                        [lead.name for lead in change.new_delegates],
                        change.rating_before,
                        change.rating,
                        change.commentary,
                        change.revised_due_date,
                        change.imported_without,
                    )
                )
            )
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def display_date(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "Not set"


def _state_as_at(plan: Plan, as_at: datetime.date):
    # Compared with all the plan now holds about that day, later corrections included, so
    # a file never records again what is already on record.
    return (
        Action.objects.filter(plan=plan)
        .with_state_as_at(as_at, known_now=True)
        .select_related("section", "lead")
        .prefetch_related("recommendations", "delegates")
    )


def import_as_at_problem(as_at: datetime.date, plan_start: datetime.date | None) -> str:
    """Why an import cannot take effect on ``as_at``, or "" if it can."""
    today = timezone.localdate()
    if as_at > today:
        return (
            f"The “as at” date, {display_date(as_at)}, is in the future. Give the day the "
            "file describes: today, or the date of a past tracker."
        )
    # A plan that starts later takes today's file from its start; a past day before a
    # plan that has started is history the plan cannot have.
    if plan_start and as_at < plan_start <= today:
        return (
            f"The “as at” date, {display_date(as_at)}, is before the plan starts "
            f"({display_date(plan_start)}). Give a later date, or an earlier start date."
        )
    return ""


def plan_import_changes(
    *,
    parsed: ParsedFile,
    plan: Plan | None = None,
    new_plan: NewPlan | None = None,
    default_lead=None,
    imported_by=None,
    as_at: datetime.date | None = None,
) -> ImportChanges:
    """Work out what importing the file would do, writing nothing.

    Ratings and commentary in the file take effect on ``as_at`` (default today) and are
    compared with where each action stood that day. Problems found in the file and
    problems that depend on the plan or on the people already in the database (a lead
    whose name matches two people) are all collected in ``problems``; rating words the
    import does not know are the file's ``questions``.
    """
    as_at = as_at or timezone.localdate()
    changes = ImportChanges(
        filename=parsed.filename,
        plan=plan,
        parsed=parsed,
        as_at=as_at,
        new_plan=new_plan,
        problems=list(parsed.problems),
    )
    start = plan.start_date if plan else new_plan.start_date if new_plan else None
    if message := import_as_at_problem(as_at, start):
        changes.problems.append(Problem(message))
    if not parsed.found_table:
        return changes
    sections: dict[str, Section] = {}
    actions: dict[str, Action] = {}
    recommendations: dict[str, Finding] = {}
    member_ids: set[int] = set()
    if plan is not None:
        sections = {people_key(s.title): s for s in Section.objects.filter(plan=plan)}
        actions = {a.reference: a for a in _state_as_at(plan, as_at)}
        recommendations = {r.reference: r for r in Finding.objects.filter(plan=plan)}
        member_ids = set(plan.members.values_list("pk", flat=True))

    organisation = plan.organisation.name if plan else new_plan.organisation if new_plan else ""
    named = [name for row in parsed.rows for name in (row.lead, *row.others)]
    people = match_people(named, organisation, imported_by)
    people.update(people_given(plan, named))
    new_leads: dict[str, NewLead] = {}
    new_members: dict[int, object] = {}
    if plan is None and imported_by is not None:
        new_members[imported_by.pk] = imported_by

    def problem(row: ImportRow, key: str, message: str) -> None:
        changes.problems.append(
            Problem(message, row=row.number, column=row.column(key), sheet=parsed.table)
        )

    def person(row: ImportRow, name: str, is_post: bool):
        """The account a name means, or the placeholder it will be; None if ambiguous."""
        found = people.get(people_key(name), [])
        if len(found) > 1:
            problem(row, "lead", ambiguous_lead_message(name, len(found)))
            return None
        if found:
            return found[0]
        lead = new_leads.setdefault(people_key(name), NewLead(name=name, is_post=is_post))
        if row.reference not in lead.references:
            lead.references.append(row.reference)
        return lead

    seen_sections: set[str] = set()
    for row in parsed.rows:
        section_key = people_key(row.section)
        if section_key not in sections and section_key not in seen_sections:
            changes.sections_new.append(row.section)
        seen_sections.add(section_key)
        existing = actions.get(row.reference)
        change = ActionChange(row=row, action=existing)
        problems_before = len(changes.problems)

        if row.lead:
            who = person(row, row.lead, row.lead_is_post)
            if isinstance(who, NewLead):
                change.new_lead = who
            elif who is not None:
                change.lead = who
        elif existing is None:
            if default_lead is None:
                problem(
                    row,
                    "lead",
                    "The Lead is empty. Give the lead's name or email, or import as a person "
                    "(the command's --user) who then leads the actions the file leaves open.",
                )
            else:
                change.lead = default_lead
                change.led_by_importer = True
        for name in row.others:
            who = person(row, name, name in row.others_posts)
            if isinstance(who, NewLead):
                change.new_delegates.append(who)
            elif who is not None and who != change.lead:
                change.delegates.append(who)
        for user in (change.lead, *change.delegates):
            if user is not None and user.pk not in member_ids:
                new_members.setdefault(user.pk, user)
        if len(changes.problems) > problems_before:
            continue

        if existing is None:
            _describe_new(row, change, problem)
        else:
            _describe_changed(row, change, parsed.present, problem)
        if change.records_update:
            change.imported_without = _imported_without(change)
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
    changes.problems.sort(key=lambda p: (p.row is not None, p.sheet, p.row or 0))
    return changes


def _imported_without(change: ActionChange) -> list[str]:
    """The business rules the forms apply, said where an import could not follow them."""
    if change.rating is None:
        return []
    return update_rule_gaps(
        rating=change.rating, slippage_reason="", rating_before=change.rating_before
    )


def _describe_new(row: ImportRow, change: ActionChange, problem) -> None:
    if not (row.rating or row.commentary):
        if row.revised_due_date:
            problem(row, "revised_due_date", "A revised due date needs a Rating in the same row.")
        return
    change.records_update = True
    change.rating = row.rating
    change.commentary = row.commentary or "Rating from the imported file."
    change.revised_due_date = row.revised_due_date if row.rating else None


def _describe_changed(row: ImportRow, change: ActionChange, present: frozenset[str], problem):
    action = change.action
    fields = change.fields
    if people_key(action.section.title) != people_key(row.section):
        fields.append(FieldChange("Section", action.section.title, row.section))
    if action.title != row.title:
        fields.append(FieldChange("Action", action.title, row.title))
    if change.new_lead or (change.lead is not None and change.lead.pk != action.lead_id):
        fields.append(FieldChange("Lead", str(action.lead), change.lead_name))
    current = {user.pk for user in action.delegates.all()}
    added = [user for user in change.delegates if user.pk not in current]
    change.delegates = added
    if added or change.new_delegates:
        names = [str(user) for user in added] + [lead.name for lead in change.new_delegates]
        before = ", ".join(sorted(str(user) for user in action.delegates.all()))
        fields.append(FieldChange("Delegates", before, ", ".join(filter(None, [before, *names]))))
    for key, label in (
        ("partners", "Partners"),
        ("success_measures", "Success measures"),
        ("description", "Description"),
    ):
        if key in present and cell_text(getattr(action, key)) != getattr(row, key):
            fields.append(FieldChange(label, getattr(action, key), getattr(row, key)))
    described = "title" in present and "description" not in present and row.description
    if described and cell_text(action.description) != row.description:
        fields.append(FieldChange("Description", action.description, row.description))
    if "start_date" in present and action.start_date != row.start_date:
        fields.append(
            FieldChange("Start date", display_date(action.start_date), display_date(row.start_date))
        )
    if "due_date" in present:
        if action.original_due_date != row.due_date:
            fields.append(
                FieldChange(
                    "Due date",
                    display_date(action.original_due_date),
                    display_date(row.due_date),
                )
            )
        if action.due_text != row.due_text:
            fields.append(FieldChange("Timescale as written", action.due_text, row.due_text))
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

    stood = Rating(action.rating_as_at) if action.rating_as_at else None
    change.rating_before = stood
    rating_moves = row.rating is not None and row.rating != stood
    commentary_moves = bool(row.commentary) and row.commentary != cell_text(
        action.commentary_as_at or ""
    )
    due_moves = row.revised_due_date is not None and row.revised_due_date != action.due_date_as_at
    if not (rating_moves or commentary_moves or due_moves):
        return
    rating = row.rating or stood
    if rating is None and not commentary_moves:
        problem(row, "revised_due_date", "The action has no rating yet: give a Rating in the row.")
        return
    change.records_update = True
    change.rating = rating
    change.commentary = row.commentary or "Rating from the imported file."
    change.revised_due_date = row.revised_due_date if due_moves and rating else None
