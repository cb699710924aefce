from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "mend.safety"
    label = "safety"
    verbose_name = "Safety"
