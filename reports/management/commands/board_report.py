"""Build a Board paper from the command line, synchronously, as a PDF or in Word.

    python manage.py board_report --as-at 2020-04-23 --output report.pdf [--plan SLUG]
    python manage.py board_report --as-at 2020-04-23 --output report.docx

The output's extension chooses the format: .pdf or .docx.

Uses the report on record for that plan and "as at" date if there is one (the final
one first), so its narrative is included; otherwise builds the paper straight from the
data, with no Board meeting or report on record needed.
"""

import hashlib
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from improvement_board.as_at import parse_date
from plans.models import Plan
from reports.models import BoardReport
from reports.paper_figures import ReportError
from reports.pdf import PdfRenderError, render_report_pdf
from reports.report_content import report_document, unsaved_report_document
from reports.word import WordRenderError, render_report_word

FORMATS = {".pdf": "PDF", ".docx": "Word"}


class Command(BaseCommand):
    help = (
        "Build the Board progress report (or the Director's monthly report) as a PDF or, "
        "with an --output ending .docx, in Word."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-at", required=True, help="Figures as at this date (YYYY-MM-DD).")
        parser.add_argument(
            "--output", required=True, help="Where to write the paper: a .pdf or .docx file."
        )
        parser.add_argument("--plan", help="The plan's slug. Default: the only active plan.")
        parser.add_argument(
            "--kind",
            choices=BoardReport.Kind.values,
            default=BoardReport.Kind.PROGRESS,
            help="progress (the default) or monthly (the Director's monthly report).",
        )
        parser.add_argument(
            "--since",
            help="Count movement from this date. Default: the previous Board meeting on "
            "record, else one month earlier (monthly) or the start of the plan.",
        )
        parser.add_argument(
            "--no-appendix", action="store_true", help="Leave out the appendix of every action."
        )
        parser.add_argument(
            "--data-only",
            action="store_true",
            help="Ignore any report on record: figures only, no narrative.",
        )

    def handle(self, *args, **options):
        output = Path(options["output"])
        if output.suffix.lower() not in FORMATS:
            raise CommandError(
                f"--output must end .pdf (a PDF) or .docx (Word), not {output.name!r}."
            )
        as_at = self._date(options["as_at"], "--as-at")
        since = self._date(options["since"], "--since") if options["since"] else None
        plan = self._plan(options["plan"])
        kind = options["kind"]
        report = None
        if not options["data_only"]:
            report = (
                BoardReport.objects.for_plan(plan)
                .filter(as_at=as_at, kind=kind)
                .select_related("meeting__plan")
                .order_by("-status", "-pk")  # "final" sorts before "draft" here
                .first()
            )
        started = time.perf_counter()
        try:
            if report is not None and since is None:
                doc = report_document(report)
                if options["no_appendix"]:
                    doc.figures.appendix = None
                source = f"report “{report.title}” ({report.get_status_display().lower()})"
            else:
                doc = unsaved_report_document(
                    plan=plan,
                    as_at=as_at,
                    since=since,
                    kind=kind,
                    appendix=not options["no_appendix"],
                )
                source = "the plan's data (no report on record)"
            if output.suffix.lower() == ".docx":
                rendered = render_report_word(doc)
                shape = f"Word, {rendered.headings} headings and {rendered.tables} tables"
                timing = ""
            else:
                rendered = render_report_pdf(doc)
                shape = f"{rendered.page_count} pages"
                timing = f", of which WeasyPrint {rendered.render_seconds:.2f} s"
        except (ReportError, PdfRenderError, WordRenderError) as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        try:
            output.write_bytes(rendered.content)
        except OSError as error:
            raise CommandError(f"Could not write {output}: {error.strerror}") from error
        digest = hashlib.sha256(rendered.content).hexdigest()
        self.stdout.write(
            f"Wrote {output}: {shape}, {len(rendered.content)} bytes, "
            f"from {source}, as at {as_at:%-d %B %Y}.\n"
            f"SHA-256 {digest}\n"
            f"Built in {elapsed:.2f} s{timing}."
        )

    def _date(self, value: str, option: str):
        parsed = parse_date(value)
        if parsed is None:
            raise CommandError(f"{option} must be a date like 2020-04-23, not {value!r}.")
        return parsed

    def _plan(self, slug: str | None) -> Plan:
        if slug:
            plan = Plan.objects.filter(slug=slug).first()
            if plan is None:
                raise CommandError(f"There is no plan {slug!r}.")
            return plan
        active = list(Plan.objects.filter(status=Plan.Status.ACTIVE)[:2])
        if len(active) != 1:
            raise CommandError(
                "Name the plan with --plan SLUG "
                f"({'no active plan' if not active else 'more than one plan is active'})."
            )
        return active[0]
