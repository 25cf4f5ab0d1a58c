#!/usr/bin/env python3
"""Screenshots of the main page of each role in the demo (issue 19; docs/weergave.md): PNG, docs/schermafbeeldingen/.

    .venv/bin/python tools/schermafbeeldingen.py [--regio CODE] [--alleen ROL,...]

Builds the demo in a temporary folder (its own SQLite database; var/ and the real demo are not touched), serves it
on a free local port, signs in as the first demo user of each role through the real forms (password and second
factor), opens the start page "/" leads to and saves a 1280 px wide screenshot of the whole page. Needs Chromium
(/usr/bin/chromium) and Playwright (in the dev dependencies). One extra screenshot shows a region with its own theme
(instellingen.weergave.thema) for the consultant of that region. Rerun after a change to the look and commit the
PNGs with it.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOEL = ROOT / "docs" / "schermafbeeldingen"
CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
BREEDTE, HOOGTE = 1280, 900
THEMA_REGIO = "limburg-noord-2022"  # ships a theme (regions/themas/limburg-noord.css)
STANDAARD_REGIO = "midden-limburg-west-2018"


def _django(tmp: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "wmoketen.conf.demo"
    os.environ["WMOKETEN_VAR_DIR"] = str(tmp)
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'demo.sqlite3'}"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
    os.environ.setdefault("WMOKETEN_LOGNIVEAU", "WARNING")
    import django

    django.setup()


def _server() -> tuple[str, Any]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Stil(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Stil, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def _aanmelden(page: Any, basis: str, gebruiker: Any) -> None:
    from wmoketen.accounts.demo import DEMO_WACHTWOORD
    from wmoketen.accounts.tweefactor import volgende_code

    page.context.clear_cookies()
    page.goto(f"{basis}/aanmelden/")
    page.fill("#id_username", gebruiker.username)
    page.fill("#id_password", DEMO_WACHTWOORD)
    page.click("main button[type=submit]")
    gebruiker.refresh_from_db(fields=["totp_geheim", "totp_laatste_stap"])
    code = volgende_code(gebruiker.totp_geheim, na_stap=gebruiker.totp_laatste_stap)
    page.fill("#id_code", code)
    page.click("main button[type=submit]")
    if "/aanmelden/" in page.url:
        raise SystemExit(f"aanmelden als {gebruiker.username} mislukt")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regio", default=STANDAARD_REGIO, help="de regio van de gebruikers (code)")
    parser.add_argument("--alleen", default="", help="alleen deze rollen (komma's)")
    args = parser.parse_args(argv[1:])
    chromium = next((p for p in CHROMIUM if shutil.which(p)), None)
    if chromium is None:
        print("Chromium ontbreekt (apt-get install chromium)")
        return 1
    with tempfile.TemporaryDirectory(prefix="wmoketen-schermafbeeldingen-") as tmpnaam:
        _django(Path(tmpnaam))
        from django.core.management import call_command
        from playwright.sync_api import sync_playwright

        from wmoketen.accounts.constants import Rol
        from wmoketen.accounts.models import Gebruiker

        print("» demo opbouwen (dat duurt even)")
        call_command("demo", stdout=io.StringIO())
        basis, server = _server()
        rollen = [r for r in Rol if not args.alleen or r.value in args.alleen.split(",")]
        opnames: list[tuple[str, Gebruiker]] = []
        for rol in rollen:
            gebruikers = Gebruiker.objects.filter(rol=rol, is_superuser=False).order_by("username")
            gebruiker = gebruikers.filter(regio__code=args.regio).first() or gebruikers.first()
            if gebruiker is not None:
                opnames.append((rol.value, gebruiker))
        thema = Gebruiker.objects.filter(rol=Rol.CONSULENT, regio__code=THEMA_REGIO).order_by("username").first()
        if thema is not None and not args.alleen:
            opnames.append((f"consulent-{THEMA_REGIO}-eigen-thema", thema))
        DOEL.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            context = browser.new_context(locale="nl-NL", viewport={"width": BREEDTE, "height": HOOGTE})
            page = context.new_page()
            for naam, gebruiker in opnames:
                _aanmelden(page, basis, gebruiker)
                page.goto(f"{basis}/")
                page.wait_for_load_state("networkidle")
                bestand = DOEL / f"{naam}.png"
                page.screenshot(path=str(bestand), full_page=False)
                print(f"» {bestand.relative_to(ROOT)}: {gebruiker.username} op {page.url.removeprefix(basis)}")
            browser.close()
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
