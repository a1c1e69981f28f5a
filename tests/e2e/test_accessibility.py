"""Accessibility audit in a real browser, over every public and role page, on a phone and a desk.

The site has to work on a phone in the sun, with a keyboard alone and with a screen reader, so
each page is checked for what those users trip over: landmarks and one h1 to find their way, a
skip link, names on every control, link and image, headings that do not skip levels, a focus
ring they can see, text contrast of at least 4.5:1 (3:1 for large text, as WCAG 1.4.3 allows),
no sideways scrolling at 390 px, buttons big enough for a thumb, ARIA references that point
at something, and forms that stay so in their error state. Each check returns the offending
elements, so a failure names the page and the element. Small inline text links are printed,
not failed (run with -s to see them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _once_per_ci_run():
    """The pages are the same on both databases; CI audits them on its SQLite pass only, which
    keeps the whole run well inside its time budget."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("accessibility audit runs on the SQLite pass (same templates on both)")


PHONE_WIDTH = PHONE["viewport"]["width"]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
MIN_TAP_PX = 44
FOCUS_STOPS = 60


@dataclass(frozen=True)
class Demo:
    """URLs of the demo data, found from the models rather than guessed ids."""

    hero: str
    agency: str
    past_event: str
    event: str
    course: str
    registered: str
    volunteer_link: str = ""


@dataclass(frozen=True)
class Audited:
    name: str
    url: Callable[[Demo], str]
    user: str | None = None


PAGES = [
    Audited("home", lambda d: "/"),
    Audited("honor wall", lambda d: "/heroes/"),
    Audited("honor wall search", lambda d: "/heroes/?q=crum"),
    Audited("hero", lambda d: d.hero),
    Audited("agency", lambda d: d.agency),
    Audited("states", lambda d: "/states/"),
    Audited("state AL", lambda d: "/states/AL/"),
    Audited("about", lambda d: "/about/"),
    Audited("events", lambda d: "/events/"),
    Audited("event", lambda d: d.event),
    Audited("past event", lambda d: d.past_event),
    Audited("register", lambda d: d.event + "register/"),
    Audited("registered", lambda d: d.registered),
    Audited("silence", lambda d: d.event + "silence/"),
    Audited("backlog", lambda d: "/backlog/"),
    Audited("courses", lambda d: "/courses/"),
    Audited("course", lambda d: d.course),
    Audited("login", lambda d: "/accounts/login/"),
    Audited("desk as val", lambda d: d.event + "desk/?q=runner", "val"),
    Audited("desk as alice", lambda d: d.event + "desk/", "alice"),
    Audited("event edit as alice", lambda d: d.event + "edit/", "alice"),
    Audited("registrations as alice", lambda d: d.event + "registrations/", "alice"),
    Audited("registrations as liam", lambda d: d.event + "registrations/", "liam"),
    Audited("bulk register as alice", lambda d: d.event + "bulk/", "alice"),
    Audited("course upload as alice", lambda d: "/courses/new/", "alice"),
    Audited("course upload as liam", lambda d: "/courses/new/", "liam"),
    Audited("support", lambda d: "/support/"),
    Audited("grant application", lambda d: "/support/grants/apply/"),
    Audited("run support", lambda d: d.event.replace("/events/", "/support/runs/")),
    Audited(
        "run gifts as alice",
        lambda d: d.event.replace("/events/", "/support/runs/") + "gifts/",
        "alice",
    ),
    Audited("grants as alice", lambda d: "/support/grants/", "alice"),
    # queue (issue 10, first half)
    Audited("outbox as alice", lambda d: "/messages/", "alice"),
    Audited("failed tasks as alice", lambda d: "/tasks/failed/", "alice"),
    Audited("unsubscribe", lambda d: _unsubscribe_url()),
    # branch `pipeline`
    Audited("pipeline board as alice", lambda d: "/pipeline/", "alice"),
    Audited(
        "certificate batch as alice",
        lambda d: "/pipeline/runs" + d.past_event[7:] + "certificates/",
        "alice",
    ),
    Audited("agency link", lambda d: agency_link(d)),
    Audited(
        "family letter as alice", lambda d: "/pipeline/runs" + d.past_event[7:] + "letter/", "alice"
    ),
    # branch live (issue 11)
    Audited("live", lambda d: d.event + "live/"),
    Audited("past event live", lambda d: d.past_event + "live/"),
    Audited("tracker links as val", lambda d: "/live" + d.event + "trackers/", "val"),
    Audited("tracker phone", lambda d: tracker_link(d.event)),
    # tours (issue 12)
    Audited("impact", lambda d: "/impact/"),
    Audited("tours as alice", lambda d: "/tours/", "alice"),
    Audited("new tour as alice", lambda d: "/tours/new/", "alice"),
    Audited("tour as alice", lambda d: demo_tour(), "alice"),
    # branch screens (issue 9): the timer, results on a phone, the projector, the ceremony
    Audited("timer", lambda d: "/timing" + d.event + "timer/"),
    Audited("results search", lambda d: d.past_event + "results/?q=a"),
    Audited("results projector", lambda d: d.past_event + "results/?view=projector"),
    Audited("review as alice", lambda d: "/timing" + d.past_event + "review/", "alice"),
    Audited("ceremony as alice", lambda d: d.event + "ceremony/", "alice"),
    Audited(
        "course upload for a run as alice",
        lambda d: "/courses/new/?event=" + d.event.split("/")[-2],
        "alice",
    ),
    # branch desk (issue 9): race-day volunteer pages
    Audited("volunteer sign-in", lambda d: "/volunteer/"),
    Audited("volunteer link", lambda d: d.volunteer_link),
    Audited("offline page", lambda d: "/offline/"),
    Audited("volunteer PINs as alice", lambda d: d.event + "volunteers/", "alice"),
    Audited("timer set-up as val", lambda d: "/volunteer" + d.event + "timer/", "val"),
    Audited("event as val (race-day screens)", lambda d: d.event, "val"),
]


