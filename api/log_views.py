"""The read-only API's risk and issue log and assurance calendar of a plan, as at a day,
read through the functions the pages use (``risks.log.risk_log``,
``reports.assurance.events_as_at``), so the API and the pages agree."""

from drf_spectacular.utils import extend_schema

from reports.assurance import events_as_at
from risks.log import risk_log

from . import serializers
from .views import AS_AT, ERRORS, PlanRecords


class RiskList(PlanRecords):
    """The plan's risks and issues on `as_at`, as known at the end of it: each one's
    details, status, score and trend then, as the risk log shows them."""

    serializer_class = serializers.RiskSerializer

    @extend_schema(parameters=[AS_AT], responses={200: serializer_class, **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def records(self, plan):
        return risk_log(plan, self.as_at)

    def record(self, risk):
        return {
            "as_at": self.as_at,
            "id": risk.pk,
            "kind": risk.kind,
            "reference": risk.shown["reference"],
            "title": risk.shown["title"],
            "owner": str(risk.shown["owner"]),
            "raised_on": risk.raised_on,
            "status": risk.status_as_at or "open",
            "likelihood": risk.likelihood_as_at,
            "impact": risk.impact_as_at,
            "score": risk.score_as_at,
            "score_before": risk.score_before,
            "trend": risk.trend,
            "high": risk.is_high,
            "review_date": risk.review_date_as_at,
            "review_overdue": risk.review_overdue,
            "mitigation": risk.mitigation_as_at or "",
            "last_update_on": risk.updated_on_as_at,
        }


class AssuranceEventList(PlanRecords):
    """The plan's assurance calendar on `as_at`: every event on record at the end of
    that day, as it stood then (status, dates), in the order they took or take place."""

    serializer_class = serializers.AssuranceEventSerializer

    @extend_schema(parameters=[AS_AT], responses={200: serializer_class, **ERRORS})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def records(self, plan):
        return events_as_at(plan, self.as_at)

    def record(self, event):
        return {
            "id": event.pk,
            "kind": event.kind,
            "title": event.title,
            "led_by": event.led_by,
            "status": event.status,
            "planned_start": event.planned_start,
            "planned_end": event.planned_end,
            "actual_start": event.actual_start,
            "actual_end": event.actual_end,
            "postponed_reason": event.postponed_reason,
            "findings": event.finding_count,
            "upcoming": event.day is not None and event.day > self.as_at,
            "recorded_at": event.recorded_at,
        }
