"""A layer's aggregates, kept in the cache for a while.

Reading and parsing a few thousand responses' drawings takes a few hundred
milliseconds; the aggregation itself much less. The result is kept under a key made
of the survey, the question, the layer's settings, the filters and the state of the
answers (how many complete responses, the latest change, the gazetteer's places), so a new or changed response or place gives a new key and stale results are
never shown.
"""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.db.models import Count, Max

from platskraft.surveys.models import Locality, Response, ResponseStatus

from .filters import Filters
from .layers import LayerCounts, layer_counts, respondents_with
from .reading import place_names, read_map_answers

TIMEOUT_S = 15 * 60


def _state(survey) -> str:
    responses = Response.objects.filter(survey=survey, status=ResponseStatus.COMPLETE).aggregate(
        n=Count("pk"), last=Max("updated_at")
    )
    places = list(
        Locality.objects.filter(municipality_id=survey.municipality_id)
        .order_by("pk")
        .values_list("pk", "name", "kind", "latitude", "longitude")
    )
    return f"{responses['n']}:{responses['last']}:{places}"


def _key(survey, question, layer: dict, filter_question, filters: Filters) -> str:
    parts = [
        survey.pk,
        question.pk,
        json.dumps(layer, sort_keys=True, default=str),
        filter_question.pk if filter_question is not None else None,
        filters.value if filter_question is not None else None,
        filters.choice,
        filters.resolution,
        filters.k,
        _state(survey),
    ]
    digest = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]
    return f"maps:counts:{digest}"


def compute_counts(*, survey, question, layer: dict, filter_question, filters: Filters):
    from .page import localities

    layer_keys = [lay.get("key") for lay in (question.settings or {}).get("layers", [])]
    answers = read_map_answers(
        survey=survey,
        question=question,
        layer_keys=layer_keys,
        filter_question=filter_question,
        only_layer=layer["key"],
    )
    return layer_counts(
        answers,
        layer_index=layer_keys.index(layer["key"]),
        layer=layer,
        resolution=filters.resolution,
        k=filters.k,
        choice=filters.choice,
        respondents=respondents_with(answers, filters.value if filter_question else None),
        localities=localities(survey.municipality),
        place_names=place_names(municipality=survey.municipality),
    )


def cached_counts(*, survey, question, layer: dict, filter_question, filters: Filters):
    key = _key(survey, question, layer, filter_question, filters)
    counts: LayerCounts | None = cache.get(key)
    if counts is None:
        counts = compute_counts(
            survey=survey,
            question=question,
            layer=layer,
            filter_question=filter_question,
            filters=filters,
        )
        cache.set(key, counts, TIMEOUT_S)
    return counts
