"""Load Sweden's 21 counties and 290 municipalities with their official codes."""

from django.db import migrations

from platskraft.municipalities.official_codes import load_official_codes


def load(apps, schema_editor):
    load_official_codes(
        apps.get_model("municipalities", "County"),
        apps.get_model("municipalities", "KnownMunicipality"),
    )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
