"""wmoketen: de Wmo-keten van melding tot betaling, voor een regionale samenwerking van gemeenten."""

from .celery import app as celery_app

__version__ = "0.1.0"
__all__ = ["celery_app"]
