from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "mend.privacy"
    label = "privacy"
    verbose_name = "Privacy: a person's data rights"
