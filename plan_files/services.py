"""Writes that bring a plan in: importing a file, and refreshing a plan into its next version.

Each runs in one transaction: an import or a refresh either happens whole or not at all.
"""

import datetime
import re
from collections.abc import Iterable, Mapping

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from actions import services as action_services
from actions.models import Action, ActionUpdate
from improvement_board.roles import Role
from plans.assurance import assurance_events_copy, starting_inspection
from plans.models import Finding, Plan, Section
from plans.organisations import organisation_for_new_plan
from plans.revisions import revise
from plans.writable import check_plan_writable

from .changes import (
    ActionChange,
    ImportChanges,
    NewPlan,
    PlanImportInvalid,
    PlanImportOutdated,
    display_date,
    plan_import_changes,
)
from .models import ImportChoices
from .people import NewLead, people_key
from .reading import ParsedFile


@transaction.atomic
def plan_import(
    *,
    parsed: ParsedFile,
    plan: Plan | None = None,
    new_plan: NewPlan | None = None,
    imported_by=None,
    default_lead=None,
    as_at: datetime.date | None = None,
    columns: Mapping[str, str] | None = None,
    words: Mapping[str, str] | None = None,
    expected_fingerprint: str | None = None,
) -> ImportChanges:
    """Import a parsed file into ``plan``, or into a new plan described by ``new_plan``.

    All or nothing: raises ``PlanImportInvalid`` (nothing written) if the file has any
    problem or unanswered question, and ``PlanImportOutdated`` if
    ``expected_fingerprint`` is given and the plan changed since the import was
    previewed. Ratings and commentary take effect on ``as_at`` (default today): an
    import of a past tracker is recorded as known on its day, since the file is the
    record of what was known then. The answers the file was read with (``columns``,
    ``words``) are kept with the plan for its next import. Returns what was done, with
    ``plan`` set to the plan imported into.
    """
    if (plan is None) == (new_plan is None):
        raise ValueError("Import into an existing plan or a new plan, not both.")
    today = timezone.localdate()
    as_at = as_at or today
    if plan is not None:
        # One import at a time per plan, and no action changes under it meanwhile.
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        check_plan_writable(plan)
        list(Action.objects.select_for_update().filter(plan=plan).values_list("pk"))
    changes = plan_import_changes(
        parsed=parsed,
        plan=plan,
        new_plan=new_plan,
        default_lead=default_lead,
        imported_by=imported_by,
        as_at=as_at,
    )
    if not changes.is_ready:
        raise PlanImportInvalid(changes)
    if expected_fingerprint is not None and changes.fingerprint() != expected_fingerprint:
        raise PlanImportOutdated(changes)

    if plan is None:
        # A new plan starts as a draft: its managers make it active when it is ready, and
        # a test import can be deleted (plans/lifecycle.py).
        plan = Plan(
            title=new_plan.title,
            slug=_unique_plan_slug(new_plan.title),
            organisation=organisation_for_new_plan(name=new_plan.organisation, user=imported_by),
            start_date=new_plan.start_date,
            status=Plan.Status.DRAFT,
        )
        plan.full_clean()
        plan.save()
        changes.plan = plan
    revise(plan, because="a plan file imported")
    import_choices_remember(plan=plan, columns=columns, words=words, by=imported_by)
    effective_date = max(as_at, plan.start_date)
    # Actions in a new plan were part of it from its start; later ones from the day the
    # file describes.
    added_on = plan.start_date if new_plan else effective_date
    recorded_at = None if as_at >= today else _end_of(as_at)
    source = f"Import of {parsed.filename}"
    if as_at != today:
        source += f" as at {display_date(as_at)}"

    placeholders = {people_key(lead.name): _placeholder_create(lead) for lead in changes.new_leads}
    plan.members.add(*changes.new_members, *placeholders.values())

    recommendations = {r.reference: r for r in Finding.objects.filter(plan=plan)}
    for reference, text in changes.recommendations_new:
        recommendation = Finding(
            plan=plan, event=starting_inspection(plan), reference=reference, text=text
        )
        recommendation.full_clean()
        recommendation.save()
        recommendations[reference] = recommendation
    for text_change in changes.recommendations_changed:
        recommendation = recommendations[text_change.label]
        recommendation.text = text_change.after
        recommendation.full_clean()
        recommendation.save()

    sections = {people_key(s.title): s for s in Section.objects.filter(plan=plan)}
    number = max((s.number for s in sections.values()), default=0)
    for title in changes.sections_new:
        number += 1
        section = Section(plan=plan, number=number, title=title)
        section.full_clean()
        section.save()
        sections[people_key(title)] = section

    Through = Action.recommendations.through
    new_links = []
    for change in changes.actions_new + changes.actions_changed:
        row = change.row
        lead = placeholders[people_key(change.new_lead.name)] if change.new_lead else change.lead
        delegates = [
            *change.delegates,
            *(placeholders[people_key(d.name)] for d in change.new_delegates),
        ]
        if change.is_new:
            action = Action(
                plan=plan,
                section=sections[people_key(row.section)],
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
                due_text=row.due_text,
            )
            # The plan, section and lead are rows this transaction holds, and the
            # constraints (unique Ref, valid rating, due after start) were checked for the
            # whole file before anything was written; skipping their one-query-each checks
            # keeps a 300-action import to seconds. The database still enforces them all.
            action.full_clean(exclude=["plan", "section", "lead"], validate_constraints=False)
            action.save()
            if delegates:
                action.delegates.add(*[d for d in delegates if d.pk != lead.pk])
            new_links.extend(
                Through(action=action, finding=recommendations[r]) for r in row.recommendations
            )
        else:
            action = Action.objects.select_related("plan").get(pk=change.action.pk)
            if change.fields:
                before = action_services.action_snapshot(action)
                _action_apply_fields(action, change, sections, lead, parsed.present)
                if delegates:
                    action.delegates.add(*[d for d in delegates if d.pk != action.lead_id])
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
            without = "".join(f"; {gap}" for gap in change.imported_without)
            action_services.action_update_record(
                action=action,
                author=imported_by,
                effective_date=effective_date,
                rating=change.rating or "",
                commentary=change.commentary,
                next_steps=row.next_steps,
                revised_due_date=change.revised_due_date,
                kind=ActionUpdate.Kind.IMPORTED if change.rating else ActionUpdate.Kind.NOTE,
                source=_truncate(source, 200 - len(without)) + without,
                recorded_at=recorded_at,
            )
    Through.objects.bulk_create(new_links)
    return changes


