"""Importing responses from a CSV file with the export's columns: all or nothing.

The first row names the columns by their codes, as the export writes them
(`selectors.exports.export_columns`): a column this survey does not have is an error,
a question's columns left out mean no answer to it. `response_id` may be there (an
export read back), but a number already in this survey is refused, as the file was then
imported before; `channel` says how each response came in (paper unless it says
otherwise) and `submitted_at` when (the time of the import unless it says). Every value
is checked by its question's kind (`parse`), and display conditions are checked too;
each problem is reported by line and column, and nothing is imported unless every line
is right. Required questions are not enforced: paper forms come back incomplete.

Between the check and the import the file is kept under a random name in a private
directory (`SURVEY_IMPORT_DIR`, by default var/survey-imports/), never in public media.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from platskraft.core.spreadsheets import unsafe_cell

from ..answering import Structure
from ..models import Channel, Response, ResponseStatus, Survey
from ..selectors.exports import export_columns

MAX_BYTES = 10 * 1024 * 1024
MAX_ERRORS = 100
PREVIEW_ROWS = 5
KEEP_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class ImportRow:
    line: int
    channel: str
    submitted_at: datetime | None
    answers: dict


@dataclass
class ParsedFile:
    """A file read and checked: its rows to import, or the problems found."""

    columns: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    preview: list[list[str]] = field(default_factory=list)  # the first lines as written
    more_errors: bool = False  # more than MAX_ERRORS problems; only the first are listed

    @property
    def count(self) -> int:
        return len(self.rows)

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)
        else:
            self.more_errors = True


def too_large_message() -> str:
    return _(
        "The file is larger than %(size)s MB. Split it into smaller files and import them "
        "one at a time."
    ) % {"size": MAX_BYTES // (1024 * 1024)}


def _text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace")  # Excel's “CSV” on Windows


def _dialect(text: str) -> str:
    """The delimiter of the header line: comma, semicolon (Swedish Excel) or tab."""
    first = text.split("\n", 1)[0]
    return max([",", ";", "\t"], key=first.count)


def _moment(raw: str) -> datetime:
    moment = datetime.fromisoformat(raw)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def responses_read(*, structure: Structure, content: bytes) -> ParsedFile:
    """Read and check a file; `errors` lists every problem by line and column."""
    parsed = ParsedFile()
    if len(content) > MAX_BYTES:
        parsed.error(too_large_message())
        return parsed
    text = _text(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    header = [column.strip() for column in next(reader, [])]
    if not any(header):
        parsed.error(_("The file is empty. Its first line must name the columns."))
        return parsed
    known = export_columns(structure)
    unknown = [column for column in header if column not in known]
    if unknown:
        parsed.error(
            ngettext(
                "This survey has no column %(columns)s. The first line must name the "
                "columns as the export of this survey does.",
                "This survey has no columns %(columns)s. The first line must name the "
                "columns as the export of this survey does.",
                len(unknown),
            )
            % {"columns": ", ".join(f"“{c}”" for c in unknown)}
        )
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        parsed.error(
            _("The columns %(columns)s appear more than once.")
            % {"columns": ", ".join(f"“{c}”" for c in repeated)}
        )
    if parsed.errors:
        return parsed
    parsed.columns = header
    present = set(header)
    items = [
        item
        for item in structure.all_items()
        if present & set(item.kind.columns(item.question, item.choices, item.rows))
    ]
    numbers: dict[int, int] = {}  # response_id given → line
    for cells_in_order in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells_in_order):
            continue
        if len(parsed.preview) < PREVIEW_ROWS:
            parsed.preview.append(cells_in_order)
        if len(cells_in_order) > len(header):
            parsed.error(
                _("Line %(line)s: %(count)s values, but the first line names %(columns)s columns.")
                % {"line": line, "count": len(cells_in_order), "columns": len(header)}
            )
            continue
        cells = {
            column: unsafe_cell(value.strip())
            for column, value in zip(header, cells_in_order, strict=False)
        }
        row = _row(parsed, structure, items, cells, line, numbers)
        if row is not None:
            parsed.rows.append(row)
    if numbers:
        for pk in Response.objects.filter(survey=structure.survey, pk__in=numbers).values_list(
            "pk", flat=True
        ):
            parsed.error(
                _(
                    "Line %(line)s, column response_id: response %(number)s is already in "
                    "this survey (was the file imported before?)."
                )
                % {"line": numbers[pk], "number": pk}
            )
    if not parsed.rows and not parsed.errors:
        parsed.error(_("The file has no responses: only the line naming the columns."))
    return parsed


def _row(parsed, structure, items, cells, line, numbers) -> ImportRow | None:
    problems = len(parsed.errors)
    channel = cells.get("channel") or Channel.PAPER
    if channel not in Channel.values:
        parsed.error(
            _("Line %(line)s, column channel: “%(value)s” is not one of %(allowed)s.")
            % {"line": line, "value": channel, "allowed": ", ".join(Channel.values)}
        )
    submitted_at = None
    if cells.get("submitted_at"):
        try:
            submitted_at = _moment(cells["submitted_at"])
        except ValueError:
            parsed.error(
                _(
                    "Line %(line)s, column submitted_at: “%(value)s” is not a date and time "
                    "(YYYY-MM-DD hh:mm)."
                )
                % {"line": line, "value": cells["submitted_at"]}
            )
    if cells.get("response_id"):
        try:
            numbers.setdefault(int(cells["response_id"]), line)
        except ValueError:
            parsed.error(
                _("Line %(line)s, column response_id: “%(value)s” is not a whole number.")
                % {"line": line, "value": cells["response_id"]}
            )
    answers: dict = {}
    for item in items:
        try:
            answers.update(item.kind.parse(item.question, cells, item.choices, item.rows))
        except ValidationError as error:
            for message in error.messages:
                parsed.error(_("Line %(line)s: %(problem)s") % {"line": line, "problem": message})
    for item in items:
        question = item.question
        if question.key in answers and not structure.is_shown(item, answers):
            condition = structure.items[question.condition_question_id].question
            parsed.error(
                _(
                    "Line %(line)s, column %(column)s: the question is asked only after "
                    "certain answers to %(condition)s, and this line does not have them."
                )
                % {"line": line, "column": question.code, "condition": condition.code}
            )
    if len(parsed.errors) > problems or parsed.more_errors:
        return None
    return ImportRow(line, channel, submitted_at, answers)


def responses_import(*, survey: Survey, content: bytes, user) -> int:
    """Import every response of the file, or none (raises ValidationError listing the
    problems). Returns how many were imported."""
    with transaction.atomic():
        # One import at a time per survey: the check for numbers already imported holds.
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        structure = Structure.load(survey)
        parsed = responses_read(structure=structure, content=content)
        if parsed.errors:
            raise ValidationError(parsed.errors)
        now = timezone.now()
        Response.objects.bulk_create(
            [
                Response(
                    survey=survey,
                    status=ResponseStatus.COMPLETE,
                    channel=row.channel,
                    answers=row.answers,
                    submitted_at=row.submitted_at or now,
                    entered_by=user if user.is_authenticated else None,
                    section_index=len(structure.pages),
                )
                for row in parsed.rows
            ],
            batch_size=1000,
        )
    return parsed.count


# --- The file between the check and the import ---------------------------------------------


def _directory() -> Path:
    directory = Path(
        getattr(settings, "SURVEY_IMPORT_DIR", None) or Path(settings.VAR_DIR) / "survey-imports"
    )
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def import_file_keep(*, survey: Survey, content: bytes) -> str:
    """Keep the file until it is imported (or a day has passed); returns its token."""
    directory = _directory()
    for old in directory.glob("*.csv"):
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    (directory / f"{survey.pk}-{token}.csv").write_bytes(content)
    return token


def _kept(survey: Survey, token: str) -> Path | None:
    if not TOKEN.match(token or ""):
        return None
    path = _directory() / f"{survey.pk}-{token}.csv"
    return path if path.is_file() else None


def import_file_read(*, survey: Survey, token: str) -> bytes | None:
    path = _kept(survey, token)
    return path.read_bytes() if path else None


def import_file_discard(*, survey: Survey, token: str) -> None:
    path = _kept(survey, token)
    if path:
        path.unlink(missing_ok=True)
