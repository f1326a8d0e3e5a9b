"""The pages the benchmark measures, found in the scale database; and their query counts.

Needs Django set up (``bench.run`` does it). A page whose URL does not exist in this
version of the app is skipped with the reason, never guessed at.
"""

import dataclasses
import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from actions.models import Action, Rating, SlippageReason
from actions.rules import needs_slippage_reason
from actions.services import action_update_record
from bench.management.commands.generate_scale_data import (
    BENCH_ADVISER,
    BENCH_ADVISER_ONE,
    BENCH_BOARD,
    BENCH_MANAGER,
)
from plans.models import Plan, Section

LARGEST_PLAN = "scale-plan-01"  # the generator numbers plans largest first


class Skip(Exception):
    """The page cannot be measured in this version of the app; the message says why."""


@dataclass
class Page:
    key: str
    label: str
    path: str = ""
    username: str = ""
    # The same page on the smallest plan, to show the query count does not grow with size.
    small_path: str = ""
    small_username: str = ""
    skipped: str = ""
    failed: str = ""
    # Queries of a view that computes the page, and of one that finds it kept
    # (reports/page_cache.py); the same for pages that are never kept.
    queries: int | None = None
    small_queries: int | None = None
    kept_queries: int | None = None
    small_kept_queries: int | None = None
    # The server asked: "app", or "uncached" (the same app with the page cache off).
    server: str = "app"
    # Timed after an owner's update to an action of the plan, each request after its own
    # (bench.latency.measure_after_updates), not in the rounds of the other pages.
    after_update: bool = False
    timings: list[float] = field(default_factory=list)
    errors: int = 0


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        raise Skip(f"no URL named {name!r} yet") from None


@dataclass
class Fixtures:
    """The objects each page is measured on: the largest plan and the smallest."""

    large: Plan
    small: Plan
    today: datetime.date

    @classmethod
    def find(cls) -> "Fixtures":
        plans = Plan.objects.filter(slug__startswith="scale-plan-").annotate(n=Count("actions"))
        ordered = sorted(plans, key=lambda plan: plan.n)
        if not ordered:
            raise RuntimeError("The scale database has no plans; run generate_scale_data.")
        return cls(large=ordered[-1], small=ordered[0], today=datetime.date.today())

    def past_date(self, plan: Plan) -> datetime.date:
        """A day half-way through the plan's life: a past Board meeting."""
        return plan.start_date + (self.today - plan.start_date) / 2

    @staticmethod
    def biggest_section(plan: Plan) -> Section:
        return Section.objects.filter(plan=plan).annotate(n=Count("actions")).latest("n", "pk")

    @staticmethod
    def busiest_action(plan: Plan) -> Action:
        return Action.objects.filter(plan=plan).annotate(n=Count("updates")).latest("n", "pk")

    @staticmethod
    def busiest_owner(plan: Plan):
        """The action owner who leads or is delegate on the most actions in the plan."""
        User = get_user_model()
        return (
            User.objects.filter(plans=plan, username__contains="-owner")
            .annotate(
                n=Count("led_actions", filter=Q(led_actions__plan=plan), distinct=True)
                + Count("delegated_actions", filter=Q(delegated_actions__plan=plan), distinct=True)
            )
            .latest("n", "pk")
        )


# Each builder returns (path, username) for a plan; raising Skip leaves the page out.
Builder = Callable[[Fixtures, Plan], tuple[str, str]]


