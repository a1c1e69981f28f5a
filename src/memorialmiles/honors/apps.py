from django.apps import AppConfig


class HonorsConfig(AppConfig):
    name = "memorialmiles.honors"
    label = "honors"
    verbose_name = "Honor roll"
