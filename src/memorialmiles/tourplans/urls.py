from django.urls import path

import memorialmiles.core.converters  # noqa: F401 - registers <id:...>
from memorialmiles.tourplans import views

urlpatterns = [
    path("tours/", views.tour_list, name="tours"),
    path("tours/new/", views.tour_new, name="tour_new"),
    path("tours/<id:tour_id>/", views.tour_detail, name="tour"),
    path("tours/<id:tour_id>/stops/<id:stop_id>/", views.tour_stop, name="tour_stop"),
    path("tours/<id:tour_id>/propose/", views.tour_propose, name="tour_propose"),
    path("tours/<id:tour_id>/tour.ics", views.tour_ics, name="tour_ics"),
    path("tours/<id:tour_id>/tour.csv", views.tour_csv, name="tour_csv"),
]
