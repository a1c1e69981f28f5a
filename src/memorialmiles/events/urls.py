from django.urls import path

import memorialmiles.core.converters  # noqa: F401  (registers <id:...>)
from memorialmiles.events import views

# Secrets in a path are token_urlsafe: `<slug:...>` is exactly that alphabet, so a NUL or any
# other character answers 404 in the resolver, before a query.
urlpatterns = [
    path("events/", views.event_list, name="events"),
    path("events/calendar.ics", views.calendar_feed, name="events_calendar"),
    path("events/<id:event_id>/", views.event_detail, name="event"),
    path("events/shared/<slug:key>/", views.event_share, name="event_share"),
    path(
        "events/<id:event_id>/share/rotate/",
        views.event_share_rotate,
        name="event_share_rotate",
    ),
    path("events/<id:event_id>.ics", views.event_ics, name="event_ics"),
    path("events/<id:event_id>/register/", views.event_register, name="event_register"),
    path(
        "events/<id:event_id>/registered/<slug:token>/",
        views.registration_confirmed,
        name="registration_confirmed",
    ),
    path(
        "events/<id:event_id>/registered/<slug:token>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("events/<id:event_id>/bibs/assign/", views.event_assign_bibs, name="event_assign_bibs"),
    path("events/<id:event_id>/silence/", views.silence, name="event_silence"),
    path("events/<id:event_id>/desk/", views.desk, name="event_desk"),
    path(
        "events/<id:event_id>/desk/<id:registration_id>/check-in/",
        views.desk_check_in,
        name="event_check_in",
    ),
    path("events/<id:event_id>/edit/", views.event_edit, name="event_edit"),
    path("events/<id:event_id>/status/", views.event_status, name="event_status"),
    path(
        "events/<id:event_id>/registrations/",
        views.registrations_list,
        name="event_registrations",
    ),
    path("events/<id:event_id>/bulk/", views.bulk_register, name="event_bulk"),
    path("events/<id:event_id>/start-list.pdf", views.start_list_pdf, name="event_start_list"),
    path("events/<id:event_id>/bibs.pdf", views.bib_labels_pdf, name="event_bibs"),
    path("heroes/<id:hero_id>/plan-mile/", views.plan_mile_view, name="plan_mile"),
    path("backlog/", views.backlog, name="backlog"),
]
