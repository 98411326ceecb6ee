"""On PostgreSQL, a GIN index over the search vector that the proposal search uses.

The expression must be the one in `selectors._search` (title A, text and place B,
Swedish): PostgreSQL uses an expression index only for the same expression. On other
databases there is nothing to do (decision 0006).
"""

from django.db import migrations

INDEX = "proposal_search_swedish"


def _index():
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    return GinIndex(
        SearchVector("title", weight="A", config="swedish")
        + SearchVector("body", weight="B", config="swedish")
        + SearchVector("place_name", weight="B", config="swedish"),
        name=INDEX,
    )


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("proposals", "Proposal"), _index())


def remove(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("proposals", "Proposal"), _index())


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
