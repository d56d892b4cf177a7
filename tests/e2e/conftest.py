"""Browser tests: Debian's chromium driven by Playwright (sync API) against pytest-django's live server.

The browser starts once per session; each test gets a fresh context (no cookies), so the language
starts at the default (Korean). The cast of tests/conftest.py is given passwords so that every role
can log in through the real login form.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would then refuse ORM calls here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "e2e-Passw0rd-만세"  # noqa: S105 — a test password for throwaway users
SCREENSHOTS = Path("var/test-artifacts/screenshots")


def _serve_project_static_dir() -> None:
    """The shell's CSS/JS live in src/healthycity/static/, which only `STATICFILES_DIRS` makes
    visible to the finders (WhiteNoise serves from the finders in tests). Until settings.py lists
    the folder (see test_assets.py::test_project_static_dir_is_configured), add it here so that
    the browser tests still see the real layout."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    import healthycity

    static_dir = Path(healthycity.__file__).resolve().parent / "static"
    if static_dir not in [Path(p) for p in settings.STATICFILES_DIRS]:
        settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, static_dir]
        finders.get_finder.cache_clear()


_serve_project_static_dir()

# The cast member behind each login name used in the tests.
ROLE_USERS = {
    "official": "official",
    "worker-a": "worker_a",
    "worker-b": "worker_b",
    "partner": "partner",
    "citizen": "citizen_user",
    "delegate": "delegate",
    "admin": "admin",
}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


# Every page reports what its Content-Security-Policy refused. The listener is added before the
# page's own scripts run (an init script is the browser's, not the page's: the policy does not
# apply to it) and hands each violation to the test through a binding.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.hcCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || e.documentURI}:${e.lineNumber} (${e.sample || ""})`);
}, true);
"""


def watch_csp(context, problems: list[str]) -> None:
    """Collect the context's CSP violations (the DOM event and the console's "Refused to …")
    into `problems`."""
    context.expose_function("hcCspViolation", lambda text: problems.append(text))
    context.add_init_script(CSP_LISTENER)


class PageProblems:
    """What went wrong in the page while a test ran: script errors, failed requests and what the
    Content-Security-Policy refused."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.csp: list[str] = []
        watch_csp(page.context, self.csp)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: (
                self.csp.append(msg.text)
                if "Content Security Policy" in msg.text or "Refused to" in msg.text
                else None
            ),
        )
        page.on(
            "requestfailed",
            lambda req: (
                # net::ERR_ABORTED is the browser dropping a load itself (a form submitted
                # while the page's logo was still loading); a missing or refused file fails as a
                # status below, a blocked one as a CSP violation.
                None
                if req.failure == "net::ERR_ABORTED"
                else self.failed.append(f"{req.url} ({req.failure})")
            ),
        )
        page.on(
            "response",
            lambda resp: (
                self.failed.append(f"{resp.url} ({resp.status})")
                if resp.status >= 400 and "/static/" in resp.url
                else None
            ),
        )

    def assert_none(self):
        assert not self.csp, f"Content-Security-Policy violations: {self.csp}"
        assert not self.errors, f"JavaScript errors: {self.errors}"
        assert not self.failed, f"failed requests: {self.failed}"


@pytest.fixture(scope="session")
def warm_server(live_server):
    """The live server's first request imports every app's views (statistics, maps, PDF
    libraries): on a shared, loaded machine that has taken longer than a page's 15 s. Make it
    once, before any browser waits for it."""
    from urllib.request import urlopen

    with urlopen(live_server.url + "/login/", timeout=180) as response:  # noqa: S310 — our server
        response.read()
    return live_server


@pytest.fixture
def page(browser, warm_server, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="ko-KR",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.problems = PageProblems(page)
    yield page
    context.close()
    assert not page.problems.csp, f"Content-Security-Policy violations: {page.problems.csp}"


@pytest.fixture
def phone_page(browser, warm_server, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="ko-KR",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.problems = PageProblems(page)
    yield page
    context.close()
    assert not page.problems.csp, f"Content-Security-Policy violations: {page.problems.csp}"


@pytest.fixture
def districts(transactional_db):
    """Seoul's districts, which a migration loads. The live server runs in another thread, hence
    transactional_db, whose flush after each test also removes migration data: load it again."""
    from importlib import import_module

    from django.apps import apps

    from healthycity.places.models import District

    if not District.objects.exists():
        import_module("healthycity.places.migrations.0002_seoul_districts").load(apps, None)


@pytest.fixture
def people(districts, cast):
    """The cast of tests/conftest.py, each with a known password."""
    for attr in ROLE_USERS.values():
        user = getattr(cast, attr)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return cast


def login(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state("load")


def switch_language(page, to: str) -> None:
    page.click(f"[data-testid=lang-{to}]")
    page.wait_for_load_state("load")
    page.wait_for_selector(f"html[lang={to}]")


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.evaluate("document.fonts.ready")
    page.screenshot(path=str(path), full_page=full_page)
    print(f"screenshot: {path.resolve()}")
    return path
