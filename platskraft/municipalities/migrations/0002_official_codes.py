"""Load Sweden's 21 counties and 290 municipalities with their official codes."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "official_codes.json"


def load(apps, schema_editor):
    County = apps.get_model("municipalities", "County")
    KnownMunicipality = apps.get_model("municipalities", "KnownMunicipality")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for county in data["counties"]:
        County.objects.update_or_create(code=county["code"], defaults={"name": county["name"]})
    for row in data["municipalities"]:
        KnownMunicipality.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "county_id": row["county"]}
        )


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
