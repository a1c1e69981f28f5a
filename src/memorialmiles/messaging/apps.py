from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "memorialmiles.messaging"
    label = "messaging"
    verbose_name = "Messages"

    def ready(self) -> None:
        from memorialmiles.messaging import signals  # noqa: F401
