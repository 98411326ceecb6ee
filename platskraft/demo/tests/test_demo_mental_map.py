"""The demo mental map: a gazetteer inside the boundary, two rounds of drawings that the
analysis can read, and small groups for the threshold to hide."""

import re

import pytest
import shapely
from django.core.management import call_command
from django.test import Client
from shapely.geometry import shape

from platskraft.municipalities.models import Municipality
from platskraft.surveys.kinds import kind_of
from platskraft.surveys.models import Survey, SurveyStatus

pytestmark = pytest.mark.django_db


def test_demo_mental_map_has_two_rounds_of_drawings_inside_kramfors(shared_data):
    call_command("demo")
    kramfors = Municipality.objects.get(slug="kramfors")
    assert kramfors.boundary  # from the okfse file
    area = shape(kramfors.boundary)
    places = kramfors.localities.exclude(latitude=None)
    assert {"Kramfors", "Docksta", "Högakustenbron", "Skuleberget"} <= {p.name for p in places}
    assert all(shapely.contains_xy(area, p.longitude, p.latitude) for p in places)
    current = Survey.objects.get(
        municipality=kramfors, status=SurveyStatus.PUBLISHED, title__startswith="Mental karta"
    )
    earlier = current.previous_round
    assert earlier.results_public and current.results_public
    assert current.responses.count() + earlier.responses.count() == 300
    question = current.questions.get(code="karta")
    assert kind_of(question).analysis == "map"
    layers = {layer["key"] for layer in question.settings["layers"]}
    assert len(layers) == 7
    drawn = 0
    for response in current.responses.all():
        for item in response.answers.get(question.key, []):
            assert item["layer"] in layers
            if "geometry" in item:
                drawn += 1
                geometry = shape(item["geometry"])
                assert geometry.is_valid and area.buffer(0.05).contains(geometry)
    assert drawn > 300
    # The public analysis page shows cells and hides some below k.
    client = Client()
    html = client.get(f"/kramfors/surveys/{current.pk}/map/?layer=visit").content.decode()
    assert "data-cell=" in html
    hidden = re.search(r'id="hidden-count">(\d+)<', html)
    assert hidden and int(hidden.group(1)) > 0
