"""Import a plan from a spreadsheet, from the command line.

    python manage.py import_plan FILE [--plan SLUG] [--title TITLE] [--organisation NAME]

Same rules as the import in the browser: all or nothing, every problem listed with
its row and column, and importing the same file again changes nothing.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from plan_files.changes import NewPlan, PlanImportInvalid, plan_import_changes
from plan_files.reading import MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL, parse_plan_file
from plan_files.services import plan_import
from plans.models import Plan
from plans.services import PlanReadOnlyError


class Command(BaseCommand):
    help = "Import a plan from an XLSX or CSV file: into an existing plan, or as a new one."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file.")
        parser.add_argument("--plan", metavar="SLUG", help="Import into this existing plan.")
        parser.add_argument("--title", help="Title of the new plan (without --plan).")
        parser.add_argument("--organisation", metavar="NAME", help="The council (new plan).")
        parser.add_argument(
            "--start-date",
            metavar="YYYY-MM-DD",
            type=datetime.date.fromisoformat,
            help="The day the new plan starts (default: today).",
        )
        parser.add_argument(
            "--lead",
            metavar="USERNAME_OR_EMAIL",
            help="Who leads actions whose Lead is empty (default: such rows are errors).",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME_OR_EMAIL",
            help="Who the import is recorded as: the author of the rating updates and "
            "detail changes it records (default: nobody named).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise CommandError(f"The file is larger than {MAX_UPLOAD_LABEL}.")
        parsed = parse_plan_file(path.read_bytes(), path.name)

        plan = new_plan = None
        if options["plan"]:
            plan = Plan.objects.filter(slug=options["plan"]).first()
            if plan is None:
                raise CommandError(f"There is no plan with the slug {options['plan']!r}.")
        else:
            if not options["title"] or not options["organisation"]:
                raise CommandError(
                    "Give --plan SLUG, or --title and --organisation for a new plan."
                )
            new_plan = NewPlan(
                title=options["title"],
                organisation=options["organisation"],
                start_date=options["start_date"] or timezone.localdate(),
            )
        lead = self._user("--lead", options["lead"]) if options["lead"] else None
        user = self._user("--user", options["user"]) if options["user"] else None

        if options["dry_run"]:
            changes = plan_import_changes(
                parsed=parsed, plan=plan, new_plan=new_plan, default_lead=lead, imported_by=user
            )
            if changes.problems:
                raise CommandError(self._problems(changes))
            self._report(changes, "Would import")
            return
        try:
            changes = plan_import(
                parsed=parsed, plan=plan, new_plan=new_plan, imported_by=user, default_lead=lead
            )
        except PlanImportInvalid as error:
            raise CommandError(self._problems(error.changes)) from None
        except PlanReadOnlyError as error:
            raise CommandError(str(error)) from None
        self._report(changes, "Imported")

    def _user(self, option: str, value: str):
        users = get_user_model().objects.filter(Q(username__iexact=value) | Q(email__iexact=value))
        if users.count() != 1:
            raise CommandError(f"{option} {value!r} must name exactly one user.")
        return users.get()

    def _problems(self, changes) -> str:
        lines = [f"{changes.filename}: {len(changes.problems)} problem(s); nothing was imported."]
        lines += [f"  {problem}" for problem in changes.problems]
        return "\n".join(lines)

    def _report(self, changes, verb: str) -> None:
        target = changes.plan.title if changes.plan else f"a new plan, {changes.new_plan.title}"
        self.stdout.write(
            f"{verb} {changes.filename} into {target}: "
            f"{len(changes.sections_new)} new sections, "
            f"{len(changes.actions_new)} new actions, "
            f"{len(changes.actions_changed)} changed, "
            f"{len(changes.actions_unchanged)} unchanged, "
            f"{len(changes.rating_changes)} ratings recorded, "
            f"{len(changes.new_leads)} placeholder leads."
        )
        for warning in changes.warnings:
            self.stdout.write(f"  Check: {warning}")
        for lead in changes.new_leads:
            self.stdout.write(
                f"  No account yet for {lead.name} (leads {', '.join(lead.references)})."
            )
        for action in changes.actions_missing:
            self.stdout.write(f"  Not in the file, left unchanged: {action.reference}")
        if changes.plan is not None and verb == "Imported":
            self.stdout.write(f"Plan slug: {changes.plan.slug}")
