from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "mend.inbox"
    label = "inbox"
    verbose_name = "What needs you"
