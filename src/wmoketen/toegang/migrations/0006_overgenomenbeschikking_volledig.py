"""An imported beschikking becomes a full `Beschikking` (melding, verslag, plan, products); `OvergenomenBeschikking`
keeps only the import marker (old number, source, import run). Rows of the bare form (issue 18, before any region
went live) cannot become full beschikkingen here: they are removed; the import of their source makes them again
(a new dry run and run of the same templates)."""

import django.db.models.deletion
from django.db import migrations, models


def bare_rijen_weg(apps, schema_editor):  # noqa: ANN001, ANN201
    apps.get_model("toegang", "OvergenomenBeschikking").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("toegang", "0005_overgenomenbeschikking"),
    ]

    operations = [
        migrations.RunPython(bare_rijen_weg, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="overgenomenbeschikking", name="overgenomen_beschikking_periode"),
        migrations.RemoveField(model_name="overgenomenbeschikking", name="client"),
        migrations.RemoveField(model_name="overgenomenbeschikking", name="besluitdatum"),
        migrations.RemoveField(model_name="overgenomenbeschikking", name="ingangsdatum"),
        migrations.RemoveField(model_name="overgenomenbeschikking", name="einddatum"),
        migrations.RemoveField(model_name="overgenomenbeschikking", name="omschrijving"),
        migrations.AddField(
            model_name="overgenomenbeschikking",
            name="beschikking",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT, related_name="overname", to="toegang.beschikking"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="overgenomenbeschikking",
            name="bron",
            field=models.CharField(blank=True, max_length=500, verbose_name="bron (bestand en regel)"),
        ),
        migrations.AddField(
            model_name="overgenomenbeschikking",
            name="migratie_nummer",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="De uitvoering die de beschikking overnam.",
                null=True,
                verbose_name="import (nummer van de migratie)",
            ),
        ),
        migrations.AlterModelOptions(
            name="overgenomenbeschikking",
            options={
                "ordering": ["regio", "beschikking_nummer"],
                "verbose_name": "overgenomen beschikking",
                "verbose_name_plural": "overgenomen beschikkingen",
            },
        ),
    ]
