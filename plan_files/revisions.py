"""The plan files' models: none is shown on a kept page (plans/revisions.py)."""

NOT_SHOWN = {
    "plan_files.ImportChoices": "only the import's own pages read them",
    "plan_files.ImportReading": "an uploaded file waiting to be imported changes no plan",
}
