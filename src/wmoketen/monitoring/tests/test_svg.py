"""The SVG charts: exact structure (bars, points, boxes, outlier markers, suppressed cells) and accessibility."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from wmoketen.monitoring import svg

NS = {"s": "http://www.w3.org/2000/svg"}


def boom(tekst: str) -> ET.Element:
    return ET.fromstring(tekst)


def test_staafdiagram_een_staaf_per_groep_en_onderdrukt_zonder_staaf():
    wortel = boom(svg.staafdiagram("Cliënten", "Per aanbieder", [
        svg.Staaf("A", 12), svg.Staaf("B", 3, onderdrukt=True), svg.Staaf("C", 24), svg.Staaf("D", None),
    ], ident="g1"))  # fmt: skip
    assert wortel.get("role") == "img"
    assert wortel.get("aria-labelledby") == "g1-titel g1-desc"
    assert wortel.find("s:title", NS).text == "Cliënten"
    assert wortel.find("s:desc", NS).text == "Per aanbieder"
    staven = wortel.findall(".//s:rect[@class='staaf']", NS)
    assert len(staven) == 2
    assert [s.find("s:title", NS).text for s in staven] == ["A: 12", "C: 24"]
    assert float(staven[1].get("width")) == 2 * float(staven[0].get("width"))
    onderdrukt = wortel.findall(".//s:text[@class='onderdrukt']", NS)
    assert [t.text for t in onderdrukt] == ["< 5"]
    assert "3" not in [t.text for t in wortel.iter("{http://www.w3.org/2000/svg}text")]


def test_lijndiagram_punten_en_onderbroken_lijn():
    wortel = boom(svg.lijndiagram("Trend", "Per maand", [
        svg.Staaf("01-24", 10), svg.Staaf("02-24", 12), svg.Staaf("03-24", 2, onderdrukt=True),
        svg.Staaf("04-24", 14), svg.Staaf("05-24", 15),
    ]))  # fmt: skip
    assert len(wortel.findall(".//s:circle[@class='punt']", NS)) == 4
    lijnen = wortel.findall(".//s:polyline[@class='lijn']", NS)
    assert [len(lijn.get("points").split()) for lijn in lijnen] == [2, 2]
    assert [t.text for t in wortel.findall(".//s:text[@class='onderdrukt']", NS)] == ["< 5"]


def test_boxplot_dozen_en_uitschietermarkering():
    wortel = boom(svg.boxplotdiagram("Kosten", "Per aanbieder", [
        svg.Box("A", 1, 2, 3, 4, 5), svg.Box("B", 2, 3, 4, 5, 6),
        svg.Box("C", 10, 20, 30, 40, 50, afwijkend=True), svg.Box("D", 0, 0, 0, 0, 0, onderdrukt=True),
    ]))  # fmt: skip
    assert len(wortel.findall(".//s:rect[@class='doos']", NS)) == 3
    assert len(wortel.findall(".//s:line[@class='mediaan']", NS)) == 3
    assert len(wortel.findall(".//s:line[@class='snor']", NS)) == 3
    afwijkend = wortel.findall(".//s:g[@class='box afwijkend']", NS)
    assert len(afwijkend) == 1
    assert len(wortel.findall(".//s:circle[@class='uitschieter']", NS)) == 1
    assert afwijkend[0].find("s:title", NS).text.endswith("(afwijkend)")
    assert [t.text for t in wortel.findall(".//s:text[@class='onderdrukt']", NS)] == ["< 5"]


def test_tekst_wordt_ontsnapt():
    tekst = svg.staafdiagram("<script>", "x & y", [svg.Staaf("<b>", 1)])
    assert "<script>" not in tekst and "&lt;script&gt;" in tekst and "&amp;" in tekst


def test_grafiek_heeft_zichtbare_titel_as_met_eenheid_en_legenda():
    """Issue 19 item 4: a reader sees what the chart is, in which unit, and what the marks mean."""
    wortel = boom(
        svg.staafdiagram("Gemiddelde kosten", "Per aanbieder", [svg.Staaf("A", 12)], eenheid="euro per cliënt")
    )
    teksten = {t.get("class"): t.text for t in wortel.iter("{http://www.w3.org/2000/svg}text") if t.get("class")}
    assert teksten["grafiektitel"] == "Gemiddelde kosten"
    assert teksten["aslabel"] == "Horizontale as: euro per cliënt"
    assert teksten["legenda"].startswith("Legenda: staaf = euro per cliënt")
    wortel = boom(svg.boxplotdiagram("Kosten", "Per aanbieder", [svg.Box("A", 1, 2, 3, 4, 5)]))
    legenda = wortel.find(".//s:text[@class='legenda']", NS).text
    assert "doos = 25e-75e percentiel" in legenda and "streep = mediaan" in legenda


def test_lange_aanbiedersnaam_wordt_niet_afgekapt():
    naam = "Stichting Thuiszorg en Begeleiding Noord-Limburg (demo)"
    wortel = boom(svg.staafdiagram("Cliënten", "Per aanbieder", [svg.Staaf(naam, 12)]))
    delen = [t.text for t in wortel.iter("{http://www.w3.org/2000/svg}tspan")]
    assert len(delen) == 2 and " ".join(delen) == naam


def test_datatabel_achter_de_grafiek():
    html = svg.datatabel(
        "Toegekend per maand",
        [svg.Staaf("01-26", 51000), svg.Staaf("02-26", 3, onderdrukt=True)],
        fmt=lambda w: f"€ {w / 100:.2f}".replace(".", ","),
        kolommen=("Maand", "Toegekend"),
    )
    tabel = ET.fromstring(html)
    assert tabel.find("caption").text == "Cijfers bij de grafiek: Toegekend per maand"
    assert [th.text for th in tabel.findall("thead/tr/th")] == ["Maand", "Toegekend"]
    rijen = [[c.text for c in tr] for tr in tabel.findall("tbody/tr")]
    assert rijen == [["01-26", "€ 510,00"], ["02-26", "< 5"]]
