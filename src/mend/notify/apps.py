from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "mend.notify"
    label = "notify"
    verbose_name = "Notifications"
    default_auto_field = "mend.core.ids.RandomBigAutoField"
