from django.apps import AppConfig


class TimingConfig(AppConfig):
    name = "memorialmiles.timing"
    verbose_name = "Timing and results"
