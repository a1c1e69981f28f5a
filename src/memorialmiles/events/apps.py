from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "memorialmiles.events"
    label = "events"
    verbose_name = "Memorial runs"
