from django.apps import AppConfig


class SignalenConfig(AppConfig):
    name = "wmoketen.signalen"
    verbose_name = "Signalen en kennisgevingen"
