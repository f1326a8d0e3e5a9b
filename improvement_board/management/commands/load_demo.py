"""``manage.py load_demo``: load the demo Improvement Plan (DEMO ONLY)."""

from django.core.management.base import BaseCommand

from improvement_board.demo import DEMO_PASSWORD, DEMO_USERS, demo_load


class Command(BaseCommand):
    help = (
        "DEMO ONLY: load Medway Council's Children's Services Improvement Plan (October "
        "2019) with six months of history and demo users who share a published password. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options):
        plan = demo_load(stdout=self.stdout)
        width = max(len(user.username) for user in DEMO_USERS)
        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING(
                "DEMO ONLY: these accounts share a published password. "
                "Never load the demo into a live service."
            )
        )
        self.stdout.write(f"Plan: {plan.title}, {plan.organisation} (slug '{plan.slug}')")
        self.stdout.write(f"Demo logins, all with the password '{DEMO_PASSWORD}':")
        for user in DEMO_USERS:
            self.stdout.write(
                f"  {user.username:<{width}}  {user.full_name}, {user.job_title} "
                f"({user.role.label})"
            )
