from django.urls import path

import memorialmiles.core.converters  # noqa: F401  (registers <id:...>)
from memorialmiles.raceday import views

urlpatterns = [
    path("sw.js", views.service_worker, name="raceday_sw"),
    path("offline/", views.offline, name="raceday_offline"),
    path("volunteer/", views.home, name="raceday_home"),
    path("volunteer/join/<slug:token>/", views.link, name="raceday_link"),
    path("volunteer/events/<id:event_id>/leave/", views.leave, name="raceday_leave"),
    path("volunteer/events/<id:event_id>/timer/", views.timer, name="raceday_timer"),
    path("events/<id:event_id>/volunteers/", views.pins_page, name="raceday_pins"),
    path(
        "events/<id:event_id>/volunteers/pins/<id:pin_id>/revoke/",
        views.revoke_pin,
        name="raceday_revoke_pin",
    ),
    path(
        "events/<id:event_id>/volunteers/phones/<id:pass_id>/revoke/",
        views.revoke_pass,
        name="raceday_revoke_pass",
    ),
]
