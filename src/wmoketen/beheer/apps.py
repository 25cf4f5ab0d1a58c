from django.apps import AppConfig


class BeheerConfig(AppConfig):
    name = "wmoketen.beheer"
    verbose_name = "Technisch beheer (back-up, bewaartermijnen)"
