"""The Board paper's risks and issues, from the log as at the paper's date: the draft of
section 3, "Specific issues that have delayed progress" (Markdown the plan manager edits
before the paper is final), and the risk summary table printed under it. Both read the
log by the same as-at rule as every other figure of the paper."""

import datetime
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q

from actions.models import Action, Rating
from plans.models import Plan
from risks import rules
from risks.history import attach_details
from risks.log import log_queryset
from risks.models import Risk, RiskStatus


@dataclass(frozen=True)
class RiskRow:
    reference: str
    title: str
    score: int | None
    likelihood: int | None
    impact: int | None
    trend: str
    owner: str
    status: str


def risk_summary(plan: Plan, as_at: datetime.date, since: datetime.date) -> list[RiskRow]:
    """The risks (not issues) not closed on ``as_at``, highest score first, each with its
    trend since ``since`` (the previous Board), its details as they were then. Two queries."""
    risks = list(
        log_queryset(plan, as_at, since=since)
        .filter(kind=Risk.Kind.RISK)
        .filter(rules.open_q())
        .order_by(F("score_as_at").desc(nulls_last=True), "reference")
    )
    attach_details(risks, as_at)
    return [
        RiskRow(
            reference=risk.shown["reference"],
            title=risk.shown["title"],
            score=risk.score_as_at,
            likelihood=risk.likelihood_as_at,
            impact=risk.impact_as_at,
            trend=rules.TREND_WORDS[rules.trend(risk.score_as_at, risk.score_before)],
            owner=str(risk.shown["owner"]),
            status=RiskStatus(risk.status_as_at).label if risk.status_as_at else "Open",
        )
        for risk in risks
    ]


def issues_in_period(plan: Plan, as_at: datetime.date, since: datetime.date) -> list[Risk]:
    """The issues a paper as at ``as_at`` reports: those open or managed then, and those
    closed since ``since``; each with its details as they were then and the actions it
    affects, rated as at ``as_at``. Three queries."""
    affected = (
        Action.objects.in_plan(plan)
        .with_standing_as_at(as_at)
        .order_by("section__number", "reference")
    )
    issues = list(
        log_queryset(plan, as_at)
        .filter(kind=Risk.Kind.ISSUE)
        .filter(rules.open_q() | Q(updated_on_as_at__gte=since))
        .prefetch_related(Prefetch("actions", queryset=affected, to_attr="affected"))
        .order_by("raised_on", "reference")
    )
    attach_details(issues, as_at)
    return issues


def _roman(number: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, numeral in numerals:
        while number >= value:
            out, number = out + numeral, number - value
    return out


def issues_draft(plan: Plan, as_at: datetime.date, since: datetime.date) -> str:
    """Section 3 drafted from the log, one paragraph an issue: what happened, where it
    stands, and the actions it has affected with their ratings on ``as_at``."""
    return draft_of_issues(issues_in_period(plan, as_at, since), as_at)


def draft_of_issues(issues: list[Risk], as_at: datetime.date) -> str:
    """``issues_draft`` of the issues ``issues_in_period`` found."""
    if not issues:
        return ""
    paragraphs = [
        "The following issues have delayed progress (from the risk and issue log as at "
        f"{as_at:%-d %B %Y}):"
    ]
    for number, issue in enumerate(issues, start=1):
        shown = issue.shown
        text = f"({_roman(number)}) **{shown['title']}.** {shown['description'].strip()}"
        if issue.note_as_at:
            text += f" {issue.note_as_at.strip()}"
        if issue.mitigation_as_at:
            text += f" Response: {issue.mitigation_as_at.strip()}"
        if issue.affected:
            named = "; ".join(
                f"{action.reference} {action.title} "
                f"({Rating(action.rating_as_at).colour if action.rating_as_at else 'not rated'})"
                for action in issue.affected
            )
            text += f" Actions affected: {named}."
        paragraphs.append(" ".join(text.split()))
    return "\n\n".join(paragraphs)
