from django.urls import path

from memorialmiles.jobs import views

urlpatterns = [
    path("tasks/failed/", views.failed, name="jobs_failed"),
    path("tasks/<id:job_id>/retry/", views.retry, name="jobs_retry"),
]
