"""Writes to plans: importing a spreadsheet, refreshing a plan, recommendations.

Each write runs in one transaction: an import or a refresh either happens whole or
not at all.
"""

import datetime
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat, Lower, Trim
from django.utils import timezone
from django.utils.text import slugify

from actions import services as action_services
from actions.models import Action, ActionUpdate, Rating
from improvement_board.conflicts import EditConflict, check_version
from improvement_board.roles import Role

from .importing import COLUMNS_BY_KEY, ImportRow, ParsedFile, Problem, cell_text
from .models import Plan, Recommendation, Section
from .writable import PlanReadOnlyError, check_plan_writable

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


# --- What an import would do -----------------------------------------------------------


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


# --- Doing it -------------------------------------------------------------------------


@transaction.atomic
def plan_import(
    *,
    parsed: ParsedFile,
    plan: Plan | None = None,
    new_plan: NewPlan | None = None,
    imported_by=None,
    default_lead=None,
    expected_fingerprint: str | None = None,
    today: datetime.date | None = None,
) -> ImportChanges:
    """Import a parsed spreadsheet into ``plan``, or into a new plan described by ``new_plan``.

    All or nothing: raises ``PlanImportInvalid`` (nothing written) if the file has any
    problem, and ``PlanImportOutdated`` if ``expected_fingerprint`` is given and the
    plan changed since the import was previewed. Rating and commentary changes are
    recorded as imported updates whose source names the file. Returns what was done,
    with ``plan`` set to the plan imported into.
    """
    if (plan is None) == (new_plan is None):
        raise ValueError("Import into an existing plan or a new plan, not both.")
    if plan is not None:
        # One import at a time per plan, and no action changes under it meanwhile.
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        if plan.is_read_only:
            raise PlanReadOnlyError(plan)
        list(Action.objects.select_for_update().filter(plan=plan).values_list("pk"))
    changes = plan_import_changes(
        parsed=parsed,
        plan=plan,
        new_plan=new_plan,
        default_lead=default_lead,
        imported_by=imported_by,
    )
    if changes.problems:
        raise PlanImportInvalid(changes)
    if expected_fingerprint is not None and changes.fingerprint() != expected_fingerprint:
        raise PlanImportOutdated(changes)

    today = today or timezone.localdate()
    if plan is None:
        plan = Plan(
            title=new_plan.title,
            slug=_unique_plan_slug(new_plan.title),
            organisation=new_plan.organisation,
            start_date=new_plan.start_date,
            status=Plan.Status.ACTIVE,
        )
        plan.full_clean()
        plan.save()
        changes.plan = plan
    effective_date = max(today, plan.start_date)
    # Actions in a new plan were part of it from its start; later ones from today.
    added_on = plan.start_date if new_plan else effective_date
    source = _truncate(f"Import of {parsed.filename} on {_display_date(today)}", 200)

    placeholders = {_key(lead.name): _placeholder_create(lead) for lead in changes.new_leads}
    plan.members.add(*changes.new_members, *placeholders.values())

    recommendations = {r.reference: r for r in Recommendation.objects.filter(plan=plan)}
    for reference, text in changes.recommendations_new:
        recommendation = Recommendation(plan=plan, reference=reference, text=text)
        recommendation.full_clean()
        recommendation.save()
        recommendations[reference] = recommendation
    for text_change in changes.recommendations_changed:
        recommendation = recommendations[text_change.label]
        recommendation.text = text_change.after
        recommendation.full_clean()
        recommendation.save()

    sections = {_key(s.title): s for s in Section.objects.filter(plan=plan)}
    number = max((s.number for s in sections.values()), default=0)
    for title in changes.sections_new:
        number += 1
        section = Section(plan=plan, number=number, title=title)
        section.full_clean()
        section.save()
        sections[_key(title)] = section

    Through = Action.recommendations.through
    new_links = []
    for change in changes.actions_new + changes.actions_changed:
        row = change.row
        lead = placeholders[_key(change.new_lead.name)] if change.new_lead else change.lead
        if change.is_new:
            action = Action(
                plan=plan,
                section=sections[_key(row.section)],
                reference=row.reference,
                title=row.title,
                description=row.description,
                success_measures=row.success_measures,
                lead=lead,
                partners=row.partners,
                added_on=added_on,
                start_date=row.start_date,
                original_due_date=row.due_date,
                current_due_date=row.due_date,
            )
            # The plan, section and lead are rows this transaction holds, and the
            # constraints (unique Ref, valid rating, due after start) were checked for the
            # whole file before anything was written; skipping their one-query-each checks
            # keeps a 300-action import to seconds. The database still enforces them all.
            action.full_clean(exclude=["plan", "section", "lead"], validate_constraints=False)
            action.save()
            new_links.extend(
                Through(action=action, recommendation=recommendations[r])
                for r in row.recommendations
            )
        else:
            action = Action.objects.select_related("plan").get(pk=change.action.pk)
            if change.fields:
                before = action_services.action_snapshot(action)
                _action_apply_fields(action, change, sections, lead, parsed.present)
                if "recommendations" in parsed.present:
                    action.recommendations.set([recommendations[r] for r in row.recommendations])
                if imported_by is not None:
                    # Recorded like an edit in the app: who changed which field, from what.
                    action_services.action_admin_changes_record(
                        action=action, editor=imported_by, before=before
                    )
                else:
                    Action.objects.filter(pk=action.pk).update(version=F("version") + 1)
                action.refresh_from_db()
        if change.records_update:
            action_services.action_update_record(
                action=action,
                author=imported_by,
                effective_date=effective_date,
                rating=change.rating,
                commentary=change.commentary,
                revised_due_date=change.revised_due_date,
                kind=ActionUpdate.Kind.IMPORTED,
                source=source,
            )
    Through.objects.bulk_create(new_links)
    return changes


