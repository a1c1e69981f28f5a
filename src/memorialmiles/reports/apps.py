from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "memorialmiles.reports"
    label = "reports"
