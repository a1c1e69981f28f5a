from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "memorialmiles.core"
    label = "core"
    verbose_name = "Site and roles"
