"""The interview staff pages through the test client: who may open what (an observer sees
the counts but never the notes; another municipality's staff get 404), recording with
bad input (a message naming the field, what was typed kept, nothing stored), masking
warned, uploads, edit conflicts, coding without JavaScript, counts and CSV."""

from __future__ import annotations

import io
import re

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from platskraft.analysis.text_privacy import luhn_check_digit
from platskraft.core.tests.pages import page_text as text
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory

from ..models import Code, Interview, Passage, Segment
from ..views.interviews import LIST_PAGE
from .factories import CodeFactory, InterviewFactory, LocalityFactory, PassageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]

NINE = "811218987"
PNR = f"{NINE[:6]}-{NINE[6:]}{luhn_check_digit(NINE)}"


def url(name, municipality, **kwargs):
    return reverse(f"interviews:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def member(client, municipality, role):
    user = MembershipFactory(municipality=municipality, role=role).user
    client.force_login(user)
    return user


@pytest.fixture
def editor(client, kramfors):
    return member(client, kramfors, Role.EDITOR)


@pytest.fixture
def interview(kramfors):
    code = CodeFactory(municipality=kramfors, name="Pride")
    interview = InterviewFactory(
        municipality=kramfors, title="Shop owner", notes="I am proud of the bridge."
    )
    PassageFactory(interview=interview, text="proud of the bridge", codes=[code])
    return interview


def pages(kramfors, interview):
    code = Code.objects.get(municipality=kramfors)
    passage = Passage.objects.get()
    notes = {
        url("interview", kramfors, pk=interview.pk),
        url("staff_interview_add", kramfors),
        url("staff_interview_edit", kramfors, pk=interview.pk),
        url("staff_interview_delete", kramfors, pk=interview.pk),
        url("staff_passage_edit", kramfors, pk=interview.pk, passage_id=passage.pk),
        url("staff_passage_delete", kramfors, pk=interview.pk, passage_id=passage.pk),
        url("staff_code_passages", kramfors, code_id=code.pk),
        url("staff_code_add", kramfors),
        url("staff_code_edit", kramfors, code_id=code.pk),
        url("staff_code_delete", kramfors, code_id=code.pk),
    }
    counts = {
        url("staff_interviews", kramfors),
        url("staff_codebook", kramfors),
        url("staff_counts", kramfors),
        url("staff_counts_csv", kramfors),
    }
    return notes, counts


@pytest.mark.parametrize("role", [Role.ADMIN, Role.EDITOR])
def test_officials_open_every_page(client, kramfors, interview, role):
    member(client, kramfors, role)
    notes, counts = pages(kramfors, interview)
    for address in notes | counts:
        assert client.get(address).status_code == 200, address


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.MODERATOR, Role.CASE_HANDLER])
def test_other_staff_see_the_counts_but_never_the_notes(client, kramfors, interview, role):
    member(client, kramfors, role)
    notes, counts = pages(kramfors, interview)
    for address in counts:
        response = client.get(address)
        assert response.status_code == 200, address
        assert "proud of the bridge" not in response.content.decode()
        assert "Shop owner" not in response.content.decode()
    for address in notes:
        assert client.get(address).status_code == 404, address
    counts_page = client.get(url("staff_counts", kramfors))
    assert 'data-passages="1"' in counts_page.content.decode()
    assert "/passages/" not in counts_page.content.decode()  # no links to the quotes


def test_the_list_of_interviews_comes_in_pages(client, kramfors, interview):
    member(client, kramfors, Role.EDITOR)
    InterviewFactory.create_batch(LIST_PAGE, municipality=kramfors)
    first = client.get(url("staff_interviews", kramfors)).content.decode()
    assert first.count('<th scope="row">') == LIST_PAGE and "Page 1 of 2" in first
    second = client.get(url("staff_interviews", kramfors), {"page": "2"}).content.decode()
    assert second.count('<th scope="row">') == 1 and "Page 2 of 2" in second


def test_anonymous_visitors_are_asked_to_log_in(client, kramfors, interview):
    notes, counts = pages(kramfors, interview)
    for address in notes | counts:
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_municipalitys_staff_get_404(client, kramfors, lund, interview):
    member(client, lund, Role.ADMIN)
    notes, counts = pages(kramfors, interview)
    for address in notes | counts:
        assert client.get(address).status_code == 404, address
    # ... and Kramfors' interview through Lund's address is not found either.
    assert client.get(url("interview", lund, pk=interview.pk)).status_code == 404


def form_data(**changes):
    return {
        "kind": "interview",
        "date": "2026-03-14",
        "interviewer": "Eva Lind",
        "segment": Segment.RESIDENT,
        "title": "Café owner by the river",
        "notes": "We come here for the river.",
        **changes,
    }


