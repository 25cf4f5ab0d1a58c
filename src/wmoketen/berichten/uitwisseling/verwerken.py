"""One run of the exchange (`wmoketen exchange run`): send pending 301s, hand stored outgoing messages to the
transport, and receive every waiting file in the inbox of every party this system serves, until quiet.
Idempotent and exactly once: a file is moved out of the inbox only after its database work has committed; a
worker that dies in between leaves the file, and the next run finds the stored message by (party, direction,
SHA-256) and only moves it. Parallel workers on the same inbox are safe for the same reason (the unique
constraint `bericht_eenmaal_per_partij` decides; the loser skips the file the winner moved)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings

from wmoketen.catalogus.models import Gemeente
from wmoketen.contracten.models import Aanbieder

from ..codec import BerichtError
from ..constants import Kanaal
from .ontvangen import BerichtGeweigerd, bericht_ontvangen
from .transport import Aflevering, Transport, transport
from .verzenden import afleveren_open


@dataclass
class Verslag:
    verzonden_301: int = 0
    ontvangen: int = 0
    dubbel: int = 0
    geweigerd: list[str] = field(default_factory=list)
    fouten: list[str] = field(default_factory=list)

    def samenvatting(self) -> str:
        return (
            f"{self.verzonden_301} toewijzingsbericht(en) verzonden, {self.ontvangen} bericht(en) ontvangen, "
            f"{self.dubbel} dubbel (genegeerd), {len(self.geweigerd)} geweigerd"
        )


def eigen_partijen() -> set[str]:
    """Parties whose inbox this system processes: every municipality and provider it knows, except those with
    their own iWmo software (setting WMOKETEN_EXTERNE_PARTIJEN)."""
    extern = set(settings.WMOKETEN_EXTERNE_PARTIJEN)
    codes = set(Gemeente.objects.values_list("cbs_code", flat=True)) | set(
        Aanbieder.objects.values_list("agb_code", flat=True)
    )
    return codes - extern


def uitwisseling_verwerken(*, via: Transport | None = None, max_rondes: int = 10) -> Verslag:
    """Everything in one process, in rounds until quiet (`wmoketen exchange run`). The worker does the same work
    as separate tasks (berichten/tasks.py): one per file, with the same `aflevering_verwerken`."""
    from ..services import openstaande_301_verzenden

    t = via or transport()
    verslag = Verslag()
    verslag.verzonden_301, verslag.fouten = openstaande_301_verzenden()
    afleveren_open()
    eigen = eigen_partijen()
    for _ in range(max_rondes):
        verwerkt = 0
        for partij in t.partijen():
            if partij not in eigen:
                continue
            for aflevering in t.postvak_in(partij):
                verwerkt += 1
                uitkomst, reden = aflevering_verwerken(t, aflevering)
                if uitkomst == NIEUW:
                    verslag.ontvangen += 1
                elif uitkomst == DUBBEL:
                    verslag.dubbel += 1
                elif uitkomst == GEWEIGERD:
                    verslag.geweigerd.append(f"{partij}/in/{aflevering.naam}: {reden}")
                afleveren_open()  # the retour goes out now, also when on_commit has not fired (tests, nesting)
        if not verwerkt:
            break
    return verslag


NIEUW, DUBBEL, GEWEIGERD, WEG = "nieuw", "dubbel", "geweigerd", "weg"


def aflevering_verwerken(t: Transport, aflevering: Aflevering) -> tuple[str, str]:
    """Receive one waiting file and move it out of the inbox: (NIEUW | DUBBEL | GEWEIGERD | WEG, reason).

    The file is moved only after the database work has committed (`bericht_ontvangen` commits before it
    returns). Any other exception (a bug, a lost database connection) leaves the file where it is: the caller
    fails loudly and a later run or attempt finds it again."""
    try:
        ontvangst = bericht_ontvangen(
            data=t.lees(aflevering), kanaal=Kanaal.BESTAND, partij=aflevering.partij, bestandsnaam_bron=aflevering.naam
        )
    except FileNotFoundError:
        return WEG, "al door een andere worker verwerkt"
    except (BerichtGeweigerd, BerichtError) as exc:
        t.geweigerd(aflevering, str(exc))
        return GEWEIGERD, str(exc)
    t.verwerkt(aflevering)
    return (NIEUW, "") if ontvangst.nieuw else (DUBBEL, "")
