from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "mend.spaces"
    label = "spaces"
