"""The actions' rows that pages show, and how each finds its plan (plans/revisions.py)."""

from plans.revisions import own_plan, plan_of

FOLLOWED = {
    "actions.Action": own_plan,
    "actions.ActionUpdate": plan_of("action"),
    "actions.ActionChange": plan_of("action"),
    "actions.Evidence": plan_of("action"),
}
