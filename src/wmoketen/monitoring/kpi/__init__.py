"""Each KPI is one small function taking a `Filter` (and a dimension to group by) and returning a `Tabel`."""

from .kosten import afgewezen, kosten_per_client, kosten_per_client_verdeling, kosten_per_maand, plafonds
from .toegang import bezwaren, doorlooptijd, evaluaties, resultaten, verstrekkingsvorm
from .zorg import afloop, clienten, clienten_per_maand, duur, wachttijd, wissels

__all__ = [
    "afgewezen",
    "afloop",
    "bezwaren",
    "clienten",
    "clienten_per_maand",
    "doorlooptijd",
    "duur",
    "evaluaties",
    "kosten_per_client",
    "kosten_per_client_verdeling",
    "kosten_per_maand",
    "plafonds",
    "resultaten",
    "verstrekkingsvorm",
    "wachttijd",
    "wissels",
]
