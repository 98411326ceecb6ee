"""Recording interviews: the consent rule for names, personal identity numbers masked,
transcripts read from .txt (UTF-8 or Windows-1252) and .docx, refused when of another
format or too large, withdrawing consent, and edit conflicts."""

import io
from datetime import date

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from platskraft.analysis.text_privacy import luhn_check_digit
from platskraft.surveys.models import PlaceKind

from ..models import Consent, Interview, Segment
from ..services import interviews as services
from ..services.transcripts import MAX_BYTES
from .factories import CodeFactory, InterviewFactory, LocalityFactory, PassageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

NINE = "811218987"
PNR = f"{NINE[:6]}-{NINE[6:]}{luhn_check_digit(NINE)}"


def values(**changes) -> dict:
    return {
        "kind": "interview",
        "date": date(2026, 3, 14),
        "interviewer": "Eva Lind",
        "segment": Segment.RESIDENT,
        "locality": None,
        "title": "Shop owner in the town centre",
        "process": None,
        **changes,
    }


def create(municipality, **kwargs):
    return services.interview_create(
        municipality=municipality, by=None, values=kwargs.pop("values", values()), **kwargs
    )


def consent() -> services.ConsentIn:
    return services.ConsentIn(
        date(2026, 3, 14), Consent.Method.WRITTEN, "Name kept; quotes anonymous"
    )


def docx_upload(paragraphs, name="transcript.docx") -> SimpleUploadedFile:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_an_anonymous_interview_is_stored_with_its_notes(kramfors):
    saved = create(kramfors, notes="We come here\r\nfor the river.")
    interview = saved.interview
    assert (interview.notes, interview.respondent_name, interview.masked_count) == (
        "We come here\nfor the river.",
        "",
        0,
    )
    assert saved.masked == 0
    assert not Consent.objects.exists()


def test_a_name_without_consent_is_refused_and_nothing_is_stored(kramfors):
    with pytest.raises(ValidationError) as caught:
        create(kramfors, notes="Notes", respondent_name="Anna Berg")
    assert list(caught.value.message_dict) == ["respondent_name"]
    assert "consent" in caught.value.message_dict["respondent_name"][0]
    assert not Interview.objects.exists()


def test_a_name_with_consent_is_kept_with_the_consent_record(kramfors, django_user_model):
    saved = create(kramfors, notes="Notes", respondent_name=" Anna  Berg ", consent=consent())
    interview = saved.interview
    assert interview.respondent_name == "Anna Berg"
    assert interview.is_identifiable
    assert interview.consent.method == Consent.Method.WRITTEN
    assert interview.consent.withdrawn_on is None


def test_withdrawing_consent_removes_the_name_and_dates_the_record(kramfors):
    interview = create(kramfors, respondent_name="Anna Berg", consent=consent()).interview
    services.consent_withdraw(interview=interview, by=None, on=date(2026, 4, 1))
    interview.refresh_from_db()
    assert interview.respondent_name == ""
    assert interview.version == 2
    assert interview.consent.withdrawn_on == date(2026, 4, 1)
    # Now a name needs a new consent again.
    with pytest.raises(ValidationError) as caught:
        services.interview_update(
            interview=interview,
            by=None,
            expected_version=2,
            values=values(),
            respondent_name="Anna Berg",
        )
    assert "respondent_name" in caught.value.message_dict
    with pytest.raises(ValidationError):
        services.consent_withdraw(interview=interview, by=None)


def test_personal_identity_numbers_are_masked_and_counted(kramfors):
    notes = (
        f"Anna ({PNR}) called from 070-123 45 67. Her husband is 19{NINE}{luhn_check_digit(NINE)}."
    )
    saved = create(kramfors, notes=notes)
    assert saved.masked == 2
    interview = Interview.objects.get()
    assert interview.masked_count == 2
    assert PNR not in interview.notes
    assert interview.notes == (
        "Anna ([personnummer]) called from 070-123 45 67. Her husband is [personnummer]."
    )
    # Another save that masks one more adds to the count.
    again = services.interview_update(
        interview=interview,
        by=None,
        expected_version=interview.version,
        values=values(),
        notes=interview.notes + f" Also {PNR}.",
    )
    assert again.masked == 1
    assert Interview.objects.get().masked_count == 3