def test_a_name_without_consent_is_refused_with_the_typed_text_kept(client, kramfors, editor):
    response = client.post(
        url("staff_interview_add", kramfors), form_data(respondent_name="Anna Berg")
    )
    assert response.status_code == 200
    page = text(response)
    assert "Respondent's name: A name is kept only with the respondent's consent" in page
    body = response.content.decode()
    assert 'value="Anna Berg"' in body and "We come here for the river." in body
    assert 'value="Café owner by the river"' in body
    assert not Interview.objects.exists()


def test_half_a_consent_record_names_the_missing_fields(client, kramfors, editor):
    response = client.post(
        url("staff_interview_add", kramfors),
        form_data(respondent_name="Anna Berg", consent_method="written"),
    )
    page = text(response)
    assert "Consent given on: Give the date consent was given." in page
    assert "What the respondent agreed to: Say what the respondent agreed to." in page
    assert not Interview.objects.exists()


def test_a_name_with_consent_is_kept_and_withdrawal_removes_it(client, kramfors, editor):
    client.post(
        url("staff_interview_add", kramfors),
        form_data(
            respondent_name="Anna Berg",
            consent_given_on="2026-03-14",
            consent_method="recorded",
            consent_scope="Name kept with the notes",
        ),
    )
    interview = Interview.objects.get()
    assert interview.respondent_name == "Anna Berg"
    withdraw = url("staff_consent_withdraw", kramfors, pk=interview.pk)
    assert client.get(withdraw).status_code == 200
    client.post(withdraw)
    interview.refresh_from_db()
    assert interview.respondent_name == "" and interview.consent.withdrawn_on is not None
    assert "Anna Berg" not in client.get(interview.get_absolute_url()).content.decode()


def test_identity_numbers_are_masked_and_the_official_warned(client, kramfors, editor):
    response = client.post(
        url("staff_interview_add", kramfors),
        form_data(notes=f"Anna {PNR} and Per 19{NINE}{luhn_check_digit(NINE)}. Tel 070-123 45 67."),
        follow=True,
    )
    page = text(response)
    assert "2 personal identity numbers were masked in the notes" in page
    interview = Interview.objects.get()
    assert interview.masked_count == 2
    assert PNR not in interview.notes and "070-123 45 67" in interview.notes


def test_an_unsupported_upload_is_refused_naming_the_field(client, kramfors, editor):
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4")
    response = client.post(
        url("staff_interview_add", kramfors), {**form_data(), "transcript": upload}
    )
    page = text(response)
    assert "Or upload a transcript: “notes.pdf” is not a transcript this page can read" in page
    assert 'value="Café owner by the river"' in response.content.decode()
    assert not Interview.objects.exists()


def test_a_docx_transcript_becomes_the_notes(client, kramfors, editor):
    document = docx.Document()
    document.add_paragraph("Vi kommer för älven.")
    document.add_paragraph("Bron är vår stolthet.")
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("intervju.docx", buffer.getvalue())
    client.post(url("staff_interview_add", kramfors), {**form_data(notes=""), "transcript": upload})
    interview = Interview.objects.get()
    assert interview.notes == "Vi kommer för älven.\nBron är vår stolthet."
    assert interview.source_filename == "intervju.docx"


def test_an_edit_conflict_keeps_what_was_typed(client, kramfors, editor, interview):
    edit = url("staff_interview_edit", kramfors, pk=interview.pk)
    Interview.objects.filter(pk=interview.pk).update(version=2, notes="Someone else's notes")
    response = client.post(edit, form_data(notes="My own notes", version="1"))
    page = text(response)
    assert "Someone else saved first" in page
    assert "My own notes" in response.content.decode()
    assert 'name="version" value="2"' in response.content.decode()
    assert Interview.objects.get().notes == "Someone else's notes"
    # Sending again on purpose saves over it.
    client.post(edit, form_data(notes="My own notes", version="2"))
    assert Interview.objects.get().notes == "My own notes"


