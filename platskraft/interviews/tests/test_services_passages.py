"""Coding passages: found by positions, by pasted text (line breaks and spaces aside),
refused when not found, ambiguous or without codes; highlighted in the notes."""

import re

import pytest
from django.core.exceptions import ValidationError

from ..highlight import highlighted
from ..models import Passage
from ..services import passages as services
from .factories import CodeFactory, InterviewFactory, PassageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

NOTES = "We come here for the river.\nI am proud of the bridge.\nThe border is at the bridge."


@pytest.fixture
def interview(kramfors):
    return InterviewFactory(municipality=kramfors, notes=NOTES)


@pytest.fixture
def code(kramfors):
    return CodeFactory(municipality=kramfors, name="Pride")


def test_a_passage_by_its_positions_takes_its_text_from_the_notes(interview, code):
    start = NOTES.index("I am proud")
    passage = services.passage_create(
        interview=interview, by=None, codes=[code], start=start - 1, end=start + 25, memo=" m "
    )
    # The line break before it is trimmed off.
    assert (passage.start, passage.text, passage.memo) == (start, "I am proud of the bridge.", "m")
    assert list(passage.codes.all()) == [code]


def test_a_pasted_passage_is_found_whatever_its_line_breaks(interview, code):
    passage = services.passage_create(
        interview=interview, by=None, codes=[code], text="  the river.  I am\r\n proud "
    )
    assert passage.text == "the river.\nI am proud"
    assert NOTES[passage.start : passage.end] == passage.text


def test_a_passage_not_in_the_notes_or_found_twice_is_refused(interview, code):
    with pytest.raises(ValidationError) as caught:
        services.passage_create(interview=interview, by=None, codes=[code], text="the lake")
    assert caught.value.message_dict["text"][0].startswith("That text was not found")
    with pytest.raises(ValidationError) as caught:
        services.passage_create(interview=interview, by=None, codes=[code], text="the bridge")
    assert "occurs 2 times" in caught.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as caught:
        services.passage_create(interview=interview, by=None, codes=[code])
    assert "text" in caught.value.message_dict
    assert not Passage.objects.exists()


def test_positions_out_of_range_or_half_given_are_refused(interview, code):
    for start, end, field in [
        (5, 5, "end"),
        (0, len(NOTES) + 1, "end"),
        (3, None, "end"),
        (None, 4, "start"),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.passage_create(
                interview=interview, by=None, codes=[code], start=start, end=end
            )
        assert list(caught.value.message_dict) == [field]
    with pytest.raises(ValidationError) as caught:
        services.passage_create(interview=interview, by=None, codes=[code], start=27, end=28)
    assert "white space" in caught.value.message_dict["text"][0]


def test_positions_that_do_not_match_the_selected_text_fall_back_to_the_text(interview, code):
    passage = services.passage_create(
        interview=interview, by=None, codes=[code], start=0, end=7, text="the river"
    )
    assert passage.text == "the river"


def test_codes_are_required_and_must_be_of_the_municipality(interview, lund):
    with pytest.raises(ValidationError) as caught:
        services.passage_create(interview=interview, by=None, codes=[], text="the river")
    assert caught.value.message_dict == {"codes": ["Choose at least one code."]}
    foreign = CodeFactory(municipality=lund)
    with pytest.raises(ValidationError):
        services.passage_create(interview=interview, by=None, codes=[foreign], text="the river")
    assert not Passage.objects.exists()


def test_the_same_stretch_coded_again_gets_the_codes_not_a_second_passage(interview, kramfors):
    pride, border = (CodeFactory(municipality=kramfors, name=n) for n in ("Pride", "Border"))
    first = services.passage_create(
        interview=interview, by=None, codes=[pride], text="I am proud of the bridge.", memo="a"
    )
    start = NOTES.index("I am proud")
    again = services.passage_create(
        interview=interview, by=None, codes=[border, pride], start=start, end=start + 25, memo="b"
    )
    assert again.pk == first.pk and again.already_coded
    assert not getattr(first, "already_coded", False)
    assert Passage.objects.count() == 1
    stored = Passage.objects.get()
    assert set(stored.codes.all()) == {pride, border} and stored.memo == "a\nb"
    # A memo that would not fit is refused, and nothing changes.
    long = "x" * (services.MEMO_MAX - 1)
    with pytest.raises(ValidationError) as caught:
        services.passage_create(
            interview=interview, by=None, codes=[pride], text="I am proud of the bridge.", memo=long
        )
    assert "coded already" in caught.value.message_dict["memo"][0]
    assert Passage.objects.get().memo == "a\nb"


def test_changing_and_removing_a_passage(interview, code, kramfors):
    other = CodeFactory(municipality=kramfors, name="Borders")
    passage = PassageFactory(interview=interview, text="The border", codes=[code])
    services.passage_update(passage=passage, codes=[code, other], memo="both")
    assert set(passage.codes.all()) == {code, other}
    assert Passage.objects.get().memo == "both"
    services.passage_delete(passage=passage)
    assert not Passage.objects.exists()
    assert other.pk and code.pk  # the codes stay


def test_highlighted_notes_keep_the_text_and_anchor_each_passage(interview, code):
    river = PassageFactory(interview=interview, text="for the river.\nI am proud", codes=[code])
    proud = PassageFactory(interview=interview, text="I am proud of the bridge.", codes=[code])
    html = str(highlighted(interview.notes + " <b>", [river, proud]))
    assert html.count(f'id="passage-{river.pk}"') == 1
    assert html.count(f'id="passage-{proud.pk}"') == 1
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">") == (
        interview.notes + " <b>"
    )
    # The overlap ("I am proud") is inside both marks; the second passage starts there.
    r, p = river.pk, proud.pk
    assert (
        f'<mark class="passage" data-passage="{r}">'
        f'<mark class="passage" id="passage-{p}" data-passage="{p}">I am proud</mark></mark>'
        f'<mark class="passage" data-passage="{p}"> of the bridge.</mark>'
    ) in html
