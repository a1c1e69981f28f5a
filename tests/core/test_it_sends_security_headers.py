"""Content-Security-Policy with no inline script on every page, and HSTS over HTTPS."""

import datetime as dt
import importlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.utils import timezone

import memorialmiles
from timing.timingkit import make_event

SRC = Path(memorialmiles.__file__).parent


class Scripts(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts, inline event
    handlers and javascript: links."""

    def __init__(self):
        super().__init__()
        self.blocked: list[str] = []
        self._inline = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.blocked.append(f"<{tag} {name}=javascript:...>")
        data_only = attrs.get("type") in ("application/json", "application/ld+json")
        self._inline = tag == "script" and not attrs.get("src") and not data_only

    def handle_data(self, data):
        if self._inline and data.strip():
            self.blocked.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        self._inline = False


def blocked_in(html: str) -> list[str]:
    parser = Scripts()
    parser.feed(html)
    return parser.blocked


@pytest.fixture
def pages(db, crumby, alice, django_user_model):
    event = make_event(
        status="scheduled",
        registration_open=True,
        starts_at=timezone.now() + dt.timedelta(days=30),  # a past run takes no registrations
    )
    root = django_user_model.objects.create_superuser("root", "root@example.com", "pw-root")
    return [
        ("/", None),
        ("/heroes/", None),
        (f"/heroes/{crumby.pk}/", None),
        ("/events/", None),
        (f"/events/{event.pk}/", None),
        (f"/events/{event.pk}/register/", None),
        (f"/events/{event.pk}/silence/", None),
        (f"/events/{event.pk}/results/", None),
        ("/timing/join/", None),
        (f"/timing/events/{event.pk}/timer/", None),
        (f"/timing/events/{event.pk}/", alice),
        ("/accounts/login/", None),
        ("/admin/login/", None),
        ("/admin/", root),
        ("/admin/honors/hero/", root),
        (f"/admin/honors/hero/{crumby.pk}/change/", root),
        (f"/admin/events/event/{event.pk}/change/", root),
        ("/api/docs", None),
        ("/no-such-page/", None),
    ]


def test_it_sends_a_policy_that_forbids_inline_script(client, pages):
    for url, user in pages:
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'", url
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["base-uri"] == "'self'"
        assert blocked_in(response.content.decode()) == [], url
        client.logout()


def test_it_has_no_inline_script_in_any_template():
    templates = [p for p in SRC.rglob("templates/**/*.html")]
    assert len(templates) > 30
    found = {str(p.relative_to(SRC)): blocked_in(p.read_text()) for p in templates}
    assert {name: b for name, b in found.items() if b} == {}


def test_the_scanner_sees_what_it_must_refuse():
    html = '<script>alert(1)</script><a href="javascript:x()">x</a><b onclick="y()">y</b>'
    assert len(blocked_in(html)) == 3
    assert blocked_in('<script src="/static/a.js"></script>') == []
    assert blocked_in('<script type="application/json">{"a": 1}</script>') == []


def test_it_sends_hsts_over_https(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_SSL_REDIRECT = False
    response = client.get("/about/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/about/")  # never over plain HTTP


@pytest.fixture
def reload_settings(monkeypatch):
    import memorialmiles.settings as module

    def reload(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return importlib.reload(module)

    yield reload
    monkeypatch.undo()
    importlib.reload(module)


def test_it_turns_hsts_on_with_https_as_the_readme_says(reload_settings, monkeypatch):
    monkeypatch.delenv("SECURE_HSTS_SECONDS", raising=False)
    monkeypatch.delenv("HTTPS", raising=False)
    assert reload_settings().SECURE_HSTS_SECONDS == 0
    https = reload_settings(HTTPS="1")
    assert https.SECURE_HSTS_SECONDS == 31_536_000
    assert https.SESSION_COOKIE_SECURE and https.SECURE_SSL_REDIRECT
    assert reload_settings(HTTPS="1", SECURE_HSTS_SECONDS="600").SECURE_HSTS_SECONDS == 600