def _action_apply_fields(
    action: Action, change: ActionChange, sections, lead, present: frozenset[str]
) -> None:
    row = change.row
    action.section = sections[_key(row.section)]
    action.title = row.title
    if lead is not None:
        action.lead = lead
    for key in ("partners", "success_measures", "description", "start_date"):
        if key in present:
            setattr(action, key, getattr(row, key))
    if "due_date" in present:
        # An unrevised due date moves with the original; a revised one stays revised.
        if action.current_due_date == action.original_due_date:
            action.current_due_date = row.due_date
        action.original_due_date = row.due_date
    action.full_clean()
    action.save()


def _truncate(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _unique_plan_slug(title: str) -> str:
    base = slugify(title)[:90].strip("-") or "plan"
    slug, n = base, 1
    while Plan.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _placeholder_create(lead: NewLead):
    """An inactive account for a lead who has none yet: it cannot be signed in to."""
    User = get_user_model()
    if lead.is_email:
        first_name, last_name, email = "", "", lead.name
        base = re.sub(r"[^\w.@+-]", "", lead.name.casefold())[:140]
    else:
        words = lead.name.split()
        first_name = " ".join(words[:-1]) if len(words) > 1 else words[0]
        last_name = words[-1] if len(words) > 1 else ""
        email = ""
        base = slugify(lead.name)[:140]
    base = base or "lead"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    user = User(
        username=username,
        email=email,
        first_name=first_name[:150],
        last_name=last_name[:150],
        is_active=False,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    owners = Group.objects.filter(name=Role.ACTION_OWNER.value).first()
    if owners is not None:
        user.groups.add(owners)
    return user


# --- Refreshing a plan -----------------------------------------------------------------


def carried_over_note(plan: Plan) -> str:
    return _truncate(f"Carried over from {plan.title}", 200)


@transaction.atomic
def plan_refresh(
    *,
    plan: Plan,
    title: str,
    start_date: datetime.date,
    sections: Iterable[Section],
    actions: Iterable[Action],
    refreshed_by,
) -> Plan:
    """Create the next version of ``plan``, carrying over the chosen sections and actions.

    The new plan is active and has the same members and recommendations. Each carried
    action keeps its reference, wording, lead, delegates, partners and dates, links to
    the action it continues (``carried_from``) and starts with an imported update
    holding its current rating and latest commentary. The old plan becomes superseded
    and is otherwise left exactly as it was.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    check_plan_writable(plan)
    chosen_sections = sorted(sections, key=lambda s: s.number)
    chosen_actions = list(
        Action.objects.filter(pk__in=[a.pk for a in actions])
        .select_related("section")
        .prefetch_related("delegates", "recommendations")
        .order_by("section__number", "reference")
    )
    section_ids = {s.pk for s in chosen_sections}
    if any(s.plan_id != plan.pk for s in chosen_sections):
        raise ValueError("Only the plan's own sections can be carried over.")
    if any(a.plan_id != plan.pk or a.section_id not in section_ids for a in chosen_actions):
        raise ValueError("Carried actions must be the plan's own, in carried sections.")

    new_plan = Plan(
        title=title,
        slug=_unique_plan_slug(title),
        organisation=plan.organisation,
        inspection=plan.inspection,
        inspection_date=plan.inspection_date,
        status=Plan.Status.ACTIVE,
        start_date=start_date,
        predecessor=plan,
        update_deadline_day=plan.update_deadline_day,
    )
    new_plan.full_clean()
    new_plan.save()
    new_plan.members.set(plan.members.all())

    new_sections = {}
    for number, section in enumerate(chosen_sections, 1):
        copy = Section(plan=new_plan, number=number, title=section.title, lead=section.lead)
        copy.full_clean()
        copy.save()
        new_sections[section.pk] = copy
    new_recommendations = {}
    for recommendation in Recommendation.objects.filter(plan=plan):
        copy = Recommendation(
            plan=new_plan, reference=recommendation.reference, text=recommendation.text
        )
        copy.full_clean()
        copy.save()
        new_recommendations[recommendation.pk] = copy

    latest: dict[int, ActionUpdate] = {}
    latest_rated: dict[int, ActionUpdate] = {}
    history = ActionUpdate.objects.filter(action__in=chosen_actions).latest_first()
    for update in history:
        latest.setdefault(update.action_id, update)
        if update.kind in ActionUpdate.Kind.rated():
            latest_rated.setdefault(update.action_id, update)

    source = carried_over_note(plan)
    for old in chosen_actions:
        action = Action(
            plan=new_plan,
            section=new_sections[old.section_id],
            reference=old.reference,
            title=old.title,
            description=old.description,
            success_measures=old.success_measures,
            lead=old.lead,
            partners=old.partners,
            added_on=start_date,
            start_date=old.start_date,
            original_due_date=old.original_due_date,
            current_due_date=old.current_due_date,
            carried_from=old,
        )
        action.full_clean()
        action.save()
        action.delegates.set(old.delegates.all())
        action.recommendations.set([new_recommendations[r.pk] for r in old.recommendations.all()])
        if old.rating:
            last = latest.get(old.pk)
            rated = latest_rated.get(old.pk)
            revised = old.current_due_date
            action_services.action_update_record(
                action=action,
                author=refreshed_by,
                effective_date=start_date,
                rating=old.rating,
                commentary=last.commentary if last else f"{source}.",
                revised_due_date=revised if revised != old.original_due_date else None,
                slippage_reason=rated.slippage_reason if rated else "",
                kind=ActionUpdate.Kind.IMPORTED,
                source=source,
            )

    plan.status = Plan.Status.SUPERSEDED
    plan.save(update_fields=["status"])
    return new_plan


# --- Recommendations -------------------------------------------------------------------


class StaleRecommendationError(EditConflict):
    """The recommendation changed after the form was opened; nothing was written."""

    def __init__(self, recommendation: Recommendation):
        super().__init__(f"Recommendation {recommendation.reference} was changed meanwhile.")
        self.recommendation = recommendation


def recommendation_fingerprint(recommendation: Recommendation) -> str:
    """A digest of what an editor saw, so a save can tell if someone changed it since."""
    action_ids = sorted(recommendation.actions.values_list("pk", flat=True))
    text = repr((recommendation.reference, recommendation.text, action_ids))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _check_actions(plan: Plan, actions: Iterable[Action]) -> list[Action]:
    actions = list(actions)
    if any(action.plan_id != plan.pk for action in actions):
        raise ValueError("Only the plan's own actions can answer its recommendations.")
    return actions


@transaction.atomic
def recommendation_create(
    *, plan: Plan, reference: str, text: str, actions: Iterable[Action]
) -> Recommendation:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    check_plan_writable(plan)
    recommendation = Recommendation(plan=plan, reference=reference, text=text)
    recommendation.full_clean()
    recommendation.save()
    recommendation.actions.set(_check_actions(plan, actions))
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    recommendation: Recommendation,
    reference: str,
    text: str,
    actions: Iterable[Action],
    expected_fingerprint: str | None = None,
) -> Recommendation:
    locked = (
        Recommendation.objects.select_for_update().select_related("plan").get(pk=recommendation.pk)
    )
    check_plan_writable(locked.plan)
    if expected_fingerprint is not None:
        check_version(
            recommendation_fingerprint(locked),
            expected_fingerprint,
            StaleRecommendationError(locked),
        )
    locked.reference = reference
    locked.text = text
    locked.full_clean()
    locked.save()
    locked.actions.set(_check_actions(locked.plan, actions))
    return locked
