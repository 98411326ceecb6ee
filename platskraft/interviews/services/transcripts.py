"""Reading an uploaded transcript: plain text (UTF-8, or Windows-1252 as older Swedish
Word and Notepad files are) or a Word document (.docx). Anything else, anything too
large and anything unreadable is refused with a message naming the field."""

from __future__ import annotations

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..models import NOTES_MAX_CHARS

FIELD = "transcript"
MAX_BYTES = 2 * 1024 * 1024
SUFFIXES = (".txt", ".docx")


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError({FIELD: message}, code=code)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _refuse(
            _("The text file could not be read: save it as UTF-8 text and upload it again."),
            "encoding",
        ) from None


def _docx_text(data: bytes) -> str:
    import docx  # python-docx; imported here, the only place that needs it

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # a damaged file can fail anywhere in the zip or its XML
        raise _refuse(
            _(
                "The file could not be read as a Word document (.docx): open it in Word and "
                "save it again, or save it as text (.txt)."
            ),
            "unreadable",
        ) from None
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def read_transcript(upload) -> tuple[str, str]:
    """(text, file name) of an uploaded transcript, or a ValidationError on `transcript`."""
    name = PurePath(upload.name or "").name[:200]
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise _refuse(
            _(
                "“%(name)s” is not a transcript this page can read: upload a text file (.txt) "
                "or a Word document (.docx)."
            )
            % {"name": name},
            "format",
        )
    if upload.size > MAX_BYTES:
        raise _refuse(
            _("“%(name)s” is %(size)s; a transcript may be at most %(max)s.")
            % {
                "name": name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(MAX_BYTES),
            },
            "too_large",
        )
    data = upload.read()
    text = _docx_text(data) if suffix == ".docx" else _decode(data)
    text = normalise_newlines(text).replace("\x00", "")
    if len(text) > NOTES_MAX_CHARS:
        raise _refuse(
            _("The transcript is longer than %(max)s characters: split it in parts.")
            % {"max": NOTES_MAX_CHARS},
            "too_long",
        )
    return text, name


def normalise_newlines(text: str) -> str:
    """One kind of line break, so that character positions match what a browser shows."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
