"""``manage.py load_demo``: load the demo Improvement Plan (DEMO ONLY)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo.content import DEMO_PASSWORD, DEMO_USERS, PLAN_SLUG
from demo.northbrook import northbrook_load, northbrook_people
from demo.plan import DemoPaperError, demo_final_paper_build, demo_load
from plans.models import Plan

OVERRIDE = "--beside-other-accounts"


class Command(BaseCommand):
    help = (
        "DEMO ONLY: load Medway Council's Children's Services Improvement Plan (October "
        "2019) with six months of history, its Board papers (the final one's PDF built), a "
        "second, small fictional council (Northbrook) with an adviser who oversees both, "
        "and demo users who share a published password. "
        "Running it again changes nothing. Refuses a database that already has other "
        f"accounts (a live service, by the look of it) unless given {OVERRIDE}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            OVERRIDE,
            action="store_true",
            dest="beside_other_accounts",
            help="Load the demo into a database that has accounts of its own (a test copy).",
        )

    def handle(self, *args, **options):
        if not options["beside_other_accounts"]:
            refuse_a_live_database()
        plan = demo_load(stdout=self.stdout)
        try:
            demo_final_paper_build(plan, stdout=self.stdout)
        except DemoPaperError as error:
            raise CommandError(str(error)) from None
        second = northbrook_load(password=DEMO_PASSWORD, stdout=self.stdout)
        others = northbrook_people()
        width = max(len(user["username"]) for user in others)
        width = max([width, *(len(user.username) for user in DEMO_USERS)])
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
        self.stdout.write(f"Second council: {second.title}, {second.organisation}")
        for user in others:
            self.stdout.write(
                f"  {user['username']:<{width}}  {user['first_name']} {user['last_name']}, "
                f"{user['job_title']} ({user['label']})"
            )


def refuse_a_live_database() -> None:
    """Stop before the demo's accounts, with their published password, join real ones.

    A database the demo is already in is the demo's own: loading again changes nothing.
    """
    if Plan.objects.filter(slug=PLAN_SLUG).exists():
        return
    demo_names = {user.username for user in DEMO_USERS} | {
        user["username"] for user in northbrook_people()
    }
    others = (
        get_user_model()
        .objects.exclude(username__in=demo_names)
        .order_by("username")
        .values_list("username", flat=True)
    )
    count = others.count()
    if count:
        shown = ", ".join(others[:3]) + (" and others" if count > 3 else "")
        raise CommandError(
            f"Nothing was loaded: this database already has {count} account"
            f"{'' if count == 1 else 's'} of its own ({shown}), so it looks like a live "
            "service. The demo adds accounts that share a published password and gives "
            "some of them the plan manager role. Load it into an empty database, or pass "
            f"{OVERRIDE} if this is a copy for testing."
        )
