"""Resolve the municipality of a request once, from the `/<municipality_slug>/` URL prefix."""

from django.http import Http404
from django.utils import translation

from platskraft.core.queries import unique_or_none

from .models import Municipality


class TenantMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.municipality = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        slug = view_kwargs.pop("municipality_slug", None)
        if slug is None:
            return None
        municipality = unique_or_none(Municipality.objects.select_related("county"), slug=slug)
        if municipality is None:
            raise Http404("No such municipality")
        request.municipality = municipality
        # A municipality may offer fewer languages than the platform; keep to those.
        if municipality.languages and translation.get_language() not in municipality.languages:
            translation.activate(municipality.languages[0])
            request.LANGUAGE_CODE = municipality.languages[0]
        return None
