"""``manage.py send_update_reminders``: the monthly reminder to update actions.

Run it once a month from cron, a few days before the plans' update deadline (see the
README). Each owner gets one email listing their actions with no update in the current
reporting month; each plan manager gets a digest of who has not updated.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actions.services import update_reminders_send


class Command(BaseCommand):
    help = (
        "Email each action owner the actions that need an update this month, and each "
        "plan manager a digest of who has not updated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Act as if today were this day (YYYY-MM-DD), e.g. to catch up a missed run.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent, send nothing."
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        today = timezone.localdate()
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(
                    f"--date must be a date like 2020-04-16, not {date!r}."
                ) from None
        sent = update_reminders_send(today=today, dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            f"{verb} {sent.owner_emails} reminder{'s' if sent.owner_emails != 1 else ''} to "
            f"action owners and {sent.manager_emails} digest"
            f"{'s' if sent.manager_emails != 1 else ''} to plan managers for "
            f"{today:%B %Y}."
        )
        for name in sent.without_email:
            self.stderr.write(f"No email address for {name}: nothing sent to them.")
