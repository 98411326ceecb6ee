"""The builder's pages: who may open what (every view × every kind of visitor), and
another municipality's staff get 404."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from platskraft.accounts.tests.factories import UserFactory
from platskraft.municipalities.models import Role
from platskraft.municipalities.tests.factories import MembershipFactory
from platskraft.surveys.models import Locality, Option, Question, Section, Survey

from .factories import (
    LocalityFactory,
    OptionFactory,
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_client")]


STAFF = ["admin", "editor", "moderator", "handler", "observer"]
WRITERS = ["admin", "editor"]
EVERYONE = [*STAFF, "resident", "anonymous", "lund_admin"]


@dataclass
class World:
    municipality: object
    users: dict
    survey: Survey
    section: Section
    enough: Question
    area: Question
    grid: Question
    where: Question
    north: Option
    locality: Locality


@pytest.fixture
def world(kramfors, lund):
    def member(role, municipality=kramfors):
        return MembershipFactory(municipality=municipality, role=role).user

    users = {
        "admin": member(Role.ADMIN),
        "editor": member(Role.EDITOR),
        "moderator": member(Role.MODERATOR),
        "handler": member(Role.CASE_HANDLER),
        "observer": member(Role.OBSERVER),
        "resident": UserFactory(),
        "anonymous": None,
        "lund_admin": member(Role.ADMIN, municipality=lund),
    }
    survey = SurveyFactory(municipality=kramfors, status="draft", title="Living here")
    section = SectionFactory(survey=survey, position=1, title="About you")
    enough = QuestionFactory(section=section, code="enough", kind="yes_no", text="Enough?")
    QuestionFactory(
        section=section,
        code="missing",
        text="What is missing?",
        condition_question=enough,
        condition_values=[0],
    )
    area = QuestionFactory(section=section, code="area", kind="single", text="Which area?")
    north = OptionFactory(question=area, value=1, label="North")
    OptionFactory(question=area, value=2, label="South")
    grid = QuestionFactory(section=section, code="grid", kind="matrix", text="Rate")
    OptionFactory(question=grid, role="row", value=1, label="Schools")
    where = QuestionFactory(
        section=section,
        code="where",
        kind="segment",
        text="Where?",
        settings={"segment": "locality"},
    )
    OptionFactory(question=where, value=1, label="Nyland")
    locality = LocalityFactory(municipality=kramfors, name="Nyland", position=1)
    LocalityFactory(municipality=kramfors, name="Gudmundrå", position=2)
    later = SectionFactory(survey=survey, position=2, title="Living here")
    QuestionFactory(section=later, code="wish", kind="long_text", text="Anything else?")
    return World(kramfors, users, survey, section, enough, area, grid, where, north, locality)


def url(name, municipality, **kwargs):
    return reverse(f"surveys:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def _get(name, **kw):
    return ("get", name, kw, None)


def _post(name, data=None, **kw):
    return ("post", name, kw, data or (lambda w: {}))


SURVEY = {"pk": "survey"}
SECTION = {"pk": "survey", "section_id": "section"}
AREA = {"pk": "survey", "question_id": "area"}
OPTION = {"pk": "survey", "question_id": "area", "option_id": "north"}
LOCALITY = {"locality_id": "locality"}
SETTINGS = {"title": "Living here", "access": "anyone"}

VIEWS = {
    "list": (_get("staff_list"), STAFF),
    "survey": (_get("staff_survey", **SURVEY), STAFF),
    "preview": (_get("staff_survey_preview", **SURVEY), STAFF),
    "preview_page": (
        _post("staff_survey_preview_page", number=1, **SURVEY),
        STAFF,
    ),
    "localities": (_get("staff_localities"), STAFF),
    "survey_add": (_get("staff_survey_add"), WRITERS),
    "survey_add_post": (
        _post("staff_survey_add", lambda w: {"title": "New", "access": "anyone"}),
        WRITERS,
    ),
    "survey_edit": (_get("staff_survey_edit", **SURVEY), WRITERS),
    "survey_edit_post": (_post("staff_survey_edit", lambda w: SETTINGS, **SURVEY), WRITERS),
    "survey_status": (
        _post("staff_survey_status", lambda w: {"action": "publish"}, **SURVEY),
        WRITERS,
    ),
    "survey_delete": (_get("staff_survey_delete", **SURVEY), WRITERS),
    "survey_delete_post": (_post("staff_survey_delete", **SURVEY), WRITERS),
    "survey_duplicate": (_get("staff_survey_duplicate", **SURVEY), WRITERS),
    "survey_duplicate_post": (_post("staff_survey_duplicate", **SURVEY), WRITERS),
    "section_add": (_post("staff_section_add", lambda w: {"title": "More"}, **SURVEY), WRITERS),
    "section_edit": (_get("staff_section_edit", **SECTION), WRITERS),
    "section_delete": (_get("staff_section_delete", **SECTION), WRITERS),
    "section_move": (
        _post("staff_section_move", lambda w: {"direction": "down"}, **SECTION),
        WRITERS,
    ),
    "question_kind_choice": (_get("staff_question_add", **SECTION), WRITERS),
    "question_add": (
        _post(
            "staff_question_add",
            lambda w: {"kind": "rating", "text": "How good?", "setting_low_label": "Bad"},
            **SECTION,
        ),
        WRITERS,
    ),
    "question_edit": (_get("staff_question_edit", **AREA), WRITERS),
    "question_edit_post": (
        _post(
            "staff_question_edit",
            lambda w: {"text": "Area?", "code": "area", "section": w.section.pk},
            **AREA,
        ),
        WRITERS,
    ),
    "question_kind": (
        _post("staff_question_kind", lambda w: {"kind": "multiple"}, **AREA),
        WRITERS,
    ),
    "question_condition": (_get("staff_question_condition", **AREA), WRITERS),
    "question_condition_post": (
        _post("staff_question_condition", lambda w: {"answers": [f"{w.enough.pk}:1"]}, **AREA),
        WRITERS,
    ),
    "question_delete": (_get("staff_question_delete", **AREA), WRITERS),
    "question_move": (_post("staff_question_move", lambda w: {"direction": "up"}, **AREA), WRITERS),
    "question_duplicate": (_post("staff_question_duplicate", **AREA), WRITERS),
    "question_localities": (
        _post("staff_question_localities", pk="survey", question_id="where"),
        WRITERS,
    ),
    "option_add": (_get("staff_option_add", role="choice", **AREA), WRITERS),
    "option_add_post": (
        _post("staff_option_add", lambda w: {"label": "East"}, role="choice", **AREA),
        WRITERS,
    ),
    "option_edit": (_get("staff_option_edit", **OPTION), WRITERS),
    "option_delete": (_post("staff_option_delete", **OPTION), WRITERS),
    "option_move": (_post("staff_option_move", lambda w: {"direction": "down"}, **OPTION), WRITERS),
    "locality_add": (_post("staff_localities", lambda w: {"name": "Bollsta"}), WRITERS),
    "locality_edit": (_get("staff_locality_edit", **LOCALITY), WRITERS),
    "locality_delete": (_post("staff_locality_delete", **LOCALITY), WRITERS),
    "locality_move": (
        _post("staff_locality_move", lambda w: {"direction": "down"}, **LOCALITY),
        WRITERS,
    ),
}


def _resolve(world, kwargs):
    return {
        key: getattr(world, value).pk if isinstance(value, str) and hasattr(world, value) else value
        for key, value in kwargs.items()
    }


@pytest.mark.parametrize("who", EVERYONE)
@pytest.mark.parametrize("view", list(VIEWS))
def test_each_view_answers_each_kind_of_visitor(client, world, view, who):
    (method, name, kwargs, data), allowed = VIEWS[view]
    if world.users[who] is not None:
        client.force_login(world.users[who])
    target = url(name, world.municipality, **_resolve(world, kwargs))
    response = client.get(target) if method == "get" else client.post(target, data(world))
    if who == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif who in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert not response["Location"].startswith(reverse("accounts:login"))
            messages = [str(m) for m in response.wsgi_request._messages]
            assert not [m for m in messages if "cannot" in m or "Choose" in m], messages
        elif method == "post":
            assert name == "staff_survey_preview_page"  # the preview answers in place
    else:
        assert response.status_code == 404


def test_another_municipalitys_surveys_are_404_under_its_own_address(client, world, lund):
    client.force_login(world.users["lund_admin"])
    w = world
    for name, kwargs in [
        ("staff_survey", {"pk": w.survey.pk}),
        ("staff_survey_edit", {"pk": w.survey.pk}),
        ("staff_survey_preview", {"pk": w.survey.pk}),
        ("staff_section_edit", {"pk": w.survey.pk, "section_id": w.section.pk}),
        ("staff_question_edit", {"pk": w.survey.pk, "question_id": w.area.pk}),
        ("staff_question_condition", {"pk": w.survey.pk, "question_id": w.area.pk}),
        (
            "staff_option_edit",
            {"pk": w.survey.pk, "question_id": w.area.pk, "option_id": w.north.pk},
        ),
        ("staff_locality_edit", {"locality_id": w.locality.pk}),
    ]:
        assert client.get(url(name, lund, **kwargs)).status_code == 404, name
    for name, kwargs, data in [
        ("staff_survey_status", {"pk": w.survey.pk}, {"action": "publish"}),
        ("staff_survey_delete", {"pk": w.survey.pk}, {}),
        ("staff_question_delete", {"pk": w.survey.pk, "question_id": w.area.pk}, {}),
        ("staff_locality_delete", {"locality_id": w.locality.pk}, {}),
    ]:
        assert client.post(url(name, lund, **kwargs), data).status_code == 404, name
    assert Survey.objects.get(pk=w.survey.pk).status == "draft"
    assert Question.objects.filter(pk=w.area.pk).exists()
    assert Locality.objects.filter(pk=w.locality.pk).exists()
    # A lund list shows none of kramfors' surveys.
    assert "Living here" not in client.get(url("staff_list", lund)).content.decode()


def test_parts_of_another_survey_are_404_under_this_surveys_address(client, world, kramfors):
    client.force_login(world.users["admin"])
    other = SurveyFactory(municipality=kramfors, status="draft")
    for name, kwargs in [
        ("staff_section_edit", {"pk": other.pk, "section_id": world.section.pk}),
        ("staff_question_edit", {"pk": other.pk, "question_id": world.area.pk}),
        (
            "staff_option_edit",
            {"pk": world.survey.pk, "question_id": world.enough.pk, "option_id": world.north.pk},
        ),
        ("staff_option_add", {"pk": world.survey.pk, "question_id": world.area.pk, "role": "x"}),
    ]:
        assert client.get(url(name, kramfors, **kwargs)).status_code == 404, name


def test_actions_take_no_get(client, world):
    client.force_login(world.users["admin"])
    for name, kwargs in [
        ("staff_survey_status", {"pk": world.survey.pk}),
        ("staff_question_move", {"pk": world.survey.pk, "question_id": world.area.pk}),
        ("staff_question_duplicate", {"pk": world.survey.pk, "question_id": world.area.pk}),
        ("staff_locality_move", {"locality_id": world.locality.pk}),
    ]:
        assert client.get(url(name, world.municipality, **kwargs)).status_code == 405, name
