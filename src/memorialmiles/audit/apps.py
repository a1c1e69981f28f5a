from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "memorialmiles.audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from memorialmiles.audit import tracked

        tracked.register_all()
