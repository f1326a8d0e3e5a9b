"""What a plan's Board papers mean for its life (plans/lifecycle.py): a plan is not
archived while one of its papers is being built, and a plan with Board papers is a
record, never deleted."""

from django.dispatch import receiver

from plans.lifecycle import archive_refusals, delete_refusals

from .models import BoardReport, PdfBuild


@receiver(archive_refusals, dispatch_uid="reports-archive-refusal")
def _building(sender, plan, **kwargs) -> str | None:
    unfinished = PdfBuild.objects.filter(
        report__meeting__plan=plan,
        status__in=[PdfBuild.Status.QUEUED, PdfBuild.Status.RUNNING],
    ).count()
    if unfinished:
        return (
            f"{unfinished} Board paper{'s are' if unfinished > 1 else ' is'} still being "
            "built. Wait for the build to finish (or fail), then archive the plan."
        )
    return None


@receiver(delete_refusals, dispatch_uid="reports-delete-refusal")
def _has_papers(sender, plan, **kwargs) -> str | None:
    papers = BoardReport.objects.for_plan(plan).count()
    if papers:
        return (
            f"The plan has {papers} Board paper{'s' if papers > 1 else ''}: a plan with Board "
            "papers is kept as a record. Archive it instead."
        )
    return None
