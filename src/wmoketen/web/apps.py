from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "wmoketen.web"
    verbose_name = "Webpagina's"
