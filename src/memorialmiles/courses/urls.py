from django.urls import path

from memorialmiles.courses import views

urlpatterns = [
    path("courses/<int:course_id>/", views.course_detail, name="course"),
]
