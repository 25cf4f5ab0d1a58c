"""The deployment files check out as far as this machine can check them (there is no container engine here): they
parse, every process they start is a `wmoketen` command that exists, what they copy exists, the systemd units pass
`systemd-analyze verify`, and `wmoketen serve` really starts and answers. `wmoketen worker` and `wmoketen beat`
start against a real broker in berichten/tests/test_worker.py."""

from __future__ import annotations

import configparser
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

from wmoketen.cli import resolve

REPO = Path(__file__).resolve().parents[1]
UNITS = sorted((REPO / "deploy" / "systemd").glob("*.service"))
INSTRUCTIES = {
    "FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG",
    "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
}  # fmt: skip


def _bestaand_commando(argv: list[str]) -> str:
    """The management command a `wmoketen ...` command line runs (fails when there is none)."""
    assert argv[0].endswith("wmoketen"), argv
    opgelost = resolve(["wmoketen", *argv[1:]], set(get_commands()))
    assert opgelost[1] in get_commands(), f"onbekend commando: {' '.join(argv)}"
    return str(opgelost[1])


def test_compose_file_has_every_process_and_each_runs_an_existing_command() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text())
    diensten = compose["services"]
    assert {"postgres", "rabbitmq", "migrate", "web", "worker", "beat"} <= set(diensten)
    commandos = {naam: _bestaand_commando(d["command"]) for naam, d in diensten.items() if "command" in d}
    assert commandos == {"migrate": "migrate", "web": "serve", "worker": "worker", "beat": "beat"}
    for naam in ("web", "worker", "beat"):
        assert diensten[naam]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert diensten[naam]["environment"]["CELERY_BROKER_URL"].startswith("amqp://")
    for bron, _ in (v.split(":", 1) for v in diensten["rabbitmq"]["volumes"] if v.startswith("./")):
        assert (REPO / bron).is_file(), bron
    assert set(compose["volumes"]) == {"pgdata", "rabbitdata", "var", "uitwisseling"}


def test_dockerfile_instructions_sources_and_command() -> None:
    regels = (REPO / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
    instructies = [r.split(None, 1) for r in regels if r.strip() and not r.lstrip().startswith("#")]
    assert [i for i, _ in instructies if i.upper() not in INSTRUCTIES] == []
    for _, rest in (i for i in instructies if i[0] == "COPY" and "--from" not in i[1]):
        *bronnen, _doel = rest.split()
        for bron in bronnen:
            assert (REPO / bron).exists(), bron
    cmd = next(rest for i, rest in instructies if i == "CMD")
    assert _bestaand_commando(yaml.safe_load(cmd)) == "serve"
    assert "uv==0.13.8" in (REPO / "Dockerfile").read_text()  # the uv dev.py uses: the same lock resolution


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_systemd_unit_starts_an_existing_command(unit: Path) -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(unit)
    assert {"Unit", "Service", "Install"} <= set(parser.sections())
    service = parser["Service"]
    for regel in [service["ExecStart"], *([service["ExecStartPre"]] if "ExecStartPre" in service else [])]:
        argv = regel.split()
        assert argv[0] == "/opt/wmoketen/.venv/bin/wmoketen"
        _bestaand_commando(argv)
    assert service["EnvironmentFile"] == "/etc/wmoketen/wmoketen.env"
    assert service["User"] == "wmoketen" and service["NoNewPrivileges"] == "true"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze ontbreekt")
def test_systemd_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    """systemd's own check, with the path of this checkout's `wmoketen` in place of /opt/wmoketen."""
    wmoketen = Path(sys.executable).parent / "wmoketen"
    namen = []
    for unit in UNITS:
        naam = unit.name.replace("@.service", "@1.service")
        (tmp_path / naam).write_text(unit.read_text().replace("/opt/wmoketen/.venv/bin/wmoketen", str(wmoketen)))
        namen.append(str(tmp_path / naam))
    uit = subprocess.run(["systemd-analyze", "verify", *namen], capture_output=True, text=True, timeout=120)
    assert uit.returncode == 0, uit.stderr


def test_example_environment_names_every_required_setting() -> None:
    import ast

    bron = (REPO / "src" / "wmoketen" / "conf" / "production.py").read_text()  # importing it demands the variables
    VERPLICHT = next(
        ast.literal_eval(n.value)
        for n in ast.parse(bron).body
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "VERPLICHT"
    )
    voorbeeld = (REPO / "deploy" / "wmoketen.env.voorbeeld").read_text()
    namen = set(re.findall(r"^#?\s*([A-Z_]+)=", voorbeeld, flags=re.MULTILINE))
    assert set(VERPLICHT) <= namen
    assert not re.search(r"^(SECRET_KEY|AUDIT_\w+)=\S", voorbeeld, flags=re.MULTILINE)  # no key is shipped


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_wmoketen_serve_starts_gunicorn_and_answers(tmp_path: Path) -> None:
    poort = _vrije_poort()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "wmoketen.conf.demo",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WMOKETEN_VAR_DIR": str(tmp_path / "var"),
        "WMOKETEN_LOGFORMAAT": "json",
    }
    log = tmp_path / "serve.log"
    proces = subprocess.Popen(
        [sys.executable, "-m", "wmoketen.cli", "serve", "--adres", f"127.0.0.1:{poort}", "--workers", "2"],
        cwd=REPO, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        antwoord = None
        grens = time.monotonic() + 120
        while time.monotonic() < grens and antwoord is None:
            assert proces.poll() is None, log.read_text()
            try:
                verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=5)
                verbinding.request("GET", "/health/live", headers={"Host": "10.0.0.1"})
                antwoord = verbinding.getresponse()
            except OSError:
                time.sleep(0.2)
        assert antwoord is not None and (antwoord.status, antwoord.read()) == (200, b"ok\n"), log.read_text()
        verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=10)
        verbinding.request("GET", "/static/web/wmoketen.css", headers={"Host": "127.0.0.1"})
        css = verbinding.getresponse()
        assert css.status == 200 and b"{" in css.read()  # WhiteNoise serves the collected files
        tekst = log.read_text()
        assert '"logger": "gunicorn.error"' in tekst and "Booting worker" in tekst  # gunicorn, logging as JSON
        assert (tmp_path / "var" / "static" / "web" / "wmoketen.css").exists()
    finally:
        proces.send_signal(signal.SIGTERM)
        proces.wait(timeout=30)
    assert proces.returncode == 0, log.read_text()[-2000:]
