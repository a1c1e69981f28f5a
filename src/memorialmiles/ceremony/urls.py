from django.urls import path

import memorialmiles.core.converters  # noqa: F401  (registers <id:...>)
from memorialmiles.ceremony import views

urlpatterns = [
    path("events/<id:event_id>/ceremony/", views.ceremony, name="event_ceremony"),
]
