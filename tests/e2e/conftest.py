"""Browser tests: a real Chromium (Debian's, /usr/bin/chromium) driven by Playwright.

In CI (MEMORIALMILES_E2E_REQUIRED=1) a missing browser is a failure; elsewhere the tests are
skipped with a message that says so, so a laptop without Chromium still runs the rest.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's live server answers from
# another thread, and the test's own ORM calls are ordinary synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def chromium_path() -> str | None:
    candidate = (
        os.environ.get("MEMORIALMILES_CHROMIUM")
        or shutil.which("chromium")
        or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    )
    return candidate


def pytest_collection_modifyitems(config, items):
    """Without a browser, the browser tests (marked by folder in tests/conftest.py) are skipped
    with the reason, except in CI, where a missing browser must fail."""
    if chromium_path() or os.environ.get("MEMORIALMILES_E2E_REQUIRED"):
        return
    skip = pytest.mark.skip(
        reason="browser tests skipped: no Chromium found "
        "(apt-get install chromium, or set MEMORIALMILES_CHROMIUM)"
    )
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


def pytest_report_header(config):
    path = chromium_path()
    return f"browser tests: {'Chromium at ' + path if path else 'SKIPPED, no Chromium found'}"


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations():
    """`expect` waits as long as an action does (10 s, set on each context) rather than its own
    5 s: on CI's two cores, shared by both passes, a timer's answer took over 5 s once."""
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if not path:
        pytest.fail("MEMORIALMILES_E2E_REQUIRED is set but no Chromium was found")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _warm_live_server(live_server, django_db_blocker):
    """The first request a live server answers imports every app's views and the API: about
    8 s on a loaded machine (measured), which made the first browser test of each xdist worker
    miss its 10-second navigation timeout. Made here, once, outside any test's timeout."""
    import contextlib
    import urllib.request

    # An error page warms the imports just as well.
    with django_db_blocker.unblock(), contextlib.suppress(OSError):
        urllib.request.urlopen(live_server.url + "/accounts/login/", timeout=120).read()


@pytest.fixture(scope="session", autouse=True)
def _one_request_at_a_time_on_sqlite():
    """On in-memory SQLite every thread of the live server answers on the test's one connection
    (Django hands it over: such a database cannot be opened twice), so two requests at once
    interleave their transactions on it and one fails with "cannot release savepoint - SQL
    statements in progress" (two phones sending at the same moment did, in CI). PostgreSQL and
    the site's file database give each thread its own connection, as in production; here each
    request runs alone, as it must on one connection. A streamed body is still sent unlocked,
    so a live page's open event stream never holds the others up.

    The flush that empties the tables after a transactional test waits its turn the same way,
    its statements as patient as the test's (`_patient_sqlite_writes`): a phone's last sync,
    still being answered when its test ended, locked a table under the flush, which failed and
    left the connection to fail every later test of that process."""
    import threading

    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import TransactionTestCase

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    lock = threading.RLock()
    answer = WSGIHandler.__call__
    flush = TransactionTestCase._fixture_teardown

    def alone(self, environ, start_response):
        with lock:
            return answer(self, environ, start_response)

    def flush_alone(self):
        with lock, connection.execute_wrapper(_retry_while_locked):
            flush(self)

    WSGIHandler.__call__ = alone
    TransactionTestCase._fixture_teardown = flush_alone
    yield
    WSGIHandler.__call__ = answer
    TransactionTestCase._fixture_teardown = flush


@pytest.fixture(autouse=True)
def _patient_sqlite_writes():
    """On SQLite the test and its live server share one in-memory database, and a write made
    while the server is still stepping through a read of the same table fails at once with
    "database table is locked" (no busy timeout applies to a shared cache's table locks). A
    page's background request (offline.js keeps race-day pages when idle) made that happen
    at random. Such a statement is retried for up to two seconds, as a file database's busy
    timeout would wait; any other error, or one that lasts, still fails the test."""
    from django.db import connection

    if connection.vendor != "sqlite":
        yield
        return
    with connection.execute_wrapper(_retry_while_locked):
        yield


def _retry_while_locked(execute, sql, params, many, context):
    import time

    from django.db import OperationalError

    for attempt in range(100):
        try:
            return execute(sql, params, many, context)
        except OperationalError as error:
            if "is locked" not in str(error) or attempt == 99:
                raise
            time.sleep(0.02)


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, **PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-" + username)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
