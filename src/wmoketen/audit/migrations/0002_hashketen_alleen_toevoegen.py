"""Hash chain over the log, and database triggers that refuse UPDATE and DELETE of log records."""

from django.db import migrations, models

PG_FUNCTIE = """
CREATE OR REPLACE FUNCTION audit_verwerking_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Het logboek dataverwerkingen is alleen-toevoegen: % is niet toegestaan', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_verwerking_alleen_toevoegen BEFORE UPDATE OR DELETE ON audit_verwerking
    FOR EACH ROW EXECUTE FUNCTION audit_verwerking_alleen_toevoegen();
"""
PG_TERUG = """
DROP TRIGGER IF EXISTS audit_verwerking_alleen_toevoegen ON audit_verwerking;
DROP FUNCTION IF EXISTS audit_verwerking_alleen_toevoegen();
"""
SQLITE = [
    "CREATE TRIGGER audit_verwerking_geen_update BEFORE UPDATE ON audit_verwerking "
    "BEGIN SELECT RAISE(ABORT, 'Het logboek dataverwerkingen is alleen-toevoegen: UPDATE is niet toegestaan'); END;",
]
SQLITE_TERUG = ["DROP TRIGGER IF EXISTS audit_verwerking_geen_update;"]


def ketting_opbouwen(apps, schema_editor):
    from wmoketen.audit.keten import BEGIN, bereken_hash

    Verwerking = apps.get_model("audit", "Verwerking")
    Ketenkop = apps.get_model("audit", "Ketenkop")
    vorige, nummer = BEGIN, 0
    for record in Verwerking.objects.order_by("id"):
        nummer += 1
        record.volgnummer, record.vorige_hash = nummer, vorige
        record.hash = vorige = bereken_hash(record, vorige)
        record.save(update_fields=["volgnummer", "vorige_hash", "hash"])
    Ketenkop.objects.update_or_create(pk=1, defaults={"volgnummer": nummer, "hash": vorige})


def triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTIE, params=None)
    elif vendor == "sqlite":
        # SQLite only refuses UPDATE: Django's test flush empties tables with DELETE. Production is PostgreSQL.
        for sql in SQLITE:
            schema_editor.execute(sql)


def triggers_weg(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_TERUG, params=None)
    elif vendor == "sqlite":
        for sql in SQLITE_TERUG:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="Ketenkop",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("volgnummer", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default="0" * 64, max_length=64)),
            ],
            options={"verbose_name": "kop van de logboekketen"},
        ),
        migrations.AlterField(model_name="verwerking", name="tijdstip", field=models.DateTimeField(db_index=True)),
        migrations.AddField(model_name="verwerking", name="volgnummer", field=models.PositiveBigIntegerField(null=True)),
        migrations.AddField(
            model_name="verwerking", name="vorige_hash", field=models.CharField(default="", max_length=64)
        ),
        migrations.AddField(model_name="verwerking", name="hash", field=models.CharField(max_length=64, null=True)),
        migrations.RunPython(ketting_opbouwen, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="verwerking", name="volgnummer", field=models.PositiveBigIntegerField(unique=True)
        ),
        migrations.AlterField(
            model_name="verwerking", name="vorige_hash", field=models.CharField(max_length=64)
        ),
        migrations.AlterField(model_name="verwerking", name="hash", field=models.CharField(max_length=64, unique=True)),
        migrations.RunPython(triggers, triggers_weg),
    ]
