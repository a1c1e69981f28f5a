from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "memorialmiles.support"
    verbose_name = "Grants and gifts"
