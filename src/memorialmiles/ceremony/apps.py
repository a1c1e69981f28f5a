from django.apps import AppConfig


class CeremonyConfig(AppConfig):
    name = "memorialmiles.ceremony"
    verbose_name = "Ceremony"
