"""Answering a map question in a real browser: a resident on a phone draws a point, a
route and an area in three layers by touch, edits one and answers the follow-ups; another
answers with the keyboard and the list of places only; undo; a drawing outside the
allowed area; and axe-core on the answering page. Map tiles are answered empty, so every
test also shows the map working without a background."""

import pytest

from platskraft.surveys.models import Response, ResponseStatus
from platskraft.surveys.tests.map_helpers import map_survey, places

from .conftest import axe_violations
from .test_surveys_answer import fits_the_phone, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey(kramfors):
    survey, question = map_survey(kramfors, preset=True)
    survey.question = question
    survey.places = places(kramfors)
    return survey


def start(page, survey):
    page.goto(f"/kramfors/surveys/{survey.pk}/answer/1/")
    page.wait_for_selector(".map-canvas.leaflet-container")
    return page.locator(f"#map-question-{survey.question.pk}")


def pixel(page, lon: float, lat: float) -> dict:
    """Where (lon, lat) is on the map canvas, in pixels from its corner."""
    point = page.evaluate(
        "([lat, lon]) => document.querySelector('.map-question').mapQuestion.map"
        ".latLngToContainerPoint([lat, lon])",
        [lat, lon],
    )
    return {"x": point["x"], "y": point["y"]}


def tap_map(page, *lonlats) -> None:
    canvas = page.locator(".map-canvas")
    for lon, lat in lonlats:
        canvas.tap(position=pixel(page, lon, lat))
        page.wait_for_timeout(120)  # taps closer than a double tap would zoom


def drawn(page) -> list:
    return page.evaluate("JSON.parse(document.querySelector('textarea.map-value').value)")


def item(page, n: int):
    return page.locator(".map-drawings > li").nth(n)


def stored(survey) -> list:
    response = Response.objects.get(survey=survey)
    assert response.status == ResponseStatus.COMPLETE
    return response.answers[str(survey.question.pk)]


