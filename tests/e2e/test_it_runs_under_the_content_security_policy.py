"""Pages under the Content-Security-Policy, in a real browser with no outside network: no
violation is reported, and the scripts moved out of the templates still work."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from timing.timingkit import make_event

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def watched(page, live_server):
    """The page, cut off from every host but the test server, recording CSP violations."""
    violations = []
    page.route(
        re.compile(r"^(?!" + re.escape(live_server.url) + ").*"), lambda route: route.abort()
    )
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return page, violations


def test_it_shows_the_api_docs_offline(watched):
    page, violations = watched
    page.goto("/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Memorial Miles API")
    expect(page.locator(".opblock-tag-section").first).to_be_visible()
    assert violations == []


def test_it_counts_the_silence_from_a_static_script(watched):
    page, violations = watched
    event = make_event(status="scheduled")
    page.goto(f"/events/{event.pk}/silence/")
    page.locator("#silence").click()
    expect(page.locator("#label")).to_have_text("Silence")
    expect(page.locator("body")).to_have_class(re.compile("keeping"))
    assert violations == []


def _ahead():
    return timezone.now() + dt.timedelta(days=30)


def test_it_sends_the_registration_form_once(watched):
    page, violations = watched
    # A run ahead of us: a past run takes no registrations.
    event = make_event(status="scheduled", registration_open=True, starts_at=_ahead())
    page.goto(f"/events/{event.pk}/register/")
    form = page.locator("form.form")
    page.evaluate("document.querySelector('form.form').dispatchEvent(new Event('submit'))")
    expect(form).to_have_attribute("data-sent", "1")
    assert violations == []


def test_it_reports_no_violation_on_the_public_pages(watched, crumby):
    page, violations = watched
    event = make_event(status="scheduled", registration_open=True)
    for url in ("/", "/heroes/", f"/heroes/{crumby.pk}/", f"/events/{event.pk}/", "/timing/join/"):
        page.goto(url)
        page.wait_for_load_state("load")
    assert violations == []


def test_it_would_report_an_inline_script(watched):
    page, violations = watched
    page.goto("/about/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.x") is None
    assert violations
