"""Every level-2 rule: the valid example passes, one mutation gives exactly that code, retourcode and path."""

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from wmoketen.berichten.codec import Bericht, BerichtSoort, build
from wmoketen.berichten.codec.model.basis import (
    BedragMetDC,
    GeslotenPeriode,
    Omvang,
    Product,
    Referentie,
    TotaalBedragMetDC,
    VolledigeNaam,
)
from wmoketen.berichten.rules import REGISTRY, Niveau, validate

from . import factories as f

TP = f.toegewezen_product
P = f.prestatie


def _wmo301_naam_gebruik_6() -> Bericht:
    bericht = f.wmo301_bericht()
    naam: VolledigeNaam = replace(bericht.client.naam, naam_gebruik="6")
    return replace(bericht, client=replace(bericht.client, naam=naam))


def _wmo301_zonder_basisadres() -> Bericht:
    bericht = f.wmo301_bericht()
    contacten = tuple(replace(c, soort="04") for c in bericht.client.contactgegevens)
    return replace(bericht, client=replace(bericht.client, contactgegevens=contacten))


def _wmo301_contact_zonder_telefoon_of_adres() -> Bericht:
    bericht = f.wmo301_bericht()
    (eerste, tweede) = bericht.client.contactgegevens
    contacten = (eerste, replace(tweede, telefoon=None, emailadres="a@example.invalid"))
    return replace(bericht, client=replace(bericht.client, contactgegevens=contacten))


def _wmo301_taal_zonder_tolk() -> Bericht:
    bericht = f.wmo301_bericht()
    assert bericht.client.communicatie is not None
    return replace(bericht, client=replace(bericht.client, communicatie=replace(bericht.client.communicatie, vorm="2")))


def _wmo301_periode_bij_basisadres() -> Bericht:
    bericht = f.wmo301_bericht()
    (eerste, tweede) = bericht.client.contactgegevens
    contacten = (eerste, replace(tweede, soort="03"))
    return replace(bericht, client=replace(bericht.client, contactgegevens=contacten))


def _wmo305_bsn_zonder_elfproef() -> Bericht:
    bericht = f.wmo305_bericht()
    return replace(bericht, client=replace(bericht.client, bsn="999990001"))


def _wmo317(**changes: object) -> Bericht:
    return f.wmo317_bericht(f.verzoek(**changes))


def _wmo323_totaal(bedrag: int) -> Bericht:
    return f.wmo323_bericht(totaal_bedrag=TotaalBedragMetDC(totaal_bedrag=bedrag, debet_credit="D"))


def _wmo323_periode(begin: date, eind: date) -> Bericht:
    bericht = f.wmo323_bericht()
    declaratie = replace(bericht.declaratie, declaratie_periode=GeslotenPeriode(begindatum=begin, einddatum=eind))
    return replace(bericht, declaratie=declaratie)


PRESTATIE = "/Bericht/Declaratie/Clienten/Client/Prestaties/Prestatie"
TOEGEWEZEN = "/Bericht/Client/ToegewezenProducten/ToegewezenProduct"
AANGEVRAAGD = "/Bericht/Client/AangevraagdeProducten/AangevraagdProduct"
BUDGET = {"product": Product(categorie="02"), "omvang": None, "budget": 50000}

