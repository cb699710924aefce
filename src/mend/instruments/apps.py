from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "mend.instruments"
    label = "instruments"
    verbose_name = "Questionnaires (instruments)"
    default_auto_field = "mend.core.ids.RandomBigAutoField"