def test_coding_without_javascript_by_text_or_positions(client, kramfors, editor):
    code = CodeFactory(municipality=kramfors, name="Reasons for visiting")
    interview = InterviewFactory(
        municipality=kramfors, notes="We come for the river. The river is wide."
    )
    add = url("staff_passage_add", kramfors, pk=interview.pk)
    ambiguous = client.post(add, {"text": "river", "codes": [code.pk]})
    assert "That text occurs 2 times in the notes" in text(ambiguous)
    missing = client.post(add, {"text": "the lake", "codes": [code.pk]})
    assert "That text was not found in the notes" in text(missing)
    no_code = client.post(add, {"text": "come for the river"})
    assert "Codes: Choose at least one code." in text(no_code)
    assert not Passage.objects.exists()
    response = client.post(add, {"text": "come for the river", "codes": [code.pk], "memo": "m"})
    passage = Passage.objects.get()
    assert response["Location"].endswith(f"#passage-{passage.pk}")
    client.post(add, {"start": "23", "end": "32", "codes": [code.pk]})
    assert sorted(Passage.objects.values_list("text", flat=True)) == [
        "The river",
        "come for the river",
    ]
    page = client.get(interview.get_absolute_url()).content.decode()
    assert f'<mark class="passage" id="passage-{passage.pk}"' in page
    assert "Reasons for visiting" in page
    # Sent twice (a double click, or the same words selected again): one passage.
    again = client.post(add, {"text": "come for the river", "codes": [code.pk]}, follow=True)
    assert "The passage was coded already" in text(again)
    assert Passage.objects.count() == 2


def test_counts_page_links_cells_to_passages_and_exports_csv(client, kramfors, editor, interview):
    nyland = LocalityFactory(municipality=kramfors, name="Nyland")
    Interview.objects.filter(pk=interview.pk).update(locality=nyland)
    response = client.get(url("staff_counts", kramfors), {"by": "locality"})
    body = response.content.decode()
    code = Code.objects.get()
    assert f'data-code="{code.pk}" data-column="{nyland.pk}" data-passages="1"' in body
    link = re.search(rf'href="([^"]*/codebook/{code.pk}/passages/\?[^"]*)"', body).group(1)
    quotes = client.get(link.replace("&amp;", "&"))
    assert "proud of the bridge" in quotes.content.decode()
    assert "Nyland" in text(quotes)
    csv = client.get(url("staff_counts_csv", kramfors), {"by": "locality"})
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("code,level,part of,Nyland: passages,Nyland: interviews")
    assert lines[1] == "Pride,1,,1,1,1,1"


def test_bad_filter_dates_are_named(client, kramfors, editor):
    response = client.get(
        url("staff_counts", kramfors), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
    )
    assert "To: The end date is before the start date." in text(response)


def test_codebook_start_and_duplicate_names(client, kramfors, editor):
    client.post(url("staff_codebook_start", kramfors))
    movement = Code.objects.get(name="Movement", parent=None)
    response = client.post(
        url("staff_code_add", kramfors), {"name": "reasons for visiting", "parent": movement.pk}
    )
    assert "already a code “reasons for visiting” under “Movement”" in text(response)
    assert 'value="reasons for visiting"' in response.content.decode()
    response = client.post(
        url("staff_code_edit", kramfors, code_id=movement.pk),
        {"name": "Movement", "parent": movement.children.first().pk},
    )
    assert "cannot be part of" in text(response)
    page = client.get(url("staff_codebook", kramfors))
    assert "Start from the Kramfors codebook" not in text(page)
    assert "View of the municipality as an organisation" in text(page)


def test_edited_notes_flag_a_passage_whose_text_is_gone(client, kramfors, editor, interview):
    edit = url("staff_interview_edit", kramfors, pk=interview.pk)
    response = client.post(
        edit, form_data(notes="The bridge is ugly.", version=str(interview.version)), follow=True
    )
    page = response.content.decode()
    passage = Passage.objects.get()
    assert "is no longer in the notes" in text(response)
    assert f'<mark class="passage" id="passage-{passage.pk}"' not in page
    assert f'id="passage-{passage.pk}"' in page  # the anchor leads to the flagged item
    assert "No longer found in the notes:" in text(response)


def test_changing_and_removing_a_passage_and_moving_a_code(client, kramfors, editor, interview):
    passage = Passage.objects.get()
    other = CodeFactory(municipality=kramfors, name="Borders")
    edit = url("staff_passage_edit", kramfors, pk=interview.pk, passage_id=passage.pk)
    assert "Choose at least one code." in text(client.post(edit, {"memo": "x"}))
    client.post(edit, {"codes": [other.pk], "memo": "a border"})
    assert list(passage.codes.values_list("name", flat=True)) == ["Borders"]
    client.post(url("staff_code_move", kramfors, code_id=other.pk), {"direction": "up"})
    names = list(Code.objects.order_by("position").values_list("name", flat=True))
    assert names == ["Borders", "Pride"]
    client.post(url("staff_passage_delete", kramfors, pk=interview.pk, passage_id=passage.pk))
    assert not Passage.objects.exists()
    client.post(url("staff_interview_delete", kramfors, pk=interview.pk))
    assert not Interview.objects.exists()
