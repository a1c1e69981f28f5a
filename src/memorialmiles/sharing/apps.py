from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "memorialmiles.sharing"
    verbose_name = "Share cards"

    def ready(self) -> None:
        from memorialmiles.sharing import signals  # noqa: F401  (connects the receivers)
