from django.apps import AppConfig


class RacedayConfig(AppConfig):
    name = "memorialmiles.raceday"
    verbose_name = "Race day: volunteers and the check-in desk"