def _unsubscribe_url() -> str:
    from memorialmiles.messaging.unsubscribe import token_for

    return f"/messages/unsubscribe/{token_for('someone@example.com')}/"


def agency_link(demo: Demo) -> str:
    """The agency's page of a run planned for a hero of the demo (branch `pipeline`)."""
    from memorialmiles.honors.models import Hero
    from memorialmiles.pipeline.links import make_token
    from memorialmiles.pipeline.services import plan_run

    hero = Hero.objects.awaiting_mile().filter(agency__isnull=False).order_by("pk").first()
    event, _ = plan_run(hero)
    plan = event.plan
    plan.invite_expires_at = plan.created_at + dt.timedelta(days=14)
    plan.save()
    return f"/pipeline/agency/{make_token(plan)}/"


def tracker_link(event_url: str) -> str:
    from memorialmiles.events.models import Event
    from memorialmiles.live.models import Tracker

    event_id = int(event_url.strip("/").split("/")[-1])
    return f"/live/t/{Tracker.create(Event.objects.get(pk=event_id))[1]}/"


def demo_tour() -> str:
    """A tour of the demo's backlog agencies that have coordinates (one solved plan)."""
    import datetime as dt

    from django.contrib.auth.models import User
    from django.test import override_settings

    from memorialmiles.tourplans import services
    from memorialmiles.tourplans.models import Tour

    if tour := Tour.objects.first():
        return tour.get_absolute_url()
    stops = services.backlog_by_agency(
        list(
            services.Hero.objects.awaiting_mile()
            .filter(agency__latitude__isnull=False)
            .values_list("agency_id", flat=True)[:6]
        ),
        [],
    )
    fields = {
        "name": "Demo tour",
        "start_name": "Huntsville",
        "start_lat": 34.73,
        "start_lon": -86.59,
        "start_date": dt.date(2027, 3, 1),
    }
    with override_settings(TOURS_SOLVER_SECONDS=0.3):
        tour = services.create_tour(fields, stops, User.objects.get(username="alice"))
    return tour.get_absolute_url()