def _baseline(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    return _url("bench:baseline"), BENCH_BOARD


def _layout(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    return _url("bench:layout"), BENCH_BOARD


def _dashboard(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    return _url("reports:dashboard", plan.slug), BENCH_BOARD


def _dashboard_past(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    as_at = fx.past_date(plan).isoformat()
    return f"{_url('reports:dashboard', plan.slug)}?as_at={as_at}", BENCH_BOARD


def _section(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    return _url("reports:section", plan.slug, fx.biggest_section(plan).pk), BENCH_BOARD


def _all_actions(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    # Filtered the way a Board member asks most: what is Amber or Red.
    return f"{_url('reports:all_actions', plan.slug)}?rating=amber", BENCH_BOARD


def _action(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    return _url("actions:detail", plan.slug, fx.busiest_action(plan).pk), BENCH_BOARD


def _my_actions(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    owner = fx.busiest_owner(plan)
    return _url("actions:my_actions"), owner.username


def _report_preview(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    from bench.reports import preview_path

    return preview_path(plan), BENCH_MANAGER


def _api_actions(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    # What a Power BI refresh asks for: every action as at a past Board, one page.
    as_at = fx.past_date(plan).isoformat()
    return f"{_url('api:actions', plan.slug)}?as_at={as_at}&format=json", BENCH_BOARD


def _oversight(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    # Every council as at a past Board, for an adviser of them all; at the small size, for
    # an adviser of the smallest plan's council only.
    as_at = fx.past_date(fx.large).isoformat()
    adviser = BENCH_ADVISER if plan == fx.large else BENCH_ADVISER_ONE
    return f"{_url('reports:oversight')}?as_at={as_at}", adviser


# Pages the app keeps per plan revision (reports/page_cache.py), the API's list among
# them. They are also measured with nothing kept (a server with the page cache off), and
# just after an owner's update to one action: the commonest change while a plan is being
# updated, after which the app computes again only what that action changed.
KEPT_PAGES = (
    "dashboard",
    "dashboard_past",
    "section",
    "all_actions",
    "report_preview",
    "api_actions",
    "oversight",  # each plan's counts, per that plan's revision; the table, per them all
)
# The kept pages timed with nothing kept and after an update. Not the summary across
# councils: after a change it computes the changed plan's counts alone, which a server
# that keeps nothing cannot show (it would compute every plan's each time).
FIRST_VIEWS = tuple(key for key in KEPT_PAGES if key != "oversight")

PAGES: list[tuple[str, str, Builder]] = [
    ("baseline", "Baseline (small template)", _baseline),
    ("layout", "Page layout, no content", _layout),
    ("dashboard", "Dashboard today", _dashboard),
    ("dashboard_past", "Dashboard as at a past date", _dashboard_past),
    ("section", "Section page", _section),
    ("all_actions", "All actions, filtered", _all_actions),
    ("action", "Action page", _action),
    ("my_actions", "My actions", _my_actions),
    ("report_preview", "Board report preview", _report_preview),
    ("api_actions", "API: actions as at a past date", _api_actions),
    ("oversight", "Summary across councils", _oversight),
]


def selected(keys: list[str] | None) -> list[tuple[str, str, Builder]]:
    """The timed pages with these keys, after the baseline; all of them for None."""
    if keys is None:
        return PAGES
    known = [key for key, _, _ in PAGES]
    unknown = [key for key in keys if key not in known]
    if unknown:
        raise SystemExit(f"No page {', '.join(unknown)}; the pages are {', '.join(known)}.")
    return [spec for spec in PAGES if spec[0] == "baseline" or spec[0] in keys]


def _recommendations(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    return _url("reports:recommendations", plan.slug), BENCH_BOARD


def _report_list(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    return _url("reports:report_list", plan.slug), BENCH_MANAGER


def _plan_manage(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    return _url("plans:manage", plan.slug), BENCH_MANAGER


def _recommendation_list(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    return _url("actions:recommendation_list", plan.slug), BENCH_MANAGER


def _scorecard(fx: Fixtures, plan: Plan) -> tuple[str, str]:
    return _url("indicators:scorecard", plan.slug), BENCH_BOARD


# Other list pages: their query counts are checked at both sizes, their time is not taken.
COUNTED_PAGES: list[tuple[str, str, Builder]] = [
    ("recommendations", "Recommendations", _recommendations),
    ("report_list", "Board reports list", _report_list),
    ("plan_manage", "Plan page (managers)", _plan_manage),
    ("recommendation_list", "Inspection recommendations", _recommendation_list),
    ("scorecard", "Indicators scorecard", _scorecard),
]


def find_pages(pages_spec=None) -> tuple[list[Page], Fixtures]:
    fx = Fixtures.find()
    pages = []
    for key, label, builder in PAGES if pages_spec is None else pages_spec:
        page = Page(key=key, label=label)
        try:
            page.path, page.username = builder(fx, fx.large)
            page.small_path, page.small_username = builder(fx, fx.small)
        except Skip as reason:
            page.skipped = str(reason)
        pages.append(page)
    return pages, fx


class OwnerUpdates:
    """An owner's update to a random action of a plan, recorded through the app's own
    service as the update form records it: by the action's lead, dated today, rated Red,
    Amber or Green (the first two with a reason for slippage). Seeded, so a run makes the
    same updates as the last run on the same data. They are written to the database the
    bench measures (its own scale database) and stay there."""

    RATINGS = (Rating.RED, Rating.AMBER, Rating.GREEN)

    def __init__(self, plan: Plan, seed: int | str):
        self.random = random.Random(f"owner-updates:{plan.slug}:{seed}")
        actions = Action.objects.filter(plan=plan).select_related("lead").order_by("pk")
        # Open actions: an owner updates what is still under way, not what is completed.
        self.actions = list(actions.exclude(rating=Rating.BLUE)) or list(actions)
        if not self.actions:
            raise RuntimeError(f"Plan {plan.slug} has no actions to update.")
        self.made = 0

    def make(self) -> None:
        action = self.random.choice(self.actions)
        rating = self.random.choice(self.RATINGS)
        action_update_record(
            action=action,
            author=action.lead,
            effective_date=datetime.date.today(),
            rating=rating,
            commentary=f"Monthly update: {rating.meaning.lower()}.",
            slippage_reason=SlippageReason.CAPACITY if needs_slippage_reason(rating) else "",
        )
        self.made += 1


def with_first_views(page_list: list[Page], *, after_update_skipped: str = "") -> list[Page]:
    """The pages, each kept page followed by itself computed with nothing kept (on the
    server with the page cache off), then by itself on the first view after an owner's
    update (on the app's server, see ``OwnerUpdates``), unless ``after_update_skipped``
    says why not."""
    result = []
    for page in page_list:
        result.append(page)
        if page.key not in FIRST_VIEWS:
            continue
        result.append(
            dataclasses.replace(
                page,
                key=f"{page.key}_first",
                label=f"{page.label}, computed with nothing kept",
                server="uncached",
                kept_queries=page.queries,
                small_kept_queries=page.small_queries,
                timings=[],
                errors=0,
            )
        )
        result.append(
            dataclasses.replace(
                page,
                key=f"{page.key}_after_update",
                label=f"{page.label}, first view after an update",
                skipped=page.skipped or after_update_skipped,
                queries=None,
                small_queries=None,
                kept_queries=None,
                small_kept_queries=None,
                after_update=True,
                timings=[],
                errors=0,
            )
        )
    return result


def _signed_in(path: str, username: str) -> Client:
    """A client signed in as ``username`` that has asked for ``path`` once: the first
    visit sets up the session, which a person's later visits do not repeat."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    first = client.get(path)
    if first.status_code != 200:
        raise RuntimeError(f"GET {path} as {username} answered {first.status_code}")
    return client


def count_queries(path: str, username: str) -> tuple[int, int]:
    """Queries for one request, as a signed-in user on a later visit: first with nothing
    kept, so the page is computed; then again, when a kept page is found.

    Run in-process through Django's test client: the same middleware and view as over
    HTTP, with nothing added to the served app. The first visit is not counted.
    """
    client = _signed_in(path, username)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as computed:
        client.get(path)
    with CaptureQueriesContext(connection) as kept:
        client.get(path)
    return len(computed), len(kept)


def count_after_update(path: str, username: str, updates: OwnerUpdates) -> int:
    """Queries for one request just after an owner's update to an action of the plan,
    the page having been kept before it (the update's own queries are not counted)."""
    client = _signed_in(path, username)
    # Kept from this revision on: nothing kept before it (in a test, a revision rolled
    # back) is found.
    caches["pages"].clear()
    client.get(path)
    updates.make()
    with CaptureQueriesContext(connection) as after:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} as {username} answered {response.status_code}")
    return len(after)


def count_all(pages: list[Page]) -> None:
    """Each page's query counts on the largest plan and the smallest; not those of the
    rows timed after an update (``count_after_updates``)."""
    for page in pages:
        if page.skipped or page.after_update:
            continue
        try:
            page.queries, page.kept_queries = count_queries(page.path, page.username)
            page.small_queries, page.small_kept_queries = count_queries(
                page.small_path, page.small_username
            )
        except Exception as error:
            _failed(page, error)


def count_after_updates(pages: list[Page], fx: Fixtures, seed: int | str) -> None:
    """The query counts of the rows timed after an update: on the largest plan after an
    update to one of its actions, on the smallest after an update to one of its."""
    timed = [page for page in pages if page.after_update and not page.skipped]
    if not timed:
        return
    large, small = OwnerUpdates(fx.large, seed), OwnerUpdates(fx.small, seed)
    for page in timed:
        try:
            page.queries = page.kept_queries = count_after_update(page.path, page.username, large)
            page.small_queries = page.small_kept_queries = count_after_update(
                page.small_path, page.small_username, small
            )
        except Exception as error:
            _failed(page, error)


def _failed(page: Page, error: Exception) -> None:
    # A page that exists but fails is reported and left out, not measured.
    page.failed = f"{type(error).__name__}: {error}"
    page.skipped = "FAILED, see above"
