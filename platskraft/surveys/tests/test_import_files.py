"""Importing responses from a CSV file: check and preview, then all or nothing."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from platskraft.municipalities.models import Role
from platskraft.surveys.models import Channel, Response, ResponseStatus, SurveyStatus
from platskraft.surveys.services import imports

from .factories import QuestionFactory, survey_with_every_kind
from .results_helpers import answered_survey, member, questions_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def setup(client, settings, tmp_path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.SURVEY_IMPORT_DIR = tmp_path / "imports"
    with translation.override("en"):
        yield


@pytest.fixture
def official(client, kramfors):
    user = member(kramfors, Role.EDITOR)
    client.force_login(user)
    return user


def url(name, survey):
    return reverse(
        f"surveys:{name}", kwargs={"municipality_slug": survey.municipality.slug, "pk": survey.pk}
    )


def upload(text: str, name="answers.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def check(client, survey, text: str, **kwargs):
    return client.post(url("staff_import", survey), {"file": upload(text, **kwargs)})


def token_of(response) -> str:
    match = re.search(r'name="token" value="([0-9a-f]+)"', response.content.decode())
    assert match, "no preview"
    return match.group(1)


GOOD = (
    "role,overall,leisure,leisure_other,reasons_1,reasons_2,reasons_3,reasons_99,reasons_other,"
    "priorities_1,priorities_2,priorities_3,services_2,since,commute\n"
    "1,4,0,A skate park,1,0,1,1,Friends,2,1,,5,2019-05-01,25\n"
    "2,5,1,,,,,,,,,,,,\n"
)


def test_a_good_file_is_previewed_then_imported(client, kramfors, official):
    survey = survey_with_every_kind(kramfors)
    q = questions_of(survey)
    response = check(client, survey, GOOD)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The file holds 2 responses, and every line is right." in html
    assert "<td>A skate park</td>" in html  # the first lines, as written
    assert not Response.objects.filter(survey=survey).exists()  # not yet

    done = client.post(url("staff_import", survey), {"token": token_of(response)})
    assert done.status_code == 302
    assert done["Location"] == url("staff_results", survey)
    first, second = Response.objects.filter(survey=survey).order_by("pk")
    assert first.answers == {
        q["role"].key: 1,
        q["overall"].key: 4,
        q["leisure"].key: 0,
        q["leisure_other"].key: "A skate park",
        q["reasons"].key: [1, 3, 99],
        f"{q['reasons'].pk}.other": "Friends",
        q["priorities"].key: [2, 1],
        q["services"].key: {"2": 5},
        q["since"].key: "2019-05-01",
        q["commute"].key: 25,
    }
    assert second.answers == {q["role"].key: 2, q["overall"].key: 5, q["leisure"].key: 1}
    assert {r.channel for r in (first, second)} == {Channel.PAPER}
    assert {r.status for r in (first, second)} == {ResponseStatus.COMPLETE}
    assert first.entered_by == official and first.submitted_at is not None
    # The kept file is gone once imported: the same form sent again imports nothing.
    again = client.post(url("staff_import", survey), {"token": token_of(response)}, follow=True)
    assert "That file is no longer here" in again.content.decode()
    assert Response.objects.filter(survey=survey).count() == 2


def test_a_bad_file_names_each_line_and_column_and_imports_nothing(client, kramfors, official):
    survey = survey_with_every_kind(kramfors)
    text = (
        "role,overall,commute,channel,submitted_at,leisure,leisure_other\n"
        "1,4,25,paper,2026-01-05 10:00,1,\n"
        "1,9,25,web,,,\n"
        "5,3,abc,letter,yesterday,,\n"
        "1,2,400,cafe,,1,Bowling\n"
    )
    response = check(client, survey, text)
    html = response.content.decode()
    assert "The file was not imported" in html
    assert "Line 3: Column overall: 9 is not one of the codes of this question." in html
    assert "Line 4, column channel: “letter” is not one of web, paper, cafe, kiosk." in html
    assert "Line 4, column submitted_at: “yesterday” is not a date and time" in html
    assert "Line 4: Column role: 5 is not one of the codes of this question." in html
    assert "Line 4: Column commute:" in html
    assert "Line 5: Column commute:" in html  # over the maximum of 300
    assert "Line 5, column leisure_other: the question is asked only after" in html
    assert 'name="token"' not in html
    assert not Response.objects.filter(survey=survey).exists()


def test_unknown_columns_are_named(client, kramfors, official):
    survey = survey_with_every_kind(kramfors)
    html = check(client, survey, "role,colour,size\n1,red,5\n").content.decode()
    assert "This survey has no columns “colour”, “size”." in html
    assert not Response.objects.filter(survey=survey).exists()


def test_another_surveys_export_is_refused(client, kramfors, official):
    other, _q = answered_survey(kramfors)
    exported = b"".join(client.get(url("staff_export_csv", other)).streaming_content)
    survey = survey_with_every_kind(kramfors)
    QuestionFactory(survey=survey, section=survey.sections.first(), code="extra")
    survey.questions.filter(code="wish").delete()
    response = client.post(
        url("staff_import", survey),
        {"file": SimpleUploadedFile("export.csv", exported, content_type="text/csv")},
    )
    assert "This survey has no column “wish”." in response.content.decode()
    assert not Response.objects.filter(survey=survey).exists()


def test_an_export_imports_into_a_survey_of_the_same_columns_and_not_twice(
    client, kramfors, official
):
    source, _q = answered_survey(kramfors)
    exported = b"".join(client.get(url("staff_export_csv", source)).streaming_content)
    target = survey_with_every_kind(kramfors)
    response = client.post(
        url("staff_import", target),
        {"file": SimpleUploadedFile("export.csv", exported, content_type="text/csv")},
    )
    client.post(url("staff_import", target), {"token": token_of(response)})
    again = b"".join(client.get(url("staff_export_csv", target)).streaming_content)

    def rows(data):
        return [row[1:] for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))]

    assert rows(again) == rows(exported)  # all but the response numbers
    assert "'=A cinema" in again.decode()  # guarded again, and stored without the guard
    stored = Response.objects.filter(survey=target).values_list("answers", flat=True)
    assert "=A cinema" in [a.get(str(questions_of(target)["leisure_other"].pk)) for a in stored]

    # The same file into the survey it came from: its responses are there already.
    html = client.post(
        url("staff_import", source),
        {"file": SimpleUploadedFile("export.csv", exported, content_type="text/csv")},
    ).content.decode()
    assert "Line 2, column response_id: response" in html
    assert "is already in this survey (was the file imported before?)" in html


def test_excel_semicolons_and_windows_text_are_read(client, kramfors, official):
    survey = survey_with_every_kind(kramfors)
    q = questions_of(survey)
    text = "role;leisure_other;leisure;channel\r\n1;Skärgårdsbåt;0;cafe\r\n"
    response = check(client, survey, text, encoding="cp1252")
    client.post(url("staff_import", survey), {"token": token_of(response)})
    imported = Response.objects.get(survey=survey)
    assert imported.answers[q["leisure_other"].key] == "Skärgårdsbåt"
    assert imported.channel == Channel.CAFE


def test_a_file_over_the_size_limit_is_refused(client, kramfors, official, monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 100)
    survey = survey_with_every_kind(kramfors)
    html = check(client, survey, "role\n" + "1\n" * 100).content.decode()
    assert "The file is larger than" in html
    assert not Response.objects.filter(survey=survey).exists()


def test_an_empty_file_and_a_header_alone(client, kramfors, official):
    survey = survey_with_every_kind(kramfors)
    assert "The submitted file is empty." in check(client, survey, "").content.decode()
    assert "The file is empty" in check(client, survey, "\n\n").content.decode()
    assert "The file has no responses" in check(client, survey, "role,overall\n").content.decode()


def test_a_token_of_another_session_imports_nothing(client, kramfors, official):
    survey = survey_with_every_kind(kramfors)
    token = imports.import_file_keep(survey=survey, content=GOOD.encode())
    response = client.post(url("staff_import", survey), {"token": token}, follow=True)
    assert "That file is no longer here" in response.content.decode()
    assert not Response.objects.filter(survey=survey).exists()


def test_nothing_is_half_written_when_the_import_fails(kramfors, official, monkeypatch):
    survey = survey_with_every_kind(kramfors)
    original = Response.objects.bulk_create

    def fail_after_writing(rows, **kwargs):
        original(rows[:1], **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(Response.objects, "bulk_create", fail_after_writing)
    with pytest.raises(RuntimeError):
        imports.responses_import(survey=survey, content=GOOD.encode(), user=official)
    assert not Response.objects.filter(survey=survey).exists()


@pytest.mark.parametrize("role", [Role.OBSERVER, Role.MODERATOR])
def test_only_admins_and_editors_import(client, kramfors, role):
    survey = survey_with_every_kind(kramfors)
    client.force_login(member(kramfors, role))
    assert client.get(url("staff_import", survey)).status_code == 404
    assert check(client, survey, GOOD).status_code == 404
    assert not Response.objects.filter(survey=survey).exists()


def test_a_draft_takes_no_imports(client, kramfors, official):
    survey = survey_with_every_kind(kramfors, status=SurveyStatus.DRAFT)
    assert client.get(url("staff_import", survey)).status_code == 404


def test_another_municipalitys_staff_gets_404(client, kramfors, lund):
    survey = survey_with_every_kind(kramfors)
    client.force_login(member(lund, Role.ADMIN))
    assert client.get(url("staff_import", survey)).status_code == 404
    assert check(client, survey, GOOD).status_code == 404


def test_the_form_lists_the_columns(client, kramfors, official):
    survey = survey_with_every_kind(kramfors)
    html = client.get(url("staff_import", survey)).content.decode()
    assert "response_id, channel, submitted_at, role, age, reasons_1" in html
    assert 'type="file"' in html
