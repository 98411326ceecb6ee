"""What the interview staff pages share: permissions, finding an interview, a code or a
passage inside the request's municipality, addresses, and reporting refusals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse

from platskraft.core.access import get_scoped_or_404, require_perm

from ..models import Code, Interview, Passage

COUNTS = "interviews.view_counts"  # the codebook and the counts of codes
NOTES = "interviews.view_notes"  # interviews, notes and passages
RECORD = "interviews.record"
CODE = "interviews.code"
CODEBOOK = "interviews.manage_codebook"


def url(name: str, municipality, **kwargs) -> str:
    return reverse(f"interviews:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class InterviewsMixin:
    """Loads things of the request's municipality after the permission checks: anonymous
    visitors are asked to log in, everyone else without the permission gets 404."""

    def allow(self, perm: str, obj=None) -> None:
        require_perm(self.request, perm, obj if obj is not None else self.request.municipality)

    def interview(self, perm: str = NOTES, kwarg: str = "pk") -> Interview:
        self.allow(NOTES)
        interview = get_scoped_or_404(
            Interview.objects.select_related("municipality", "locality", "process"),
            self.request.municipality,
            pk=self.kwargs[kwarg],
        )
        self.allow(perm, interview)
        return interview

    def passage(self, interview: Interview, kwarg: str = "passage_id") -> Passage:
        return get_object_or_404(
            Passage.objects.select_related("interview__municipality"),
            pk=self.kwargs[kwarg],
            interview=interview,
        )

    def code(self, perm: str = COUNTS, kwarg: str = "code_id") -> Code:
        self.allow(perm)
        return get_scoped_or_404(
            Code.objects.select_related("municipality", "parent"),
            self.request.municipality,
            pk=self.kwargs[kwarg],
        )
