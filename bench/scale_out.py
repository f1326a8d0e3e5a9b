"""Scale-out check: the app as a council runs it behind a load balancer.

Gunicorn instances and task workers (``manage.py db_worker``) share one PostgreSQL
database: by default two of each, ``ScaleOutOptions`` (``bench/scale_out_options.py``)
says how many, and how many people. At the same time:
- 50 action owners (``--scale-out-owners``) each add evidence (a link or a small file)
  and post updates to an action they lead, every request going to the next instance
  in turn (so sessions, CSRF and uploads must work across instances);
- 10 pairs of people open the same action's update form at the same version and post
  together: exactly one of each pair must be saved and the other told of the conflict;
- Board members (``--scale-out-readers``, four by default) read dashboards on every
  instance throughout;
- a plan manager queues 10 PDF builds of the demo Board report.
Then the database is checked: every saved update and evidence record is there exactly
once, every action's version and rating moved exactly as the saved updates say, and
every PDF build ran once, on one worker, to one stored file.
"""

import dataclasses
import datetime
import re
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from actions.models import Action, ActionUpdate, Evidence, Rating
from bench.management.commands.generate_scale_data import SCALE_PASSWORD
from demo.content import DEMO_PASSWORD

from .browser import Browser, Response
from .scale_out_options import ScaleOutOptions
from .server import Gunicorn, TaskWorker

UPDATES_EACH = 2
N_CONFLICT_PAIRS = 10
N_PDF_BUILDS = 10
PDF_TIMEOUT = 300
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')
SMALL_FILE = b"Minutes of the practice improvement meeting.\nAttendance: 12.\n"


