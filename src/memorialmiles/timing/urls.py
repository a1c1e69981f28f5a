from django.urls import path

import memorialmiles.core.converters  # noqa: F401  (registers <id:...>)
from memorialmiles.timing import views

urlpatterns = [
    path("timing/join/", views.join_page, name="timing_join"),
    path("timing/sw.js", views.service_worker, name="timing_sw"),
    path("timing/events/<id:event_id>/", views.lead, name="timing_lead"),
    path("timing/events/<id:event_id>/timer/", views.timer, name="timing_timer"),
    path("timing/events/<id:event_id>/code/", views.new_join_code, name="timing_new_code"),
    path("timing/events/<id:event_id>/start/", views.set_start, name="timing_set_start"),
    path(
        "timing/events/<id:event_id>/devices/<id:device_id>/revoke/",
        views.revoke_device,
        name="timing_revoke_device",
    ),
    path("timing/events/<id:event_id>/review/", views.review, name="timing_review"),
    path(
        "timing/events/<id:event_id>/corrections/",
        views.add_correction,
        name="timing_add_correction",
    ),
    path("timing/events/<id:event_id>/import/", views.upload, name="timing_import"),
    path("timing/events/<id:event_id>/simulate/", views.simulate, name="timing_simulate"),
    path("events/<id:event_id>/results/", views.results_page, name="timing_results"),
    path("events/<id:event_id>/results.json", views.results_json, name="timing_results_json"),
    path("events/<id:event_id>/results.csv", views.results_csv, name="timing_results_csv"),
    path("events/<id:event_id>/results/<str:bib>/", views.runner_result, name="timing_runner"),
    path(
        "events/<id:event_id>/results/<str:bib>/certificate.pdf",
        views.finisher_certificate,
        name="timing_certificate",
    ),
    path(
        "events/<id:event_id>/dedications/<id:dedication_id>/certificate.pdf",
        views.dedication_certificate,
        name="timing_dedication_certificate",
    ),
]
