from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "memorialmiles.core"
    label = "core"
    verbose_name = "Site and roles"

    def ready(self) -> None:
        from memorialmiles.core import freshness

        freshness.install()  # every write moves the version cached pages are kept under
