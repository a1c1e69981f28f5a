from django.urls import path

import memorialmiles.core.converters  # noqa: F401  (registers <id:...>)
from memorialmiles.courses import views

urlpatterns = [
    path("courses/", views.course_list, name="courses"),
    path("courses/new/", views.course_upload, name="course_upload"),
    path("courses/<id:course_id>/", views.course_detail, name="course"),
    path("courses/<id:course_id>/course.<str:fmt>", views.course_download, name="course_download"),
]
