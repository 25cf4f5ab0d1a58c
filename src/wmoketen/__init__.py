"""wmoketen: de Wmo-keten van melding tot betaling, voor een regionale samenwerking van gemeenten."""

__version__ = "0.1.0"
