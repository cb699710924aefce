from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "mend.ops"
    label = "ops"
    verbose_name = "Operations: backup, restore and static files"
