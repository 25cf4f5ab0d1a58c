"""The Logboek's chain becomes keyed (HMAC-SHA256 under AUDIT_KETEN_SLEUTEL, which is not in the database), and
TRUNCATE is refused like UPDATE and DELETE (issue 13, item 2).

Existing records are re-sealed once: the old plain SHA-256 chain is checked first (a broken one is not sealed
over: the migration stops and names the record), then every hash is recomputed with the key. Both functions are
frozen here, so later changes to audit.keten do not change what this migration did.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import migrations, models

BEGIN = "0" * 64
PG_TRIGGERS = """
CREATE TRIGGER audit_verwerking_geen_truncate BEFORE TRUNCATE ON audit_verwerking
    FOR EACH STATEMENT EXECUTE FUNCTION audit_verwerking_alleen_toevoegen();
CREATE TRIGGER audit_ketenkop_niet_weg BEFORE DELETE ON audit_ketenkop
    FOR EACH ROW EXECUTE FUNCTION audit_verwerking_alleen_toevoegen();
CREATE TRIGGER audit_ketenkop_geen_truncate BEFORE TRUNCATE ON audit_ketenkop
    FOR EACH STATEMENT EXECUTE FUNCTION audit_verwerking_alleen_toevoegen();
"""
PG_TRIGGERS_TERUG = """
DROP TRIGGER IF EXISTS audit_verwerking_geen_truncate ON audit_verwerking;
DROP TRIGGER IF EXISTS audit_ketenkop_niet_weg ON audit_ketenkop;
DROP TRIGGER IF EXISTS audit_ketenkop_geen_truncate ON audit_ketenkop;
"""
SQLITE_UPDATE_TRIGGER = (
    "CREATE TRIGGER audit_verwerking_geen_update BEFORE UPDATE ON audit_verwerking "
    "BEGIN SELECT RAISE(ABORT, 'Het logboek dataverwerkingen is alleen-toevoegen: UPDATE is niet toegestaan'); END;"
)


def _velden(r):
    return (
        str(r.volgnummer),
        r.tijdstip.isoformat(),
        str(r.actor_id or ""),
        r.actor_omschrijving,
        r.actie,
        r.verwerkingsactiviteit,
        r.client_pseudoniem,
        r.object_type,
        r.object_id,
        r.resultaat,
    )


def _sha256_v1(r, vorige):
    return hashlib.sha256("\x1f".join((vorige, *_velden(r))).encode()).hexdigest()


def _hmac_v2(sleutel, r, vorige):
    mac = hmac.new(sleutel, b"wmoketen-logboek-v2\x1f", hashlib.sha256)
    mac.update("\x1f".join((vorige, *_velden(r), r.toelichting)).encode())
    return mac.hexdigest()


def herverzegelen(apps, schema_editor):
    Verwerking = apps.get_model("audit", "Verwerking")
    Ketenkop = apps.get_model("audit", "Ketenkop")
    records = list(Verwerking.objects.order_by("volgnummer"))
    if not records:
        return
    if not settings.AUDIT_KETEN_SLEUTEL:
        raise ImproperlyConfigured("AUDIT_KETEN_SLEUTEL ontbreekt: het logboek kan niet worden verzegeld.")
    vorige = BEGIN
    for r in records:
        if r.vorige_hash != vorige or _sha256_v1(r, vorige) != r.hash:
            raise RuntimeError(
                f"Logboek NIET intact bij record {r.volgnummer}: onderzoek dit eerst (wmoketen audit verify op de "
                "vorige versie); een gebroken keten wordt niet opnieuw verzegeld."
            )
        vorige = r.hash
    sleutel = str(settings.AUDIT_KETEN_SLEUTEL).encode()
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_verwerking DISABLE TRIGGER audit_verwerking_alleen_toevoegen")
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_verwerking_geen_update")
    vorige = BEGIN
    for r in records:
        r.vorige_hash, r.hash = vorige, _hmac_v2(sleutel, r, vorige)
        vorige = r.hash
    Verwerking.objects.bulk_update(records, ["vorige_hash", "hash"], batch_size=1000)
    Ketenkop.objects.update_or_create(pk=1, defaults={"volgnummer": records[-1].volgnummer, "hash": vorige})
    if vendor == "postgresql":
        schema_editor.execute("ALTER TABLE audit_verwerking ENABLE TRIGGER audit_verwerking_alleen_toevoegen")


def triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_TRIGGERS, params=None)
    elif vendor == "sqlite":
        # Adding the column remade the table on SQLite, which drops its triggers: put the UPDATE guard back.
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_verwerking_geen_update")
        schema_editor.execute(SQLITE_UPDATE_TRIGGER)


def triggers_weg(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_TRIGGERS_TERUG, params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_hashketen_alleen_toevoegen'),
    ]

    operations = [
        migrations.AddField(
            model_name='verwerking',
            name='toelichting',
            field=models.TextField(blank=True, help_text='Wat er veranderde (beheer), nooit een geheim of BSN.'),
        ),
        migrations.AlterField(
            model_name='verwerking',
            name='actie',
            field=models.CharField(choices=[('inzien', 'Inzien'), ('aanmaken', 'Aanmaken'), ('wijzigen', 'Wijzigen'), ('verwijderen', 'Verwijderen'), ('exporteren', 'Exporteren'), ('bericht_verzonden', 'Bericht verzonden'), ('bericht_ontvangen', 'Bericht ontvangen')], max_length=30),
        ),
        migrations.AlterField(
            model_name='verwerking',
            name='resultaat',
            field=models.CharField(choices=[('gelukt', 'Gelukt'), ('geweigerd', 'Geweigerd'), ('buiten_bereik', 'Buiten bereik (niet gevonden)')], default='gelukt', max_length=20),
        ),
        migrations.RunPython(herverzegelen, migrations.RunPython.noop),
        migrations.RunPython(triggers, triggers_weg),
    ]
