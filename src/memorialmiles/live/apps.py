from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "memorialmiles.live"
    verbose_name = "Live tracking"

    def ready(self) -> None:
        from memorialmiles.live import hooks  # noqa: F401  (timing's results reach the stream)