def test_a_text_transcript_in_utf8_or_windows_1252_is_read(kramfors):
    utf8 = SimpleUploadedFile("notes.txt", "Vi åker till älven.\r\nStolt över bron.".encode())
    saved = create(kramfors, notes="typed, replaced by the file", transcript=utf8)
    assert saved.interview.notes == "Vi åker till älven.\nStolt över bron."
    assert saved.interview.source_filename == "notes.txt"
    cp1252 = SimpleUploadedFile("old.TXT", "Gränsen går vid ån – säger hon.".encode("cp1252"))
    assert create(kramfors, transcript=cp1252).interview.notes == "Gränsen går vid ån – säger hon."


def test_a_word_transcript_is_read_and_masked(kramfors):
    upload = docx_upload(["Intervju i Nyland", f"Hon har personnummer {PNR}.", "Slut."])
    saved = create(kramfors, transcript=upload)
    assert saved.interview.notes == "Intervju i Nyland\nHon har personnummer [personnummer].\nSlut."
    assert saved.masked == 1
    assert saved.interview.source_filename == "transcript.docx"


def _zip_with_broken_xml() -> bytes:
    """A .docx whose document part is not XML (a damaged file)."""
    import zipfile

    buffer = io.BytesIO(docx_upload(["Hej"]).read())
    damaged = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return damaged.getvalue()


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (SimpleUploadedFile("notes.pdf", b"%PDF-1.4"), "notes.pdf"),
        (SimpleUploadedFile("notes.doc", b"\xd0\xcf\x11\xe0"), ".docx"),
        (SimpleUploadedFile("noextension", b"text"), ".txt"),
        (SimpleUploadedFile("broken.docx", b"not a zip at all"), "Word document"),
        (SimpleUploadedFile("bad-xml.docx", _zip_with_broken_xml()), "Word document"),
        (SimpleUploadedFile("big.txt", b"a" * (MAX_BYTES + 1)), "2.0\xa0MB"),
    ],
)
def test_unsupported_broken_or_too_large_uploads_are_refused(kramfors, upload, words):
    with pytest.raises(ValidationError) as caught:
        create(kramfors, notes="typed", transcript=upload)
    (message,) = caught.value.message_dict["transcript"]
    assert words in message
    assert not Interview.objects.exists()


def test_a_locality_must_be_a_locality_of_the_municipality(kramfors, lund):
    landmark = LocalityFactory(municipality=kramfors, kind=PlaceKind.LANDMARK)
    elsewhere = LocalityFactory(municipality=lund)
    for place in (landmark, elsewhere):
        with pytest.raises(ValidationError) as caught:
            create(kramfors, values=values(locality=place))
        assert list(caught.value.message_dict) == ["locality"]
    nyland = LocalityFactory(municipality=kramfors, name="Nyland")
    assert create(kramfors, values=values(locality=nyland)).interview.locality == nyland


def test_an_edit_from_an_older_version_is_refused(kramfors):
    interview = create(kramfors, notes="First notes").interview
    services.interview_update(
        interview=interview, by=None, expected_version=1, values=values(), notes="Second"
    )
    with pytest.raises(services.EditConflict) as caught:
        services.interview_update(
            interview=interview, by=None, expected_version=1, values=values(), notes="Mine"
        )
    assert caught.value.current.version == 2
    assert Interview.objects.get().notes == "Second"


def test_changed_notes_move_passages_to_their_text_or_leave_them_out_of_place(kramfors):
    code = CodeFactory(municipality=kramfors)
    interview = InterviewFactory(
        municipality=kramfors, notes="We come here for the river. I am proud of the bridge."
    )
    river = PassageFactory(interview=interview, text="the river", codes=[code])
    bridge = PassageFactory(interview=interview, text="proud of the bridge", codes=[code])
    saved = services.interview_update(
        interview=interview,
        by=None,
        expected_version=interview.version,
        values=values(),
        notes="Summer: we come here for the river. The bridge is ugly.",
    )
    assert (saved.relocated, saved.lost) == (1, 1)
    river.refresh_from_db()
    bridge.refresh_from_db()
    notes = Interview.objects.get().notes
    assert notes[river.start : river.end] == "the river"
    assert notes[bridge.start : bridge.end] != bridge.text  # shown as out of place