# One pass over the DOM; every entry is "element: problem" so the failure reads on its own.
AUDIT_JS = r"""
(phoneWidth) => {
  const problems = [];
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + [...el.classList].join('.');
    const text = (el.innerText || el.value || el.getAttribute('href') || '').trim();
    if (text) s += ' "' + text.replace(/\s+/g, ' ').slice(0, 40) + '"';
    return s;
  };
  const hiddenFromAT = (el) => {
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      if (n.getAttribute('aria-hidden') === 'true' || n.hidden) return true;
      if (n.tagName === 'DETAILS' && !n.open && !el.closest('summary')) return true;
      const cs = getComputedStyle(n);
      if (cs.display === 'none') return true;
    }
    return getComputedStyle(el).visibility === 'hidden';
  };
  const visible = (el) => {
    if (hiddenFromAT(el)) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const byIds = (ids) => ids.split(/\s+/).map((id) => document.getElementById(id))
    .filter(Boolean).map((n) => n.textContent.trim()).join(' ').trim();
  // A small accessible-name computation: aria-labelledby, aria-label, labels, content, alt, title.
  const nameOf = (el) => {
    const by = el.getAttribute('aria-labelledby');
    if (by && byIds(by)) return byIds(by);
    const aria = (el.getAttribute('aria-label') || '').trim();
    if (aria) return aria;
    if (el.labels && el.labels.length) {
      const t = [...el.labels].map((l) => l.textContent.trim()).join(' ').trim();
      if (t) return t;
    }
    if (el.matches('input[type=submit], input[type=button], input[type=reset]')) {
      return (el.value || '').trim();
    }
    if (el.matches('input[type=image]')) return (el.getAttribute('alt') || '').trim();
    if (!el.matches('input, select, textarea')) {
      let text = '';
      const walk = (n) => {
        if (n.nodeType === 3) { text += n.textContent; return; }
        if (n.nodeType !== 1 || n.getAttribute('aria-hidden') === 'true') return;
        if (n.tagName === 'IMG') { text += ' ' + (n.getAttribute('alt') || ''); return; }
        if (n.tagName.toLowerCase() === 'svg') {
          const t = n.querySelector('title');
          text += ' ' + (n.getAttribute('aria-label') || (t ? t.textContent : ''));
          return;
        }
        n.childNodes.forEach(walk);
      };
      walk(el);
      if (text.trim()) return text.trim();
    }
    return (el.getAttribute('title') || '').trim();
  };

  // html lang
  if (!(document.documentElement.getAttribute('lang') || '').trim()) {
    problems.push('html: no lang attribute');
  }

  // one h1
  const h1s = [...document.querySelectorAll('h1')].filter((h) => !hiddenFromAT(h));
  if (h1s.length !== 1) problems.push(`h1: ${h1s.length} on the page, want exactly 1`);

  // landmarks
  const mains = document.querySelectorAll('main, [role=main]');
  if (mains.length !== 1) problems.push(`main: ${mains.length} landmarks, want 1`);
  const banner = [...document.querySelectorAll('header, [role=banner]')].filter(
    (h) => h.getAttribute('role') === 'banner' || !h.closest('article, aside, main, nav, section'));
  if (banner.length !== 1) problems.push(`banner: ${banner.length} landmarks, want 1`);
  const info = [...document.querySelectorAll('footer, [role=contentinfo]')].filter(
    (f) => f.getAttribute('role') === 'contentinfo'
      || !f.closest('article, aside, main, nav, section'));
  if (info.length !== 1) problems.push(`contentinfo: ${info.length} landmarks, want 1`);
  const navs = [...document.querySelectorAll('nav, [role=navigation]')];
  if (!navs.length) problems.push('nav: no navigation landmark');
  const landmarkName = (n) => (n.getAttribute('aria-label') || '').trim()
    || (n.getAttribute('aria-labelledby') && byIds(n.getAttribute('aria-labelledby')));
  navs.filter((n) => !landmarkName(n))
    .forEach((n) => problems.push(`${describe(n)}: navigation has no accessible name`));

  // form controls
  document.querySelectorAll('input, select, textarea').forEach((el) => {
    if (el.type === 'hidden' || hiddenFromAT(el)) return;
    if (!nameOf(el)) problems.push(`${describe(el)} [name=${el.name}]: form control has no label`);
  });

  // ARIA and label references point at something
  document.querySelectorAll('[aria-describedby], [aria-labelledby], [aria-controls], label[for]')
    .forEach((el) => {
      ['aria-describedby', 'aria-labelledby', 'aria-controls', 'for'].forEach((attr) => {
        if (attr === 'for' && el.tagName !== 'LABEL') return;
        (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean).forEach((id) => {
          if (!document.getElementById(id)) {
            problems.push(`${describe(el)}: ${attr} points at #${id}, which is not on the page`);
          }
        });
      });
    });

  // images and inline svg
  document.querySelectorAll('img').forEach((img) => {
    if (!img.hasAttribute('alt')) problems.push(`img[src=${img.getAttribute('src')}]: no alt`);
  });
  document.querySelectorAll('svg').forEach((svg) => {
    if (svg.parentElement && svg.parentElement.closest('svg')) return;  // nested svg
    if (svg.closest('[aria-hidden=true]')) return;
    const pictured = svg.parentElement && svg.parentElement.closest('[role=img]');
    if (pictured && nameOf(pictured)) return;  // the svg is the picture of a named image
    const role = svg.getAttribute('role');
    const title = svg.querySelector(':scope > title');
    const named = (svg.getAttribute('aria-label') || '').trim()
      || (svg.getAttribute('aria-labelledby') && byIds(svg.getAttribute('aria-labelledby')))
      || (title && title.textContent.trim());
    if (role === 'img' && named) return;
    problems.push(`${describe(svg)}${svg.parentElement ? ' in ' + describe(svg.parentElement) : ''}`
      + ': svg neither role="img" with a name nor aria-hidden="true"');
  });

  // links and buttons have names
  document.querySelectorAll('a[href], button, [role=button], input[type=submit]').forEach((el) => {
    if (hiddenFromAT(el)) return;
    if (!nameOf(el)) problems.push(`${describe(el)}: ${el.tagName.toLowerCase()} has no name`);
  });

  // heading levels do not skip
  let previous = 0;
  document.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach((h) => {
    if (hiddenFromAT(h)) return;
    const level = Number(h.tagName[1]);
    if (previous && level > previous + 1) {
      problems.push(`${describe(h)}: heading h${level} follows h${previous}`);
    }
    previous = level;
  });

  // contrast
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const background = (el) => {
    const layers = [];
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.backgroundImage && cs.backgroundImage !== 'none') return null;  // cannot tell
      const bg = parse(cs.backgroundColor);
      if (bg && bg.a > 0) { layers.push(bg); if (bg.a >= 1) break; }
    }
    let colour = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) colour = over(layers[i], colour);
    return colour;
  };
  const luminance = ({ r, g, b }) => {
    const lin = (v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const ownText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  const sample = 'p, a, button, label, .hero-meta, .small, li, td, th, dd, dt, .badge, .eyebrow, '
    + 'summary, legend, span, strong, .button';
  document.querySelectorAll(sample).forEach((el) => {
    if (!visible(el) || !ownText(el) || el.disabled) return;
    const cs = getComputedStyle(el);
    const bg = background(el);
    const fg = parse(cs.color);
    if (!bg || !fg) return;
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      fg.a *= Number(getComputedStyle(n).opacity);  // a faded row fades its text too
    }
    const size = parseFloat(cs.fontSize);
    const bold = Number(cs.fontWeight) >= 700;
    const large = size >= 24 || (bold && size >= 18.66);
    const want = large ? 3 : 4.5;
    const got = ratio(over(fg, bg), bg);
    if (got < want) {
      problems.push(`${describe(el)}: contrast ${got.toFixed(2)}:1 (${cs.color} on `
        + `rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)})), want ${want}:1`);
    }
  });

  // sideways scrolling on a phone, naming what sticks out
  if (phoneWidth) {
    const width = document.documentElement.scrollWidth;
    if (width > phoneWidth) {
      const wide = [...document.querySelectorAll('body *')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.right > phoneWidth + 1 && visible(el) && !el.closest('.table-scroll')
          && !el.classList.contains('skip-link');
      }).slice(0, 5).map(describe);
      problems.push(`page: ${width}px wide at ${phoneWidth}px, sticking out: ${wide.join(', ')}`);
    }
  }
  return problems;
}
"""

