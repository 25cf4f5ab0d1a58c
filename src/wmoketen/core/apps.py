from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wmoketen.core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from . import lookups  # noqa: F401 - registers `__in_lijst` on every field
