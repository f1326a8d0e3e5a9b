"""Browser tests: Playwright driving Debian's Chromium against the live server.

Every page a journey visits goes through ``visit()``, which checks it with axe-core
(WCAG 2.0/2.1/2.2 A and AA: any violation fails the test, printing rule, target and
help URL), checks it reflows at 320 CSS px, and saves a screenshot under
test-artifacts/screenshots/ for people to look at.
"""

import base64
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "improvement-demo"

# Playwright's sync API keeps an event loop running in the test thread; the test's own
# database work (fixtures, assertions) is still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    elif not AXE.exists():
        reason = "axe-core is not installed (npm ci)"
    if reason:
        skip = pytest.mark.skip(reason=f"browser tests skipped: {reason}")
        for item in items:
            if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The live server serves static files from the finders, which know the files by
    # their plain names, not by the hashed names of the production manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def demo(transactional_db):
    from demo.plan import demo_load

    return demo_load()


# The innermost elements that stick out past the right edge of the viewport, or whose
# content (a long word) spills out of them, so that a failed reflow check names what to fix.
_WIDE_ELEMENTS = """() => {
    const edge = document.documentElement.clientWidth;
    const wide = [...document.body.querySelectorAll('*')].filter(el => {
        const box = el.getBoundingClientRect();
        const spills = !(el instanceof SVGElement) && el.clientWidth > 0
            && box.left + el.scrollWidth > edge + 0.5
            && getComputedStyle(el).overflowX === 'visible';
        return (spills || (box.width > 0 && box.right > edge + 0.5))
            && !el.closest('.app-table-container');
    });
    return wide.filter(el => !wide.some(other => other !== el && el.contains(other)))
        .slice(0, 5)
        .map(el => el.tagName.toLowerCase()
            + (el.getAttribute('class') || '').trim().split(/\\s+/).map(c => c && '.' + c).join('')
            + ' "' + (el.textContent || '').trim().slice(0, 60) + '" right='
            + Math.round(el.getBoundingClientRect().right));
}"""

_AXE_SOURCE: list[str] = []


def _axe_source() -> str:
    if not _AXE_SOURCE:
        _AXE_SOURCE.append(AXE.read_text(encoding="utf-8"))
    return _AXE_SOURCE[0]


