"""The risk log's rows that pages show, and how each finds its plan (plans/revisions.py)."""

from plans.revisions import own_plan, plan_of

FOLLOWED = {
    "risks.Risk": own_plan,
    "risks.RiskUpdate": plan_of("risk"),
    "risks.RiskChange": plan_of("risk"),
}
