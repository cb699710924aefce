from django.apps import AppConfig


class PathConfig(AppConfig):
    name = "mend.path"
    label = "path"
    verbose_name = "First steps and the path through repair"
