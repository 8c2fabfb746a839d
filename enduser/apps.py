from django.apps import AppConfig


class EnduserConfig(AppConfig):
    name = "enduser"
    verbose_name = "End User List"