# Buttons in main must be thumb-sized on a phone; inline text links are only reported.
TAP_JS = r"""
(minimum) => {
  const small = { buttons: [], links: [] };
  const describe = (el) => (el.tagName.toLowerCase()
    + (el.classList.length ? '.' + [...el.classList].join('.') : '')
    + ' "' + (el.innerText || el.value || '').trim().replace(/\s+/g, ' ').slice(0, 40) + '"');
  document.querySelectorAll('main a[href], main button, main input[type=submit], main summary')
    .forEach((el) => {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') return;
      if (r.height >= minimum) return;
      const isButton = el.matches('.button, button, input[type=submit], summary');
      const inText = !isButton && getComputedStyle(el).display === 'inline';
      (isButton ? small.buttons : small.links).push(
        `${describe(el)}: ${Math.round(r.height)}px high${inText ? ' (inline text link)' : ''}`);
    });
  return small;
}
"""

FOCUS_JS = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const cs = getComputedStyle(el);
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
  const shadow = cs.boxShadow && cs.boxShadow !== 'none';
  let s = el.tagName.toLowerCase();
  if (el.classList.length) s += '.' + [...el.classList].join('.');
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || el.name || '').trim();
  if (text) s += ' "' + text.replace(/\s+/g, ' ').slice(0, 40) + '"';
  return { what: s, visible: outline || shadow, key: el.outerHTML.slice(0, 200) };
}
"""

# Each stop as focus lands on it, and null when focus leaves the page (the walk's end).
RECORD_FOCUS_JS = (
    "() => { const stops = window.__focusStops = [];"
    f" document.addEventListener('focusin', () => stops.push(({FOCUS_JS.strip()})()));"
    " document.addEventListener('focusout', (e) => e.relatedTarget || stops.push(null)); }"
)


@pytest.fixture
def demo(alice, liam, val, charlie, settings, tmp_path) -> Demo:
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.utils import timezone

    from memorialmiles.core.roles import GROUP_NAMES
    from memorialmiles.events import demo as events_demo
    from memorialmiles.events.models import Registration
    from memorialmiles.honors import demo as honors_demo
    from memorialmiles.raceday.pins import make_pin

    settings.DATA_DIR = tmp_path  # the demo command keeps its login file there
    for name in GROUP_NAMES.values():
        Group.objects.get_or_create(name=name)
    call_command("demo", stdout=open(tmp_path / "demo.log", "w"))  # noqa: SIM115
    crumby = honors_demo.crumby()
    past = events_demo.huntsville_run()
    upcoming = events_demo.upcoming_run()
    registration = Registration.objects.filter(event=upcoming).order_by("pk").first()
    # One runner already checked in, so the desk shows both states of a row.
    Registration.objects.filter(pk=registration.pk).update(
        checked_in_at=timezone.now(), checked_in_by=val
    )
    return Demo(
        hero=crumby.get_absolute_url(),
        agency=crumby.agency.get_absolute_url(),
        past_event=past.get_absolute_url(),
        event=upcoming.get_absolute_url(),
        course=past.course.get_absolute_url(),
        registered=registration.get_absolute_url(),
        volunteer_link=make_pin(upcoming, "desk").path,
    )


def signed_in_cookies(live_server) -> dict[str, list[dict]]:
    """A session cookie per persona, made once: a context per page then starts signed in
    without a trip through the login form (the form itself is audited as a page)."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from tests.sessions import session_cookie

    return {
        username: [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session_cookie(User.objects.get(username=username)),
                "url": live_server.url,
            }
        ]
        for username in ("alice", "liam", "val")
    }