def test_a_resident_draws_three_layers_on_a_phone(phone, survey):
    page = phone
    start(page, survey)
    fits_the_phone(page)
    # Without tiles the map still shows the boundary and the place names.
    assert page.locator(".map-canvas.map-plain").count() == 1
    assert page.locator(".map-note").is_visible()
    assert page.locator(".map-place-label", has_text="Kramfors").is_visible()
    assert page.locator(".map-canvas path.leaflet-interactive, .map-canvas svg path").count() >= 1
    # The alternative stays closed until it is asked for.
    assert not page.locator(".map-alternative").evaluate("d => d.open")

    # A point where I shop, with why and more.
    page.tap(".map-layer-button[data-layer=visit]")
    assert page.get_attribute(".map-layer-button[data-layer=visit]", "aria-pressed") == "true"
    tap_map(page, (17.80, 62.95))
    assert page.locator(".map-drawings > li").count() == 1
    first = item(page, 0)
    first.locator("select").select_option("1")
    first.locator("input[type=text]").fill("Fika på torget")

    # A route of three points, by bus.
    page.tap(".map-layer-button[data-layer=route]")
    tap_map(page, (17.62, 62.90), (17.75, 62.93), (17.90, 62.91))
    page.tap(".map-finish")
    item(page, 1).locator("select").select_option("4")

    # The centre as an area of four corners.
    page.tap(".map-layer-button[data-layer=centre]")
    tap_map(page, (17.74, 62.92), (17.82, 62.92), (17.82, 62.96), (17.74, 62.96))
    page.tap(".map-finish")
    assert page.locator(".map-drawings > li").count() == 3
    # The centre takes one area: drawing another is refused before it starts.
    assert page.locator(".map-tools .map-drawArea").is_disabled()

    # Edit: move the point by dragging it with a finger, and change the route's answer.
    item(page, 0).locator(".map-drawing-edit").tap()
    page.wait_for_selector(".map-doneEditing:visible")
    page.wait_for_timeout(300)  # the page scrolls back up to the map
    pin = page.locator(".leaflet-marker-pane .map-pin").first.bounding_box()
    x, y = pin["x"] + pin["width"] / 2, pin["y"] + pin["height"] / 2
    touch = page.context.new_cdp_session(page)
    touch.send(
        "Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]}
    )
    for step in range(1, 11):
        point = {"x": x + 4 * step, "y": y + 3 * step}
        touch.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
        page.wait_for_timeout(20)
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_function(
        "() => JSON.parse(document.querySelector('textarea.map-value').value)[0]"
        ".geometry.coordinates[0] > 17.805"
    )
    page.tap(".map-doneEditing")
    item(page, 1).locator("select").select_option("1")
    fits_the_phone(page)
    assert page.script_errors == []

    page.tap("button[value=next]")
    page.wait_for_url(f"**/surveys/{survey.pk}/thanks/")
    answer = stored(survey)
    assert [(a["layer"], a["geometry"]["type"]) for a in answer] == [
        ("visit", "Point"),
        ("route", "LineString"),
        ("centre", "Polygon"),
    ]
    visit, route, centre = answer
    assert visit["choice"] == 1 and visit["text"] == "Fika på torget"
    lon, lat = visit["geometry"]["coordinates"]
    assert lon > 17.805 and lat < 62.95  # moved right and down
    assert route["choice"] == 1  # changed from bus to walking
    assert [round(c, 2) for c in route["geometry"]["coordinates"][1]] == [17.75, 62.93]
    assert len(route["geometry"]["coordinates"]) == 3
    ring = centre["geometry"]["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    assert "choice" not in centre and "text" not in centre
    # Six decimals at most.
    assert all(len(str(c).split(".")[-1]) <= 6 for c in visit["geometry"]["coordinates"])


def test_another_resident_answers_without_the_map_by_keyboard(phone, survey):
    page = phone
    q = survey.question.pk
    start(page, survey)
    tab_to(page, f"#map-question-{q} .map-alternative > summary")
    page.keyboard.press("Enter")
    assert page.locator(".map-alternative").evaluate("d => d.open")
    tab_to(page, f"#id_q{q}_visit_1_place")
    page.keyboard.type("Kramfors")
    tab_to(page, f"#id_q{q}_visit_1_choice")
    for _step in range(3):  # – , Shopping, Work or school, Leisure
        page.keyboard.press("ArrowDown")
    tab_to(page, f"#id_q{q}_avoid_1_description")
    page.keyboard.type("Busstationen på kvällen")
    tab_to(page, f"#id_q{q}_avoid_1_text")
    page.keyboard.type("Mörkt och tomt")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/surveys/{survey.pk}/thanks/")

    answer = stored(survey)
    kramfors = survey.places["kramfors"]
    assert answer == [
        {
            "layer": "visit",
            "place": kramfors.pk,
            "geometry": {"type": "Point", "coordinates": [17.78, 62.93]},
            "choice": 3,
        },
        {"layer": "avoid", "description": "Busstationen på kvällen", "text": "Mörkt och tomt"},
    ]


def test_undo_takes_back_the_last_action(phone, survey):
    page = phone
    start(page, survey)
    page.tap(".map-layer-button[data-layer=visit]")
    tap_map(page, (17.80, 62.95))
    page.tap(".map-layer-button[data-layer=landmark]")
    tap_map(page, (17.70, 62.98))
    assert [d["layer"] for d in drawn(page)] == ["visit", "landmark"]

    page.tap(".map-undo")  # the landmark goes
    assert [d["layer"] for d in drawn(page)] == ["visit"]
    assert page.locator(".map-drawings > li").count() == 1
    assert page.locator(".leaflet-marker-pane .map-pin").count() == 1

    item(page, 0).locator(".map-drawing-delete").tap()
    assert drawn(page) == []
    page.tap(".map-undo")  # the deleted point comes back
    assert [d["layer"] for d in drawn(page)] == ["visit"]
    # While a route is being drawn, undo removes its last point only.
    page.tap(".map-layer-button[data-layer=route]")
    tap_map(page, (17.62, 62.90), (17.75, 62.93), (17.90, 62.91))
    page.tap(".map-undo")
    page.tap(".map-finish")
    assert [len(d["geometry"].get("coordinates")) for d in drawn(page)] == [2, 2]

    page.tap("button[value=next]")
    page.wait_for_url(f"**/surveys/{survey.pk}/thanks/")
    answer = stored(survey)
    assert [(a["layer"], a["geometry"]["type"]) for a in answer] == [
        ("visit", "Point"),
        ("route", "LineString"),
    ]
    assert [round(c, 2) for c in answer[1]["geometry"]["coordinates"][-1]] == [17.75, 62.93]


def test_a_drawing_outside_the_allowed_area_is_refused(phone, survey):
    page = phone
    start(page, survey)
    page.tap(".leaflet-control-zoom-out")
    page.wait_for_timeout(400)
    page.tap(".map-layer-button[data-layer=visit]")
    tap_map(page, (17.35, 62.86))  # west of the boundary and its 2 km margin
    warning = item(page, 0).locator(".map-drawing-warning")
    assert warning.is_visible()

    page.tap("button[value=next]")
    page.wait_for_selector(".error-summary")
    error = page.locator(f"#question-{survey.question.pk} .errorlist")
    assert survey.question.settings["layers"][0]["label"] in error.inner_text()
    assert not Response.objects.filter(survey=survey, status=ResponseStatus.COMPLETE).exists()
    assert all(str(survey.question.pk) not in r.answers for r in Response.objects.all())
    # The drawing is shown again, still marked, to move or delete.
    page.wait_for_selector(".map-drawings > li .map-drawing-warning:visible")
    assert [d["layer"] for d in drawn(page)] == ["visit"]


def test_the_answering_page_passes_axe(phone, survey):
    page = phone
    start(page, survey)
    page.tap(".map-layer-button[data-layer=visit]")
    tap_map(page, (17.80, 62.95))
    page.locator(".map-alternative > summary").tap()
    assert page.locator(".map-alternative").evaluate("d => d.open")
    assert axe_violations(page) == []
    fits_the_phone(page)
