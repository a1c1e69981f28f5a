from django.urls import path

import memorialmiles.core.converters  # noqa: F401 - registers <id:...>
from memorialmiles.reports import views

urlpatterns = [
    path("impact/", views.impact_page, name="impact"),
    path("impact/report/<id:year>.pdf", views.annual_report, name="annual_report"),
]
