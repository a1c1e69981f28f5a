from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "memorialmiles.courses"
    label = "courses"
    verbose_name = "Courses"
