"""Conversion from the page, with four eyes: one functioneel beheerder uploads a definition (its dry run starts in
the background), another reviews the dry run and starts the real run, which runs as a task with its progress on
the page. The command line (`wmoketen conversie ...`) stays for the operator.

Each step checks the version (the definition's SHA-256): what is started is exactly what was dry-run and reviewed.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from wmoketen.accounts.models import Gebruiker
from wmoketen.accounts.vierogen import andere_persoon_fout
from wmoketen.taken.models import TaakStatus
from wmoketen.taken.services import aanbieden, opnieuw_aanbieden

from ..models import Conversie, Conversierun, RunSoort, RunStatus
from .definitie import GelezenDefinitie
from .selectie import ConversieFout, regio_van
from .uitvoering import conversie_registreren, definitie_van


def _beheerder_van(door: Gebruiker, regio_id: int, regio_naam: str) -> None:
    if not door.is_functioneel_beheer:
        raise ConversieFout("Alleen functioneel beheer levert conversies aan en start ze.")
    if door.regio_id != regio_id:
        raise ConversieFout(f"Deze conversie hoort bij regio {regio_naam}; u beheert een andere regio.")


def gelezen_van(conversie: Conversie) -> GelezenDefinitie:
    """The stored definition as the run reads it (the validated content and its hash)."""
    return GelezenDefinitie(pad=Path(conversie.bestand), inhoud=definitie_van(conversie), sha256=conversie.sha256)


@transaction.atomic
def definitie_aanleveren(*, gelezen: GelezenDefinitie, door: Gebruiker) -> Conversie:
    """Store an uploaded definition and start its dry run. Refused for another region, for a code of another
    region, and while a run of another version of this conversion is unfinished."""
    from ..tasks import conversie_proefdraai

    regio = regio_van(gelezen.inhoud)
    _beheerder_van(door, regio.pk, regio.naam)
    bestaand = Conversie.objects.select_for_update().filter(code=gelezen.inhoud.code).first()
    if bestaand is not None and bestaand.regio_id != regio.pk:
        raise ConversieFout(f"De code {gelezen.inhoud.code!r} is al in gebruik in een andere regio.")
    onaf = Conversierun.objects.filter(conversie__code=gelezen.inhoud.code, soort=RunSoort.ECHT).exclude(
        status=RunStatus.KLAAR
    )
    if onaf.exclude(sha256=gelezen.sha256).exists():
        raise ConversieFout(
            f"Conversie {gelezen.inhoud.code} heeft een onafgemaakte run met een andere versie van de definitie; "
            "maak die eerst af."
        )
    conversie = conversie_registreren(gelezen=gelezen)
    conversie.aangeleverd_door = door
    conversie.taak = aanbieden(
        conversie_proefdraai,
        kwargs={"code": conversie.code, "sha256": gelezen.sha256, "door_id": door.pk},
        titel=f"Proefdraai conversie {conversie.code}",
        door=door,
        regio=regio,
    )
    conversie.save(update_fields=["aangeleverd_door", "taak"])
    return conversie


def vier_ogen_fout(*, conversie: Conversie, door: Gebruiker) -> str | None:
    """Why `door` may not start what was uploaded (None if they may): the uploader never starts their own upload,
    and the starting account must verifiably be another person (accounts.vierogen: it predates the upload with its
    current rights, and the two accounts did not get their rights from each other or from the same beheerder)."""
    if conversie.aangeleverd_door is None:
        return "Deze definitie is via de opdrachtregel geladen; lever haar hier aan om haar te starten."
    if conversie.aangeleverd_door_id == door.pk:
        return "Vier ogen: wie de definitie aanleverde, start de conversie niet zelf."
    return andere_persoon_fout(
        voorsteller=conversie.aangeleverd_door, goedkeurder=door, werk_sinds=conversie.geladen_op
    )


@transaction.atomic
def conversie_starten(*, conversie: Conversie, sha256: str, door: Gebruiker) -> Conversie:
    """The second beheerder starts the run of the version whose dry run they reviewed (four eyes)."""
    from ..tasks import conversie_uitvoeren

    # only the regio (an inner join): PostgreSQL cannot lock the nullable side of an outer join (aangeleverd_door)
    conversie = Conversie.objects.select_for_update(of=("self",)).select_related("regio").get(pk=conversie.pk)
    _beheerder_van(door, conversie.regio_id, conversie.regio.naam)
    if sha256 != conversie.sha256:
        raise ConversieFout("De definitie is vervangen sinds u de proefdraai bekeek; bekijk de nieuwe proefdraai.")
    fout = vier_ogen_fout(conversie=conversie, door=door)
    if fout is not None:
        raise ConversieFout(fout)
    if not conversie.runs.filter(soort=RunSoort.PROEF, sha256=sha256).exists():
        raise ConversieFout("Er is nog geen proefdraai van deze versie; wacht tot die klaar is.")
    if conversie.runs.filter(soort=RunSoort.ECHT, sha256=sha256, status=RunStatus.KLAAR).exists():
        raise ConversieFout("Deze versie is al uitgevoerd.")
    taak = aanbieden(
        conversie_uitvoeren,
        kwargs={
            "code": conversie.code,
            "sha256": sha256,
            "aangeleverd_door_id": conversie.aangeleverd_door_id,
            "gestart_door_id": door.pk,
        },
        titel=f"Conversie {conversie.code} uitvoeren",
        door=door,
        regio=conversie.regio,
        sleutel=f"conversie:{conversie.code}:{sha256}",  # one run task per version
    )
    if taak.status in (TaakStatus.WACHTEND, TaakStatus.BEZIG, TaakStatus.OPNIEUW) and taak.aangeboden_op:
        raise ConversieFout("Deze conversie loopt al.")
    if taak.status in (TaakStatus.DOOD, TaakStatus.AFGEHANDELD, TaakStatus.KLAAR) and taak.aangeboden_op:
        taak = opnieuw_aanbieden(taak=taak)  # resume an interrupted run
    conversie.taak = taak
    conversie.save(update_fields=["taak"])
    return conversie