@dataclass
class Tally:
    """What the simulated people saw, shared by their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    # token -> what the server answered: "saved" (redirect) or "conflict" (409)
    updates: dict[str, str] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    reads: int = 0

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)

    def saw(self, response: Response) -> None:
        with self.lock:
            self.statuses[response.status] += 1


def sign_in_all(people: dict[str, str], ports: list[int]) -> dict[str, dict[str, str]]:
    """Sign everyone in over HTTP before the load starts: cookies by username.

    Password hashing is slow by design (about half a second of CPU each), so sign-ins are
    kept out of the timed load, two at a time per instance, spread over the instances.
    """

    def sign_in(item: tuple[int, tuple[str, str]]) -> tuple[str, dict[str, str]]:
        k, (username, password) = item
        browser = Browser("127.0.0.1", ports[k % len(ports)], timeout=180)
        try:
            browser.sign_in(username, password)
        finally:
            browser.close()
        return username, dict(browser.cookies)

    with ThreadPoolExecutor(max(4, 2 * len(ports))) as pool:
        return dict(pool.map(sign_in, enumerate(people.items())))


class Person:
    """A signed-in person (one browser tab) whose requests alternate between instances."""

    def __init__(self, username: str, cookies: dict[str, str], ports: list[int], tally: Tally):
        self.username = username
        self.tally = tally
        self.browsers = [Browser("127.0.0.1", port) for port in ports]
        shared = dict(cookies)
        for browser in self.browsers:
            browser.cookies = shared  # one session, whichever instance answers
        self.turn = 0

    def next(self) -> Browser:
        self.turn += 1
        return self.browsers[self.turn % len(self.browsers)]

    def get(self, path: str, expect: int = 200) -> Response:
        response = self.next().get(path)
        self.tally.saw(response)
        if response.status != expect:
            self.tally.error(f"{self.username}: GET {path} answered {response.status}")
        return response

    def close(self) -> None:
        for browser in self.browsers:
            browser.close()


def _update_fields(form: Response, token: str, rating: Rating, today: datetime.date) -> list:
    version = VERSION_INPUT.search(form.text)
    if not version:
        raise RuntimeError("The update form has no version field.")
    return [
        ("csrfmiddlewaretoken", form.csrf_token()),
        ("version", version.group(1)),
        ("rating", rating.value),
        ("slippage_reason", "capacity" if rating == Rating.AMBER else ""),
        ("commentary", f"Progress this month ({token})."),
        ("next_steps", "Report to the next Board."),
        ("effective_date-day", str(today.day)),
        ("effective_date-month", str(today.month)),
        ("effective_date-year", str(today.year)),
        ("revised_due_date-day", ""),
        ("revised_due_date-month", ""),
        ("revised_due_date-year", ""),
    ]


def _post(person: Person, path: str, fields, files=None) -> Response:
    browser = person.next()
    if files:
        response = browser.post_multipart(path, fields, files)
    else:
        response = browser.post_form(path, fields)
    person.tally.saw(response)
    return response


def owner_session(username: str, action: Action, cookies, ports, tally: Tally, today) -> None:
    person = Person(username, cookies[username], ports, tally)
    update_path = f"{action.get_absolute_url()}update/"
    evidence_path = f"{action.get_absolute_url()}evidence/add/"
    try:
        for round_number in range(UPDATES_EACH):
            token = f"bench-{username}-{round_number}"
            form = person.get(evidence_path)
            fields = [("csrfmiddlewaretoken", form.csrf_token()), ("title", token)]
            if round_number % 2:
                fields.append(("url", ""))
                files = [("file", f"{token}.txt", SMALL_FILE, "text/plain")]
                response = _post(person, evidence_path, fields, files)
            else:
                fields.append(("url", f"https://example.org/{token}"))
                response = _post(person, evidence_path, fields)
            _record(tally, tally.evidence, token, response, username, evidence_path)

            form = person.get(update_path)
            rating = Rating.GREEN if round_number % 2 == 0 else Rating.AMBER
            response = _post(person, update_path, _update_fields(form, token, rating, today))
            _record(tally, tally.updates, token, response, username, update_path)
    except Exception as error:
        tally.error(f"{username}: {type(error).__name__}: {error}")
    finally:
        person.close()


def _record(tally: Tally, book: dict, token: str, response: Response, who: str, path: str):
    if response.status == 302:
        outcome = "saved"
    elif response.status == 409:
        outcome = "conflict"
    else:
        outcome = f"HTTP {response.status}"
        tally.error(f"{who}: POST {path} answered {response.status}")
    with tally.lock:
        book[token] = outcome


def conflict_pair(
    action: Action, people: list[str], cookies, ports, tally: Tally, today, index: int
) -> None:
    """Two people open the same form, then post at the same moment."""
    persons = [Person(name, cookies[name], ports, tally) for name in people]
    path = f"{action.get_absolute_url()}update/"
    forms = [person.get(path) for person in persons]
    tokens = [f"bench-conflict-{index}-{k}" for k in range(2)]
    with tally.lock:
        tally.pairs.append((tokens[0], tokens[1]))
    barrier = threading.Barrier(2)

    def post(k: int) -> None:
        fields = _update_fields(forms[k], tokens[k], Rating.GREEN, today)
        barrier.wait()
        response = _post(persons[k], path, fields)
        _record(tally, tally.updates, tokens[k], response, persons[k].username, path)

    threads = [threading.Thread(target=post, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for person in persons:
        person.close()


def board_reader(username: str, paths: list[str], cookies, ports, tally, stop: threading.Event):
    person = Person(username, cookies[username], ports, tally)
    k = 0
    while not stop.is_set():
        person.get(paths[k % len(paths)])
        k += 1
        with tally.lock:
            tally.reads += 1
    person.close()


def queue_pdf_builds(cookies, ports, tally: Tally) -> list[int]:
    """A plan manager asks for a demo report's PDF 10 times, on both instances."""
    from .reports import draft_demo_report

    report = draft_demo_report()
    person = Person("manager", cookies["manager"], ports, tally)
    build_ids = []
    page = f"/plans/{report.meeting.plan.slug}/board-reports/{report.pk}/"
    for _ in range(N_PDF_BUILDS):
        form = person.get(page)
        response = _post(person, f"{page}export/", [("csrfmiddlewaretoken", form.csrf_token())])
        match = re.search(r"/board-reports/pdfs/(\d+)/", response.location)
        if response.status != 302 or not match:
            tally.error(f"PDF export answered {response.status} {response.location}")
            continue
        build_ids.append(int(match.group(1)))
    person.close()
    return build_ids


def pick_people(n_owners: int):
    """``n_owners`` owners, each with an action of their own; 10 actions for the
    conflict pairs."""
    candidates = (
        Action.objects.filter(
            plan__slug__startswith="scale-plan-", lead__username__contains="-owner"
        )
        .exclude(rating=Rating.BLUE)
        .select_related("lead", "plan")
        .order_by("lead__username", "pk")
    )
    owners: dict[str, Action] = {}
    spare: list[Action] = []
    for action in candidates:
        if action.lead.username not in owners and len(owners) < n_owners:
            owners[action.lead.username] = action
        elif action.lead.username in owners and len(spare) < N_CONFLICT_PAIRS:
            # A second action of an owner: the owner and their plan manager race on it.
            spare.append(action)
        if len(owners) >= n_owners and len(spare) >= N_CONFLICT_PAIRS:
            break
    pairs = [
        (action, [action.lead.username, action.plan.slug.replace("scale-plan-", "p") + "-manager1"])
        for action in spare
    ]
    return owners, pairs


