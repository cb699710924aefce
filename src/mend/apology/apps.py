from django.apps import AppConfig


class ApologyConfig(AppConfig):
    name = "mend.apology"
    label = "apology"
    verbose_name = "Apology studio"