def new_page(browser, live_server, viewport: str, cookies: list[dict] | None = None):
    """A fresh context per audited page, so no page inherits another's session or storage."""
    options = PHONE if viewport == "phone" else DESKTOP
    context = browser.new_context(base_url=live_server.url, **options)
    context.set_default_timeout(10_000)
    if cookies:
        context.add_cookies(cookies)
    page = context.new_page()
    page.viewport_name = viewport
    page.in_flight = set()
    # A live stream stays open by design; it is no fetch to wait for.
    page.on(
        "request",
        lambda r: r.resource_type in ("eventsource", "websocket") or page.in_flight.add(r),
    )
    page.on("requestfinished", lambda r: page.in_flight.discard(r))
    page.on("requestfailed", lambda r: page.in_flight.discard(r))
    return page


def open_page(page, audited: Audited, demo: Demo) -> None:
    url = audited.url(demo)
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{audited.name}: {url} answered "
    f"{response.status if response else 'nothing'}"
    settle(page)


def settle(page, quiet_ms: int = 100, at_most_ms: int = 5_000) -> None:
    """Wait until what the page fetched after its load has come back and nothing new has
    started for quiet_ms: the content a script adds is audited too. Playwright's
    "networkidle" waits a fixed 500 ms of quiet, which over 130 pages was a third of this
    file's time; the requests in flight are counted here instead (see new_page)."""
    waited = 0
    quiet = 0
    while waited < at_most_ms and quiet < quiet_ms:
        page.wait_for_timeout(25)
        waited += 25
        quiet = 0 if page.in_flight else quiet + 25


