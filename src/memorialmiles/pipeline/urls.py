from django.urls import path

import memorialmiles.core.converters  # noqa: F401  (registers <id:...>)
from memorialmiles.pipeline import batches, views

urlpatterns = [
    path("pipeline/", views.board_view, name="pipeline_board"),
    path("pipeline/heroes/<id:hero_id>/plan/", views.plan_view, name="pipeline_plan"),
    path(
        "pipeline/heroes/<id:hero_id>/registry-only/",
        views.registry_only_view,
        name="pipeline_registry_only",
    ),
    path("pipeline/runs/<id:event_id>/action/", views.action_view, name="pipeline_action"),
    path("pipeline/runs/<id:event_id>/letter/", views.letter_view, name="pipeline_letter"),
    path(
        "pipeline/runs/<id:event_id>/certificates/",
        batches.batch_view,
        name="pipeline_certificates",
    ),
    path(
        "pipeline/runs/<id:event_id>/certificates.zip",
        batches.batch_download,
        name="pipeline_certificates_zip",
    ),
    # The agency's emailed link: the signed token is its only key (see links.py).
    path("pipeline/agency/<slug:invite>/", views.liaison_view, name="pipeline_liaison"),
]
