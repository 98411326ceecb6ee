"""Recording interviews: the notes (typed or read from an uploaded transcript) with
personal identity numbers masked, the respondent's name only with a consent record,
withdrawing consent, and edit conflicts.

Every write runs in one transaction: a refused interview leaves nothing behind. Changes
carry the `version` the official opened: a change made from an older version is refused
with `EditConflict` and nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from platskraft.analysis.text_privacy import mask_identity_numbers
from platskraft.municipalities.models import Municipality
from platskraft.surveys.models import PlaceKind

from ..models import NOTES_MAX_CHARS, Consent, Interview
from .passages import relocate_passages
from .transcripts import normalise_newlines, read_transcript

FIELDS = ("kind", "date", "interviewer", "segment", "locality", "title", "process")


@dataclass(frozen=True)
class ConsentIn:
    given_on: dt.date
    method: str
    scope: str


@dataclass(frozen=True)
class Saved:
    interview: Interview
    masked: int  # personal identity numbers masked in this save
    relocated: int = 0  # passages moved to where their text now is
    lost: int = 0  # passages whose text is no longer in the notes


class EditConflict(ValidationError):
    """Someone saved the interview after the form was opened: nothing was saved."""

    def __init__(self, current: Interview):
        self.current = current
        when = formats.date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")
        super().__init__(
            _(
                "Someone saved this interview at %(when)s, after you opened it. Nothing of "
                "yours was saved: what you typed is kept below; check it against the saved "
                "interview and save again."
            )
            % {"when": when},
            code="conflict",
        )


def _by(user):
    return user if getattr(user, "is_authenticated", False) else None


def _check_values(municipality: Municipality, values: dict) -> dict:
    values = {name: values.get(name) for name in FIELDS}
    values["interviewer"] = " ".join((values["interviewer"] or "").split())
    if not values["interviewer"]:
        raise ValidationError(
            {"interviewer": _("Say who held the interview (a name or a role).")}, code="required"
        )
    values["title"] = " ".join((values["title"] or "").split())
    locality = values["locality"]
    if locality is not None and (
        locality.municipality_id != municipality.pk or locality.kind != PlaceKind.LOCALITY
    ):
        raise ValidationError({"locality": _("Choose a locality of the municipality.")})
    process = values["process"]
    if process is not None and process.municipality_id != municipality.pk:
        raise ValidationError({"process": _("Choose a process of the municipality.")})
    return values


def _notes(notes: str, transcript) -> tuple[str, str | None]:
    """The notes to store and the uploaded file's name (None: no file)."""
    if transcript is not None:
        return read_transcript(transcript)
    notes = normalise_newlines(notes or "").replace("\x00", "")
    if len(notes) > NOTES_MAX_CHARS:
        raise ValidationError(
            {
                "notes": _("The notes are longer than %(max)s characters: split them in parts.")
                % {"max": NOTES_MAX_CHARS}
            },
            code="too_long",
        )
    return notes, None


def _check_name(name: str, consent: ConsentIn | None, active: Consent | None) -> str:
    name = " ".join((name or "").split())
    if name and consent is None and active is None:
        raise ValidationError(
            {
                "respondent_name": _(
                    "A name is kept only with the respondent's consent: fill in the consent "
                    "record (when, how and what they agreed to), or leave the name empty."
                )
            },
            code="consent_required",
        )
    return name


def _save_consent(interview: Interview, consent: ConsentIn | None, by) -> None:
    if consent is None:
        return
    Consent.objects.update_or_create(
        interview=interview,
        defaults={
            "given_on": consent.given_on,
            "method": consent.method,
            "scope": consent.scope.strip(),
            "recorded_by": _by(by),
            "withdrawn_on": None,
        },
    )


def _active_consent(interview: Interview) -> Consent | None:
    consent = Consent.objects.filter(interview=interview, withdrawn_on__isnull=True).first()
    return consent


@transaction.atomic
def interview_create(
    *,
    municipality: Municipality,
    by,
    values: dict,
    notes: str = "",
    transcript=None,
    respondent_name: str = "",
    consent: ConsentIn | None = None,
) -> Saved:
    values = _check_values(municipality, values)
    name = _check_name(respondent_name, consent, None)
    text, filename = _notes(notes, transcript)
    text, masked = mask_identity_numbers(text)
    interview = Interview.objects.create(
        municipality=municipality,
        **values,
        respondent_name=name,
        notes=text,
        source_filename=filename or "",
        masked_count=masked,
        recorded_by=_by(by),
    )
    _save_consent(interview, consent, by)
    return Saved(interview, masked)


def _locked(interview: Interview) -> Interview:
    return Interview.objects.select_for_update().get(pk=interview.pk)


def check_version(current: Interview, expected_version) -> None:
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise EditConflict(current) from None
    if expected != current.version:
        raise EditConflict(current)


@transaction.atomic
def interview_update(
    *,
    interview: Interview,
    by,
    expected_version,
    values: dict,
    notes: str = "",
    transcript=None,
    respondent_name: str = "",
    consent: ConsentIn | None = None,
) -> Saved:
    current = _locked(interview)
    check_version(current, expected_version)
    values = _check_values(current.municipality, values)
    name = _check_name(respondent_name, consent, _active_consent(current))
    text, filename = _notes(notes, transcript)
    text, masked = mask_identity_numbers(text)
    relocated = lost = 0
    if text != current.notes:
        relocated, lost = relocate_passages(interview=current, notes=text)
    for field, value in values.items():
        setattr(current, field, value)
    current.respondent_name = name
    current.notes = text
    if filename is not None:
        current.source_filename = filename
    current.masked_count += masked
    current.version += 1
    current.save()
    _save_consent(current, consent, by)
    return Saved(current, masked, relocated, lost)


@transaction.atomic
def consent_withdraw(*, interview: Interview, by, on: dt.date | None = None) -> Interview:
    """The respondent withdrew consent: the name goes, the record says when."""
    current = _locked(interview)
    consent = _active_consent(current)
    if consent is None:
        raise ValidationError(
            _("This interview has no consent in force to withdraw."), code="no_consent"
        )
    consent.withdrawn_on = on or timezone.localdate()
    consent.save(update_fields=["withdrawn_on"])
    current.respondent_name = ""
    current.version += 1
    current.save(update_fields=["respondent_name", "version", "updated_at"])
    return current


@transaction.atomic
def interview_delete(*, interview: Interview) -> None:
    """Remove the interview with its consent record and coded passages."""
    _locked(interview).delete()
