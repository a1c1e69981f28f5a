from django.urls import path

import memorialmiles.core.converters  # noqa: F401  (registers <id:...>)
from memorialmiles.honors import views

urlpatterns = [
    path("heroes/", views.honor_wall, name="honor_wall"),
    path("heroes/export.csv", views.honor_wall_csv, name="honor_wall_csv"),
    path("heroes/<id:hero_id>/", views.hero_detail, name="hero"),
    path("agencies/<id:agency_id>/", views.agency_detail, name="agency"),
    path("states/", views.state_list, name="states"),
    path("states/<str:code>/", views.state_detail, name="state"),
]