def _dashboards(plan_number: int, today: datetime.date) -> list[str]:
    """A Board member's reading: their plan's dashboard today and as at earlier Boards."""
    slug = f"scale-plan-{plan_number:02d}"
    return [f"/plans/{slug}/"] + [
        f"/plans/{slug}/?as_at={today - datetime.timedelta(days=days)}" for days in (30, 91, 365)
    ]


def _readers(n: int) -> list[tuple[str, int]]:
    """Board members of the first plans, up to four of each: (username, plan number)."""
    return [(f"p{k // 4 + 1:02d}-board{k % 4 + 1}", k // 4 + 1) for k in range(n)]


def run(env: dict[str, str], logs: Path, options: ScaleOutOptions | None = None) -> dict:
    from reports.models import PdfBuild

    options = options or ScaleOutOptions()
    today = timezone.localdate()
    owners, pairs = pick_people(options.owners)
    watched = {action.pk: action.version for action in owners.values()} | {
        action.pk: action.version for action, _ in pairs
    }
    started_at = timezone.now()
    tally = Tally()
    servers, workers = [], []
    try:
        for k in range(options.app_servers):
            log = logs / f"scale-app{k + 1}.log"
            servers.append(Gunicorn(f"app{k + 1}", env, options.workers, log))
        for k in range(options.task_workers):
            workers.append(TaskWorker(f"worker{k + 1}", env, logs / f"scale-worker{k + 1}.log"))
        ports = [server.port for server in servers]
        reader_plans = _readers(options.readers)
        people = dict.fromkeys(
            [*owners, *(name for _, names in pairs for name in names)]
            + [name for name, _ in reader_plans],
            SCALE_PASSWORD,
        ) | {"manager": DEMO_PASSWORD}
        signing_started = time.monotonic()
        cookies = sign_in_all(people, ports)
        sign_in_seconds = time.monotonic() - signing_started

        stop = threading.Event()
        readers = [
            threading.Thread(
                target=board_reader,
                args=(name, _dashboards(number, today), cookies, ports, tally, stop),
            )
            for name, number in reader_plans
        ]
        writers = [
            threading.Thread(
                target=owner_session, args=(name, action, cookies, ports, tally, today)
            )
            for name, action in owners.items()
        ] + [
            threading.Thread(
                target=conflict_pair,
                args=(action, names, cookies, ports, tally, today, index),
            )
            for index, (action, names) in enumerate(pairs)
        ]
        load_started = time.monotonic()
        for thread in readers + writers:
            thread.start()
        build_ids = queue_pdf_builds(cookies, ports, tally)
        for thread in writers:
            thread.join()
        stop.set()
        for thread in readers:
            thread.join()
        load_seconds = time.monotonic() - load_started

        deadline = time.monotonic() + PDF_TIMEOUT
        while time.monotonic() < deadline:
            finished = PdfBuild.objects.filter(
                pk__in=build_ids, status__in=[PdfBuild.Status.SUCCEEDED, PdfBuild.Status.FAILED]
            ).count()
            if finished == len(build_ids):
                break
            time.sleep(0.5)
        pdf_seconds = time.monotonic() - load_started
    finally:
        for process in servers + workers:
            process.stop()

    return check(tally, owners, pairs, watched, build_ids, started_at) | {
        "options": dataclasses.asdict(options),
        "signed_in": len(cookies),
        "sign_in_seconds": round(sign_in_seconds, 1),
        "load_seconds": round(load_seconds, 1),
        "pdf_seconds": round(pdf_seconds, 1),
        "requests": sum(tally.statuses.values()),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "dashboard_reads": tally.reads,
    }


def check(tally: Tally, owners, pairs, watched, build_ids, started_at) -> dict:
    from django_tasks_db.models import DBTaskResult

    from reports.models import PdfBuild

    problems = list(tally.errors)
    new_updates = ActionUpdate.objects.filter(recorded_at__gte=started_at)
    stored = Counter(
        re.search(r"\((bench-[^)]+)\)", commentary).group(1)
        for commentary in new_updates.filter(commentary__contains="(bench-").values_list(
            "commentary", flat=True
        )
    )
    saved = {token for token, outcome in tally.updates.items() if outcome == "saved"}
    lost = sorted(saved - set(stored))
    duplicated = sorted(token for token, n in stored.items() if n > 1)
    unexpected = sorted(set(stored) - saved)  # stored although the person was told it failed
    if lost:
        problems.append(f"lost updates: {lost}")
    if duplicated:
        problems.append(f"duplicated updates: {duplicated}")
    if unexpected:
        problems.append(f"updates stored though refused: {unexpected}")

    evidence_titles = Counter(
        Evidence.objects.filter(added_at__gte=started_at, title__startswith="bench-").values_list(
            "title", flat=True
        )
    )
    evidence_saved = {t for t, outcome in tally.evidence.items() if outcome == "saved"}
    lost_evidence = sorted(evidence_saved - set(evidence_titles))
    duplicated_evidence = sorted(t for t, n in evidence_titles.items() if n > 1)
    if lost_evidence or duplicated_evidence:
        problems.append(f"evidence lost {lost_evidence}, duplicated {duplicated_evidence}")
    files = Evidence.objects.filter(added_at__gte=started_at).exclude(file="")
    missing_files = [e.pk for e in files if not e.file.storage.exists(e.file.name)]
    if missing_files:
        problems.append(f"evidence files not in storage: {missing_files}")

    # Each pair: exactly one saved, the other told of the conflict (HTTP 409).
    conflicts_reported = 0
    for first, second in tally.pairs:
        outcomes = sorted([tally.updates.get(first), tally.updates.get(second)])
        if outcomes == ["conflict", "saved"]:
            conflicts_reported += 1
        else:
            problems.append(f"conflict pair {first}/{second} ended {outcomes}")

    # No lost update: each action moved one version per saved update, to the last rating.
    per_action = Counter(
        new_updates.filter(action_id__in=watched).values_list("action_id", flat=True)
    )
    for action in Action.objects.filter(pk__in=watched):
        expected = watched[action.pk] + per_action[action.pk]
        if action.version != expected:
            problems.append(f"action {action.pk}: version {action.version}, expected {expected}")
        last = new_updates.filter(action=action).order_by("-pk").first()
        if last and last.kind in ActionUpdate.Kind.rated() and action.rating != last.rating:
            problems.append(f"action {action.pk}: rating {action.rating}, last saved {last.rating}")

    builds = list(PdfBuild.objects.filter(pk__in=build_ids))
    succeeded = [b for b in builds if b.status == PdfBuild.Status.SUCCEEDED]
    task_results = {
        str(r.id): r for r in DBTaskResult.objects.filter(id__in=[b.task_id for b in builds])
    }
    built_twice = []
    for build in builds:
        result = task_results.get(build.task_id)
        if result is None or len(result.worker_ids) != 1:
            built_twice.append(build.pk)
        if build.file:
            # A second run would have stored a second file, under the storage's
            # "name_abc1234.pdf" for a taken name.
            pdf = Path(settings.MEDIA_ROOT) / build.file.name
            copies = re.compile(re.escape(pdf.stem) + r"(_[A-Za-z0-9]{7})?\.pdf")
            if sum(1 for p in pdf.parent.iterdir() if copies.fullmatch(p.name)) != 1:
                built_twice.append(build.pk)
    if len(build_ids) != N_PDF_BUILDS or len(succeeded) != N_PDF_BUILDS:
        problems.append(
            f"PDF builds: {len(build_ids)} queued, {len(succeeded)} succeeded "
            f"({[(b.pk, b.status, b.error[:80]) for b in builds if b not in succeeded]})"
        )
    if built_twice:
        problems.append(f"PDF builds run more than once or without one file: {built_twice}")
    workers_used = sorted({worker for r in task_results.values() for worker in r.worker_ids})

    return {
        "passed": not problems,
        "problems": problems[:50],
        "owners": len(owners),
        "updates_saved": len(saved),
        "updates_stored": sum(stored.values()),
        "lost_updates": len(lost),
        "duplicated_updates": len(duplicated),
        "evidence_saved": len(evidence_saved),
        "evidence_stored": sum(evidence_titles.values()),
        "conflict_pairs": len(tally.pairs),
        "conflicts_reported": conflicts_reported,
        "errors": len(tally.errors),
        "pdf_builds_queued": len(build_ids),
        "pdf_builds_succeeded": len(succeeded),
        "pdf_builds_run_twice": len(set(built_twice)),
        "pdf_workers_used": workers_used,
    }
