"""Complete responses as rows for a spreadsheet or a statistics program.

One row per response: its number, channel and submission time, then every question's
columns as its kind gives them (`columns`/`cells`): stable column codes chosen by staff,
numeric option codes (SPSS-friendly), 1/0 for each option of a multiple choice question,
a position for each option of a ranking. `code_book` says what every column and code
means. Imports read the same columns back (`services.imports`).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from django.utils.translation import gettext as _

from ..answering import Structure
from ..models import Channel, Response, ResponseStatus
from .reading import Epoch, as_text, decode_many, local_times

FIXED_COLUMNS = ["response_id", "channel", "submitted_at"]
CHUNK = 2000


def export_columns(structure: Structure) -> list[str]:
    columns = list(FIXED_COLUMNS)
    for item in structure.all_items():
        columns += item.kind.columns(item.question, item.choices, item.rows)
    return columns


def export_rows(*, structure: Structure) -> Iterator[list]:
    """The header, then one row per complete response (oldest first), read a chunk at a
    time so that a large survey never sits in memory whole."""
    yield export_columns(structure)
    cells = [
        (item.kind.cells, item.question, item.choices, item.rows) for item in structure.all_items()
    ]
    rows = (
        Response.objects.filter(survey=structure.survey, status=ResponseStatus.COMPLETE)
        .order_by("pk")
        .values_list("pk", "channel", Epoch("submitted_at"), as_text("answers"))
        .iterator(chunk_size=CHUNK)
    )
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from _rows(chunk, cells)
            chunk = []
    if chunk:
        yield from _rows(chunk, cells)


def _rows(chunk: list[tuple], cells: list[tuple]) -> Iterator[list]:
    pks, channels, epochs, texts = zip(*chunk, strict=True)
    times = np.datetime_as_string(local_times(np.array(epochs, dtype=np.float64)), unit="s")
    answers = decode_many([text or "{}" for text in texts])
    for pk, channel, moment, given in zip(pks, channels, times.tolist(), answers, strict=True):
        row = [pk, channel, "" if moment == "NaT" else moment.replace("T", " ")]
        for kind_cells, question, choices, rows in cells:
            row += kind_cells(question, given, choices, rows)
        yield row


def code_book(structure: Structure) -> list[tuple]:
    """(column, code, meaning) for every column of the export."""
    lines = [
        ("response_id", "", _("The response's number")),
        *[("channel", value, label) for value, label in Channel.choices],
        ("submitted_at", "", _("When the response was sent (local time, YYYY-MM-DD hh:mm:ss)")),
    ]
    for item in structure.all_items():
        lines += item.kind.code_book(item.question, item.choices, item.rows)
    return [(column, code, str(meaning)) for column, code, meaning in lines]
