"""Import a plan from a council's own file, from the command line.

    python manage.py import_plan FILE [--plan SLUG | --title TITLE --organisation NAME]
        [--as-at YYYY-MM-DD] [--map "HEADING=FIELD"]... [--rating "WORD=Amber"]...
        [--user USERNAME_OR_EMAIL] [--dry-run]

Same reading and rules as the import in the browser: the same bounds on the file, the
plan's remembered answers (and those given here, remembered in turn), all or nothing,
every problem listed with its sheet, row and column, every guess shown, and importing
the same file again changes nothing.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from improvement_board.audit import audit_record
from improvement_board.models import AuditEvent
from plan_files.changes import NewPlan, PlanImportInvalid, plan_import_changes
from plan_files.interpret import FIELDS, normalise_word
from plan_files.layout import parse_plan_file
from plan_files.models import RATING_ANSWERS, ImportChoices
from plan_files.reading import IGNORE, heading_key
from plan_files.services import plan_import
from plan_files.sources import MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL
from plans.models import Plan
from plans.writable import PlanReadOnlyError

# What --rating accepts after "=": the ratings by colour, or no rating.
RATING_NAMES = {"blue": "blue", "green": "green", "amber": "amber", "red": "red", "none": "none"}
RATING_NAMES |= {"no rating": "none", "not rated": "none"}


class Command(BaseCommand):
    help = (
        "Import a plan from an Excel, CSV or Word file in the council's own layout: into an "
        "existing plan, or as a new one."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx, .csv or .docx file.")
        parser.add_argument("--plan", metavar="SLUG", help="Import into this existing plan.")
        parser.add_argument("--title", help="Title of the new plan (without --plan).")
        parser.add_argument("--organisation", metavar="NAME", help="The council (new plan).")
        parser.add_argument(
            "--start-date",
            metavar="YYYY-MM-DD",
            type=_date,
            help="The day the new plan starts (default: the --as-at day).",
        )
        parser.add_argument(
            "--as-at",
            metavar="YYYY-MM-DD",
            type=_date,
            help="The day the file's ratings and commentary describe (default: today). "
            "Import monthly trackers oldest first, each with its date, to rebuild history.",
        )
        parser.add_argument(
            "--map",
            metavar="HEADING=FIELD",
            action="append",
            default=[],
            help="What a column holds, by its heading: a field ("
            + ", ".join(FIELDS)
            + ") or ignore. Repeatable; remembered for the plan.",
        )
        parser.add_argument(
            "--rating",
            metavar="WORD=RATING",
            action="append",
            default=[],
            help="What a rating word means: Blue, Green, Amber, Red or none (no rating "
            "yet). Repeatable; remembered for the plan.",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME_OR_EMAIL",
            help="Who the import is recorded as: the author of what it records, and the "
            "lead of actions the file gives no lead (as in the browser, where it is the "
            "person importing). Without it such rows are problems.",
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
        columns = dict(_column_answer(value) for value in options["map"])
        words = dict(_word_answer(value) for value in options["rating"])

        plan = new_plan = None
        as_at = options["as_at"] or timezone.localdate()
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
                start_date=options["start_date"] or as_at,
            )
        user = self._user("--user", options["user"]) if options["user"] else None
        remembered = ImportChoices.objects.filter(plan=plan).first() if plan else None
        read_columns = {**(remembered.columns if remembered else {}), **columns}
        read_words = {**(remembered.rating_words if remembered else {}), **words}
        parsed = parse_plan_file(
            path.read_bytes(), path.name, columns=read_columns, words=read_words
        )

        if options["dry_run"]:
            changes = plan_import_changes(
                parsed=parsed,
                plan=plan,
                new_plan=new_plan,
                default_lead=user,
                imported_by=user,
                as_at=as_at,
            )
            self._reading(changes)
            if not changes.is_ready:
                raise CommandError(self._problems(changes))
            self._report(changes, "Would import")
            return
        try:
            changes = plan_import(
                parsed=parsed,
                plan=plan,
                new_plan=new_plan,
                imported_by=user,
                default_lead=user,
                as_at=as_at,
                columns=columns,
                words=words,
            )
        except PlanImportInvalid as error:
            self._reading(error.changes)
            raise CommandError(self._problems(error.changes)) from None
        except PlanReadOnlyError as error:
            raise CommandError(str(error)) from None
        self._reading(changes)
        self._report(changes, "Imported")
        audit_record(
            kind=AuditEvent.Kind.IMPORT,
            user=user,
            plan=changes.plan,
            detail=f"{changes.filename} as at {changes.as_at:%Y-%m-%d}, from the command line",
        )

    def _user(self, option: str, value: str):
        users = get_user_model().objects.filter(Q(username__iexact=value) | Q(email__iexact=value))
        if users.count() != 1:
            raise CommandError(f"{option} {value!r} must name exactly one user.")
        return users.get()

    def _reading(self, changes) -> None:
        """How the file was read, as the browser's preview shows it."""
        parsed = changes.parsed
        if not parsed.found_table:
            return
        write = self.stdout.write
        skipped = f"; not read: {', '.join(parsed.tables_skipped)}" if parsed.tables_skipped else ""
        write(f"Read {parsed.table}, headings in row {parsed.heading_row}{skipped}.")
        for column in parsed.columns:
            how = " (as given)" if column.chosen else ""
            write(f"  Column {column.letter} “{column.heading}”: {column.field_label}{how}")
        for guess in parsed.guesses:
            where = ", ".join(
                p for p in (f"row {guess.row}" if guess.row else "", guess.column) if p
            )
            write(f"  Read {guess.kind}: {where}: “{guess.written}” as {guess.read_as}")
        for warning in parsed.warnings:
            write(f"  Check: {warning}")

    def _problems(self, changes) -> str:
        lines = [f"{changes.filename}: nothing was imported."]
        for question in changes.questions:
            rows = ", ".join(str(row) for row in question.rows)
            lines.append(
                f"  What does “{question.word}” mean (rows {rows})? Answer with "
                f'--rating "{question.word}=Amber" (or Blue, Green, Red, none).'
            )
        lines += [f"  {problem}" for problem in changes.problems]
        return "\n".join(lines)

    def _report(self, changes, verb: str) -> None:
        target = changes.plan.title if changes.plan else f"a new plan, {changes.new_plan.title}"
        self.stdout.write(
            f"{verb} {changes.filename} into {target} as at {changes.as_at:%Y-%m-%d}: "
            f"{len(changes.sections_new)} new sections, "
            f"{len(changes.actions_new)} new actions, "
            f"{len(changes.actions_changed)} changed, "
            f"{len(changes.actions_unchanged)} unchanged, "
            f"{len(changes.updates_recorded)} updates recorded "
            f"({len(changes.rating_changes)} changing a rating), "
            f"{len(changes.new_leads)} people without an account."
        )
        for change in changes.imported_without:
            self.stdout.write(f"  {change.reference}: {'; '.join(change.imported_without)}.")
        for lead in changes.new_leads:
            kind = "post" if lead.is_post else "person"
            self.stdout.write(
                f"  No account yet for the {kind} {lead.name} ({', '.join(lead.references)})."
            )
        for action in changes.actions_missing:
            self.stdout.write(f"  Not in the file, left unchanged: {action.reference}")
        if changes.plan is not None and verb == "Imported":
            self.stdout.write(f"Plan slug: {changes.plan.slug}")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: write it as YYYY-MM-DD.") from None


def _column_answer(value: str) -> tuple[str, str]:
    heading, _, meaning = value.rpartition("=")
    field = meaning.strip().casefold().replace(" ", "_")
    if not heading.strip() or field not in {*FIELDS, IGNORE}:
        raise CommandError(
            f"--map {value!r}: write HEADING=FIELD, where FIELD is one of "
            f"{', '.join(FIELDS)} or ignore."
        )
    return heading_key(heading), field


def _word_answer(value: str) -> tuple[str, str]:
    word, _, meaning = value.rpartition("=")
    rating = RATING_NAMES.get(meaning.strip().casefold())
    if not word.strip() or rating not in RATING_ANSWERS:
        raise CommandError(
            f"--rating {value!r}: write WORD=RATING, where RATING is Blue, Green, Amber, Red "
            "or none."
        )
    return normalise_word(word), rating