class Visitor:
    """A person at a browser: visits pages and checks each one as it goes."""

    def __init__(self, page, base_url: str, journey: str, *, javascript: bool = True):
        self.page = page
        self.javascript = javascript
        self._axe_page = None
        self.base_url = base_url
        self.journey = journey
        self.checked: list[str] = []
        self._shot = 0
        self.authenticator_keys = {}
        self.last_code = {}
        self._last_step: dict[str, int] = {}

    def url(self, path: str) -> str:
        return self.base_url + path

    def submit(self, name: str, *, check: str | None = None):
        """Press a button by its accessible name and wait for the page it leads to."""
        target = self.page.get_by_role("button", name=name, exact=True)
        target.click()
        self.page.wait_for_load_state()
        if check:
            self.check(check)

    def follow(self, name: str, *, check: str | None = None, exact: bool = True):
        self.page.get_by_role("link", name=name, exact=exact).first.click()
        self.page.wait_for_load_state()
        if check:
            self.check(check)

    def goto(self, path: str, *, check: bool = True):
        self.page.goto(self.url(path))
        if check:
            self.check(path)

    def sign_in(self, username: str, password: str = PASSWORD):
        """Username and password, then the second step if the account has or needs one."""
        self.goto("/accounts/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()
        heading = self.page.locator("h1").inner_text()
        if heading == "Set up two-step verification":
            self.set_up_authenticator(username)
            self.follow("I have saved my recovery codes")
        elif heading == "Enter your verification code":
            self.page.get_by_label("Code from your authenticator app").fill(
                self.authenticator_code(username)
            )
            self.submit("Continue")

    # Authenticator app keys, by username, as the person's phone would hold them, and the
    # last code given for each (a code is good once: the service refuses it again).
    authenticator_keys: dict[str, str]
    last_code: dict[str, str]

    def set_up_authenticator(self, username: str, *, check: bool = False):
        """Reads the key off the setup page, as a phone would, and answers with its code."""
        secret = self.page.locator("#setup-key").inner_text().replace(" ", "")
        key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
        self.authenticator_keys[username] = key
        self.page.get_by_label("Code from your authenticator app").fill(
            self.authenticator_code(username)
        )
        self.submit("Turn on two-step verification", check="recovery codes" if check else None)

    def authenticator_code(self, username: str) -> str:
        """A code not given before: this 30-second step's, else the next one's (the
        service takes a code one step either side); waits if both have been given."""
        from improvement_board.two_factor import code_for_key

        now = int(time.time() // 30)
        step = max(now, self._last_step.get(username, -1) + 1)
        if step > now + 1:
            time.sleep((step - 1) * 30 - time.time() + 0.5)
        self._last_step[username] = step
        code = code_for_key(self.authenticator_keys[username], at=step * 30)
        self.last_code[username] = code
        return code

    def fill_date(self, legend: str, day: str):
        """Type a date, "23/4/2020" as a person reads it, into the GOV.UK date input whose
        legend is ``legend``: day, month and year boxes."""
        group = self.page.get_by_role("group", name=legend)
        for box, text in zip(("Day", "Month", "Year"), day.split("/"), strict=True):
            group.get_by_label(box, exact=True).fill(text)

    def check(self, label: str | None = None):
        """axe-core, reflow at 320 px and a screenshot, for the page as it is now."""
        label = label or self.page.url.removeprefix(self.base_url)
        self.assert_no_axe_violations(label)
        self.assert_reflows(label)
        self.screenshot(label)
        self.checked.append(label)

    def assert_no_axe_violations(self, label: str):
        target = self.page if self.javascript else self._copy_for_axe()
        target.evaluate(_axe_source())
        result = target.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}\n    targets: "
            + ", ".join(json.dumps(node["target"]) for node in v["nodes"][:5])
            for v in result["violations"]
        ]
        assert not violations, f"axe found violations on {label}:\n" + "\n".join(violations)

    def _copy_for_axe(self):
        """The page as served without JavaScript, in a tab where axe itself can run.

        axe needs scripting (it works through promises and timers), so with JavaScript
        off the checked copy is the same markup, minus the page's own scripts, on the
        same origin so that its stylesheets load.
        """
        if self._axe_page is None:
            context = self.page.context.browser.new_context(
                java_script_enabled=True, bypass_csp=True, viewport=self.page.viewport_size
            )
            self._axe_page = context.new_page()
        html = re.sub(r"<script\b[^>]*>.*?</script>", "", self.page.content(), flags=re.S)
        self._axe_page.goto(self.page.url)
        self._axe_page.set_content(html)
        return self._axe_page

    def close(self):
        if self._axe_page is not None:
            self._axe_page.context.close()

    def assert_reflows(self, label: str):
        viewport = self.page.viewport_size
        self.page.set_viewport_size({"width": 320, "height": 800})
        try:
            overflow = self.page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            culprits = self.page.evaluate(_WIDE_ELEMENTS) if overflow > 0 else []
        finally:
            self.page.set_viewport_size(viewport)
        assert overflow <= 0, (
            f"{label} scrolls sideways by {overflow}px at 320 CSS px wide; the innermost "
            "elements that spill over:\n    " + "\n    ".join(culprits)
        )

    def screenshot(self, label: str):
        self._shot += 1
        name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "page"
        folder = SCREENSHOTS / self.journey
        folder.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(folder / f"{self._shot:02d}-{name}.png"), full_page=True)


