from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "memorialmiles.jobs"
    label = "jobs"
    verbose_name = "Background tasks"
