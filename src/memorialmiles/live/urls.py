from django.urls import path

import memorialmiles.core.converters  # noqa: F401  (registers <id:...>)
from memorialmiles.live import views

urlpatterns = [
    path("live/events/<id:event_id>/trackers/", views.trackers, name="live_trackers"),
    path("live/events/<id:event_id>/trackers/new/", views.tracker_new, name="live_tracker_new"),
    path(
        "live/events/<id:event_id>/trackers/<id:tracker_id>/revoke/",
        views.tracker_revoke,
        name="live_tracker_revoke",
    ),
    path("live/events/<id:event_id>/track/", views.track_publish, name="live_track_publish"),
    path("live/t/<slug:tracker_token>/", views.tracker_page, name="live_tracker_page"),
    path("events/<id:event_id>/live/", views.live_page, name="live"),
    path("events/<id:event_id>/live/stream", views.live_stream, name="live_stream"),
    path("events/<id:event_id>/live.json", views.live_json, name="live_json"),
]