def import_choices_remember(
    *,
    plan: Plan,
    columns: Mapping[str, str] | None,
    words: Mapping[str, str] | None,
    by=None,
) -> ImportChoices:
    """Keep a plan manager's answers about a plan's file for its next import."""
    choices, _created = ImportChoices.objects.get_or_create(plan=plan)
    if columns or words:
        choices.columns = {**choices.columns, **(columns or {})}
        choices.rating_words = {**choices.rating_words, **(words or {})}
        choices.updated_at = timezone.now()
        choices.updated_by = by
        choices.full_clean()
        choices.save()
    return choices


def _end_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


def _action_apply_fields(
    action: Action, change: ActionChange, sections, lead, present: frozenset[str]
) -> None:
    row = change.row
    action.section = sections[people_key(row.section)]
    action.title = row.title
    if lead is not None:
        action.lead = lead
    for key in ("partners", "success_measures", "description", "start_date"):
        if key in present:
            setattr(action, key, getattr(row, key))
    if "title" in present and "description" not in present and row.description:
        action.description = row.description
    if "due_date" in present:
        # An unrevised due date moves with the original; a revised one stays revised.
        if action.current_due_date == action.original_due_date:
            action.current_due_date = row.due_date
        action.original_due_date = row.due_date
        action.due_text = row.due_text
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
    elif lead.is_post:
        # A post ("Head of Service, MASH") is kept whole, for a plan manager to assign
        # to a person later; it is never someone's name.
        first_name, last_name, email = lead.name, "", ""
        base = slugify(lead.name, allow_unicode=True)[:140]
    else:
        words = lead.name.split()
        first_name = " ".join(words[:-1]) if len(words) > 1 else words[0]
        last_name = words[-1] if len(words) > 1 else ""
        email = ""
        base = slugify(lead.name, allow_unicode=True)[:140]
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
    revise(plan, new_plan, because="the plan refreshed into its next version")
    new_plan.members.set(plan.members.all())

    new_sections = {}
    for number, section in enumerate(chosen_sections, 1):
        copy = Section(plan=new_plan, number=number, title=section.title, lead=section.lead)
        copy.full_clean()
        copy.save()
        new_sections[section.pk] = copy
    new_recommendations = {}
    new_events = assurance_events_copy(plan=plan, to_plan=new_plan)
    for recommendation in Finding.objects.filter(plan=plan):
        copy = Finding(
            plan=new_plan,
            event=new_events[recommendation.event_id],
            reference=recommendation.reference,
            text=recommendation.text,
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
