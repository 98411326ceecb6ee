"""Sweden's 21 counties and 290 municipalities with their official codes (public facts)."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "official_codes.json"


def load_official_codes(county_model, municipality_model) -> int:
    """Create or update the official list; works with migration-time models too."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for county in data["counties"]:
        county_model.objects.update_or_create(
            code=county["code"], defaults={"name": county["name"]}
        )
    for row in data["municipalities"]:
        municipality_model.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "county_id": row["county"]}
        )
    return len(data["municipalities"])