CASES: list[tuple[str, Callable[[], Bericht], str]] = [
    ("CS002", _wmo305_bsn_zonder_elfproef, "/Bericht/Client/Bsn"),
    ("CS338", lambda: f.wmo301_bericht(TP(omvang=Omvang(volume=2, eenheid="16", frequentie="1"), einddatum=None)),
     f"{TOEGEWEZEN}/Omvang/Frequentie"),
    ("CS338", lambda: f.wmo315_bericht(f.aangevraagd_product(omvang=Omvang(volume=1, eenheid="14", frequentie="1"))),
     f"{AANGEVRAAGD}/Omvang/Frequentie"),
    ("CD075", lambda: f.wmo301_bericht(TP(**BUDGET, einddatum=None)), f"{TOEGEWEZEN}/Budget"),
    ("CD076", lambda: f.wmo301_bericht(TP(einddatum=None)), f"{TOEGEWEZEN}/Omvang/Frequentie"),
    ("CD076", lambda: f.wmo315_bericht(f.aangevraagd_product(toewijzing_einddatum=None)),
     f"{AANGEVRAAGD}/Omvang/Frequentie"),
    ("CD078", lambda: f.wmo301_bericht(TP(budget=50000)), f"{TOEGEWEZEN}/Omvang"),
    ("CD041", lambda: f.wmo301_bericht(TP(omvang=None)), f"{TOEGEWEZEN}/Product/Code"),
    ("CD080", lambda: f.wmo301_bericht(TP(product=Product(categorie="02"))), f"{TOEGEWEZEN}/Omvang"),
    ("CD079", lambda: f.wmo301_bericht(TP(product=None, omvang=None)), TOEGEWEZEN),
    ("CS335", lambda: f.wmo301_bericht(TP(reden_wijziging="13")), f"{TOEGEWEZEN}/RedenWijziging"),
    ("CS336", lambda: f.wmo301_bericht(TP(reden_wijziging="01")), f"{TOEGEWEZEN}/RedenWijziging"),
    ("CD007", _wmo301_taal_zonder_tolk, "/Bericht/Client/Communicatie"),
    ("CD009", _wmo301_periode_bij_basisadres, "/Bericht/Client/Contactgegevens/Contact[2]/Periode"),
    ("CS318", _wmo301_naam_gebruik_6, "/Bericht/Client/Naam/NaamGebruik"),
    ("TR061", _wmo301_zonder_basisadres, "/Bericht/Client/Contactgegevens"),
    ("TR006", _wmo301_contact_zonder_telefoon_of_adres, "/Bericht/Client/Contactgegevens/Contact[2]"),
    ("CS058", lambda: f.wmo305_bericht(f.start_product(status_aanlevering="2")),
     "/Bericht/Client/StartProducten/StartProduct/StatusAanlevering"),
    ("TR018", lambda: f.wmo307_bericht(f.stop_product(einddatum=date(2025, 3, 2))),
     "/Bericht/Client/StopProducten/StopProduct/Einddatum"),
    ("CD043", lambda: f.wmo315_bericht(f.aangevraagd_product(beschikking_ingangsdatum=None)), AANGEVRAAGD),
    ("TR383", lambda: f.wmo315_bericht(f.aangevraagd_product(), f.aangevraagd_product()),
     f"{AANGEVRAAGD}[2]/ReferentieAanbieder"),
    ("TR352", lambda: _wmo317(ongewijzigde_producten=(), te_wijzigen_producten=()), "/Bericht/Client/Verzoek"),
    ("TR353", lambda: _wmo317(te_wijzigen_producten=(), nieuwe_producten=()), "/Bericht/Client/Verzoek"),
    ("CD085", lambda: f.wmo319_bericht(reden_afwijzing_verzoek=None), "/Bericht/Antwoord/VerzoekAntwoord"),
    ("CD086", lambda: f.wmo319_bericht(verzoek_antwoord="2"), "/Bericht/Antwoord/RedenAfwijzingVerzoek"),
    ("TR358", lambda: _wmo323_totaal(24001), "/Bericht/Declaratie/TotaalIngediendBedrag"),
    ("CD087", lambda: f.wmo323_bericht(P(product_tarief=None)), f"{PRESTATIE}/Eenheid"),
    ("CD087", lambda: f.wmo323_bericht(P(eenheid="83", geleverd_volume=24000)), f"{PRESTATIE}/Eenheid"),
    ("CS339", lambda: f.wmo323_bericht(P(eenheid="83", product_tarief=None, geleverd_volume=100)),
     f"{PRESTATIE}/IngediendBedrag"),
    ("CS325", lambda: f.wmo323_bericht(
        P(geleverd_volume=0, ingediend_bedrag=BedragMetDC(bedrag=0, debet_credit="C"),
          product_referentie=Referentie(referentie_nummer="P2", vorig_referentie_nummer="P1"))),
     f"{PRESTATIE}/IngediendBedrag"),
    ("CS337", lambda: f.wmo323_bericht(P(product_periode=GeslotenPeriode(begindatum=date(2025, 3, 1),
                                                                          einddatum=date(2025, 4, 1)))),
     f"{PRESTATIE}/ProductPeriode"),
    ("CS340", lambda: _wmo323_periode(date(2025, 3, 1), date(2025, 3, 30)), "/Bericht/Declaratie/DeclaratiePeriode"),
    ("CS100", lambda: f.wmo323_bericht(P(product_periode=GeslotenPeriode(begindatum=date(2020, 12, 1),
                                                                          einddatum=date(2020, 12, 31)))),
     f"{PRESTATIE}/ProductPeriode"),
    ("CD060", lambda: f.wmo323_bericht(P(product_referentie=Referentie(referentie_nummer="P2",
                                                                        vorig_referentie_nummer="P1"))),
     f"{PRESTATIE}/ProductReferentie"),
]  # fmt: skip


@pytest.mark.parametrize(("code", "make", "path"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_finds_exactly_its_violation(code: str, make: Callable[[], Bericht], path: str) -> None:
    result = validate(build(make()))
    assert [(x.code, x.retourcode, x.pad, x.niveau) for x in result.findings] == [(code, "0001", path, 2)]


def test_every_level2_rule_has_a_case() -> None:
    level2 = {r.code for r in REGISTRY if r.niveau == Niveau.BERICHT}
    assert level2 == {code for code, _, _ in CASES}


@pytest.mark.parametrize("soort", list(BerichtSoort), ids=lambda s: s.label)
def test_examples_are_valid(soort: BerichtSoort) -> None:
    assert validate(build(f.all_examples()[soort])).findings == []


def test_finding_reads_as_code_retourcode_explanation_path() -> None:
    (finding,) = validate(build(f.wmo301_bericht(TP(reden_wijziging="01")))).findings
    assert str(finding) == (
        "CS336 0001: RedenWijziging 01 (administratieve correctie, vervallen) mag niet meer gebruikt worden; "
        "gebruik 13 of 14. (/Bericht/Client/ToegewezenProducten/ToegewezenProduct/RedenWijziging)"
    )


def test_tr358_counts_credit_as_negative() -> None:
    debet = P()
    credit = P(
        product_referentie=Referentie(referentie_nummer="P2", vorig_referentie_nummer="P0"),
        ingediend_bedrag=BedragMetDC(bedrag=24000, debet_credit="C"),
    )
    nul = TotaalBedragMetDC(totaal_bedrag=0, debet_credit="D")
    assert validate(build(f.wmo323_bericht(debet, credit, totaal_bedrag=nul))).findings == []
    fout = TotaalBedragMetDC(totaal_bedrag=48000, debet_credit="D")
    (finding,) = validate(build(f.wmo323_bericht(debet, credit, totaal_bedrag=fout))).findings
    assert finding.uitleg.endswith("Opgegeven 48000, som van de prestaties 0 (eurocent).")


def test_xsd_error_stops_before_level_two() -> None:
    data = build(f.wmo301_bericht(TP(reden_wijziging="01"))).replace(b">414<", b">999<")
    result = validate(data)
    assert [(x.code, x.retourcode, x.niveau) for x in result.findings] == [("XSD", "-", 1)]
    assert result.findings[0].pad == "/Bericht/Header/BerichtCode"