@pytest.fixture
def visitor(browser, live_server, request):
    """A browser tab; parametrize with ``indirect=True`` and False to turn JavaScript off."""
    javascript = getattr(request, "param", True)
    journey = request.node.name
    shutil.rmtree(SCREENSHOTS / journey, ignore_errors=True)
    context = browser.new_context(
        java_script_enabled=javascript,
        viewport={"width": 1200, "height": 900},
        # Lets the test inject axe-core; the pages themselves still send their CSP.
        bypass_csp=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    visitor = Visitor(page, live_server.url, journey, javascript=javascript)
    yield visitor
    visitor.close()
    context.close()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploaded evidence and built PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def immediate_tasks(settings):
    # The PDF is built by a background task; run it at once so the journey can wait for it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def tiny_png(path: Path) -> Path:
    """A real, 4 by 4 pixel PNG (uploads are checked by their content, not their name)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x1d\x70\xb8" * 4 for _ in range(4))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
    return path


def focus_indicator(page) -> dict:
    """What marks the focused element out: a visible outline or box shadow.

    GOV.UK radios and checkboxes hide the native input and draw the focus ring on the
    label's ::before, so for them that is what is measured. A transparent outline (GOV.UK
    keeps one for Windows high contrast mode) does not count.
    """
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const custom = el.matches('.govuk-radios__input, .govuk-checkboxes__input');
            const style = custom
                ? getComputedStyle(el.labels[0], '::before') : getComputedStyle(el);
            const clear = c => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0
                && !clear(style.outlineColor);
            return {
                element: el.tagName.toLowerCase() + (el.name ? '[name=' + el.name + ']' : '')
                    + ' "' + (el.innerText || el.value || '').trim().slice(0, 40) + '"',
                indicator: (outline ? `outline ${style.outlineWidth} ${style.outlineColor} ` : '')
                    + (style.boxShadow === 'none' ? '' : style.boxShadow),
            };
        }"""
    )


# --- A real OpenID Connect provider (tests/oidc_provider.mjs) ---------------------------

OIDC_CLIENT_ID = "improvement-board"
OIDC_CLIENT_SECRET = "test-client-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
# The people the provider knows, by the login typed on its sign-in page.
OIDC_ACCOUNTS = {
    "alice": {
        "email": "alice.smith@example.org",
        "email_verified": True,
        "name": "Alice Smith",
        "given_name": "Alice",
        "family_name": "Smith",
        "groups": ["improvement-board-plan-managers"],
    },
    "bob": {"email": "bob.jones@example.org", "email_verified": False, "name": "Bob Jones"},
    "carol": {"email": "carol.white@example.org", "email_verified": True, "name": "Carol White"},
    "dan": {
        "email": "dan.green@example.org",
        "email_verified": True,
        "name": "Dan Green",
        "given_name": "Dan",
        "family_name": "Green",
    },
}


class OIDCProvider:
    def __init__(self, issuer: str):
        self.issuer = issuer

    def next_id_token(self, **changes):
        """The next ID token the provider issues has these claims changed."""
        request = urllib.request.Request(
            f"{self.issuer}/test-control/next-id-token",
            data=json.dumps(changes).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        urllib.request.urlopen(request, timeout=5).close()


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "oidc-provider").exists():
        pytest.skip("the test OpenID Connect provider needs node and npm ci (oidc-provider)")
    config = tmp_path_factory.mktemp("oidc") / "provider.json"
    config.write_text(
        json.dumps(
            {
                "client": {
                    "client_id": OIDC_CLIENT_ID,
                    "client_secret": OIDC_CLIENT_SECRET,
                    "redirect_uris": [f"{live_server.url}/accounts/sso/callback/"],
                    "post_logout_redirect_uris": [f"{live_server.url}/accounts/login/"],
                },
                "accounts": OIDC_ACCOUNTS,
            }
        )
    )
    process = subprocess.Popen(
        [node, str(ROOT / "tests" / "oidc_provider.mjs"), str(config)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        if not line.startswith("issuer "):
            pytest.fail(f"the test OpenID Connect provider did not start: {line!r}")
        yield OIDCProvider(line.split()[1])
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def single_sign_on(oidc_provider, settings):
    """The service signs in through the test provider, with local passwords off."""
    from improvement_board import sso

    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = OIDC_CLIENT_ID
    settings.OIDC_CLIENT_SECRET = OIDC_CLIENT_SECRET
    settings.LOCAL_PASSWORD_SIGN_IN = False
    sso._discovered.clear()
    yield oidc_provider
    sso._discovered.clear()
