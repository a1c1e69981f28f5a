from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "memorialmiles.pipeline"
    label = "pipeline"
    verbose_name = "Mile pipeline"
