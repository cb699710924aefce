from django.apps import AppConfig


class SelftrustConfig(AppConfig):
    name = "mend.selftrust"
    label = "selftrust"
    verbose_name = "Self-trust"
    default_auto_field = "mend.core.ids.RandomBigAutoField"