def keyboard_walk(page) -> list[str]:
    """Tab from the top: the skip link comes first and lands in main; every stop shows a ring."""
    problems = []
    # Start from the top of the document, as a keyboard user arriving at the page does (an
    # autofocus field would otherwise move the starting point).
    page.evaluate(
        "() => { window.scrollTo(0, 0); const b = document.body; b.tabIndex = -1; b.focus();"
        " b.removeAttribute('tabindex'); }"
    )
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_JS)
    if not first or "skip-link" not in first["what"]:
        problems.append(f"keyboard: first Tab stop is {first and first['what']}, not the skip link")
    else:
        if not first["visible"]:
            problems.append("skip link: no visible focus indicator")
        box = page.locator(".skip-link").bounding_box()
        if not box or box["x"] < 0 or box["y"] < 0:
            problems.append("skip link: focused but off screen")
        page.keyboard.press("Enter")
        if not page.evaluate("document.activeElement === document.querySelector('main')"):
            problems.append("skip link: Enter does not move focus to main")
    # Every later stop is recorded in the page as focus lands on it, and read back after each
    # ten presses until the walk has come round or left the page (one round trip a stop,
    # where asking after each press took two).
    page.evaluate(RECORD_FOCUS_JS)
    seen = set()
    for _ in range(0, FOCUS_STOPS, 10):
        for _ in range(10):
            page.keyboard.press("Tab")
        stops = page.evaluate("() => window.__focusStops.splice(0)")
        for stop in stops:
            if not stop or stop["key"] in seen:
                return problems
            seen.add(stop["key"])
            if not stop["visible"]:
                problems.append(f"{stop['what']}: focused with no outline or box-shadow")
    return problems


def audit(page, audited: Audited, demo: Demo) -> list[str]:
    phone = page.viewport_name == "phone"
    open_page(page, audited, demo)
    # What a disclosure hides is audited too: someone will open it.
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    problems = page.evaluate(AUDIT_JS, PHONE_WIDTH if phone else 0)
    problems += keyboard_walk(page)
    if phone:
        small = page.evaluate(TAP_JS, MIN_TAP_PX)
        problems += [f"tap target: {b}" for b in small["buttons"]]
        for link in small["links"]:
            print(f"[{audited.name}, phone] small link (reported only): {link}")
    return problems


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}:\n  " + "\n  ".join(problems) for where, problems in found.items())


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_every_page_is_accessible(browser, live_server, demo, viewport):
    """Every page of PAGES, each in a fresh context of its persona; the demo is loaded once
    for all of them (loading it per page made this file a third of CI's time). The failure
    lists every page with its problems, not only the first."""
    cookies = signed_in_cookies(live_server)
    found = {}
    for audited in PAGES:
        page = new_page(browser, live_server, viewport, cookies.get(audited.user))
        try:
            if problems := audit(page, audited, demo):
                found[f"{audited.name} ({viewport}, {page.url})"] = problems
        finally:
            page.context.close()
    assert not found, report(found)


