from django.apps import AppConfig


class TourplansConfig(AppConfig):
    name = "memorialmiles.tourplans"
    label = "tourplans"
    verbose_name = "Tours"
