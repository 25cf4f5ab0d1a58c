from django.db import migrations

from wmoketen.catalogus.constants import LEEFGEBIEDEN


def seed(apps, schema_editor):
    Leefgebied = apps.get_model("catalogus", "Leefgebied")
    for volgorde, (code, naam) in enumerate(LEEFGEBIEDEN, start=1):
        Leefgebied.objects.update_or_create(code=code, defaults={"naam": naam, "volgorde": volgorde})


class Migration(migrations.Migration):
    dependencies = [("catalogus", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
