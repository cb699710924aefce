from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "mend.screening"
    label = "screening"
    verbose_name = "Screening: red flags and the safety screen"
    default_auto_field = "mend.core.ids.RandomBigAutoField"
