from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "memorialmiles.sharing"
    verbose_name = "Share cards"
