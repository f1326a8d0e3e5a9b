"""The reports' rows that pages show, and how each finds its plan (plans/revisions.py)."""

from plans.revisions import own_plan, plan_of

FOLLOWED = {
    "reports.BoardMeeting": own_plan,
    "reports.BoardReport": plan_of("meeting"),
}

NOT_SHOWN = {
    "reports.PdfBuild": "builds are listed on the report page, outside the kept paper",
}