def test_the_audit_covers_each_page_once():
    names = [audited.name for audited in PAGES + ERROR_STATES]
    assert len(names) == len(set(names)), "two audited pages share a name"


ERROR_STATES = [
    Audited("register with errors", lambda d: d.event + "register/"),
    Audited("course upload with errors", lambda d: "/courses/new/", "alice"),
    Audited("bulk register with errors", lambda d: d.event + "bulk/", "alice"),
    Audited("event edit with errors", lambda d: d.event + "edit/", "alice"),
    Audited("agency link with errors", lambda d: agency_link(d)),
    Audited("new tour with errors", lambda d: "/tours/new/", "alice"),
    Audited("volunteer sign-in with a wrong PIN", lambda d: "/volunteer/"),
]

# Empty the page's first posted form and send it past the browser's own checks, so the server
# answers with its error messages.
SUBMIT_EMPTY_JS = """
() => {
  const form = document.querySelector('main form[method=post]');
  form.noValidate = true;
  form.querySelectorAll('input:not([type]), input[type=text], input[type=email], '
    + 'input[type=datetime-local], input[type=number], textarea').forEach((i) => { i.value = ''; });
  form.requestSubmit();
}
"""


def test_forms_stay_accessible_when_they_report_errors(browser, live_server, demo):
    """After a failed submit, the error messages are tied to their fields and fit the screen."""
    cookies = signed_in_cookies(live_server)
    found = {}
    for audited in ERROR_STATES:
        phone = new_page(browser, live_server, "phone", cookies.get(audited.user))
        try:
            open_page(phone, audited, demo)
            with phone.expect_navigation():
                phone.evaluate(SUBMIT_EMPTY_JS)
            phone.wait_for_load_state()
            problems = []
            if phone.locator("main .error, main .errorlist").count() == 0:
                problems.append("no error message after an empty submit")
            if phone.locator("[aria-invalid=true]").count() == 0:
                problems.append("no field marked aria-invalid")
            problems += phone.evaluate(AUDIT_JS, PHONE_WIDTH)
            if problems:
                found[f"{audited.name} (phone)"] = problems
        finally:
            phone.context.close()
    assert not found, report(found)


# Each planted fault, and the words the audit must say about it.
PLANTED = {
    "<h1>Second h1</h1>": "h1: 2 on the page",
    '<input name="planted">': "[name=planted]: form control has no label",
    '<img src="/x.png">': "img[src=/x.png]: no alt",
    '<input name="described" aria-label="Described" aria-describedby="nowhere">': (
        "aria-describedby points at #nowhere"
    ),
    '<svg class="planted"><circle r="3"></circle></svg>': "svg.planted",
    '<a class="planted-empty" href="/x"></a>': "a.planted-empty",
    "<h2>Planted h2</h2><h4>Planted h4</h4>": "heading h4 follows h2",
    '<p style="color:#aaa">Planted grey text</p>': '"Planted grey text": contrast',
    '<div class="planted-wide" style="width:600px">wide</div>': "div.planted-wide",
    '<a class="button planted-small" href="/y" style="min-height:0;height:30px">Small</a>': (
        "tap target: a.button.planted-small"
    ),
    '<a class="planted-ring" href="/z" style="outline:none!important;box-shadow:none!important">'
    "No ring</a>": "a.planted-ring",
}


def test_it_catches_what_it_looks_for(phone):
    """The audit is only worth its silence if it speaks up: plant one of each fault."""
    phone.goto("/about/")
    phone.evaluate(
        "(html) => document.querySelector('main').insertAdjacentHTML('afterbegin', html)",
        "".join(PLANTED),
    )
    phone.evaluate("document.documentElement.removeAttribute('lang')")
    found = phone.evaluate(AUDIT_JS, PHONE_WIDTH)
    found += keyboard_walk(phone)
    found += [f"tap target: {b}" for b in phone.evaluate(TAP_JS, MIN_TAP_PX)["buttons"]]
    report = "\n".join(found)
    for fault, words in [*PLANTED.items(), ("lang", "html: no lang attribute")]:
        assert words in report, f"{fault} went unreported; the audit said:\n{report}"
