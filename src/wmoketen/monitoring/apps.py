from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "wmoketen.monitoring"
    verbose_name = "Contractmanagement en monitoring"
