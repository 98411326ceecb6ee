"""What the staff pages share: permissions, finding the round and its parts inside the
request's municipality, addresses, and the shape of a page with a form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.views.generic import OneFormView, StaffView

from ...models import District, Project, Round

READ = "budgeting.view_staff"  # read the staff pages
MANAGE = "budgeting.manage"  # rounds, districts, projects, codes
PAPER = "budgeting.enter_paper"  # enter paper ballots


def staff_url(name: str, municipality, **kwargs) -> str:
    return reverse(f"budgeting:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def round_url(round_: Round, name: str = "staff_round", **kwargs) -> str:
    return staff_url(name, round_.municipality, pk=round_.pk, **kwargs)


def report(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class RoundMixin:
    """Loads `self.round` (kwarg `pk`): first the visitor must read the municipality's
    budget pages (anonymous: log in; anyone else: 404), then hold `perm` on the round."""

    perm = MANAGE

    def load_round(self) -> Round:
        require_perm(self.request, READ, self.request.municipality)
        round_ = get_scoped_or_404(
            Round.objects.select_related("municipality", "process"),
            self.request.municipality,
            pk=self.kwargs["pk"],
        )
        require_perm(self.request, self.perm, round_)
        self.round = round_
        return round_

    def district(self, kwarg: str = "district_id") -> District:
        return get_object_or_404(District, pk=self.kwargs[kwarg], round=self.round)

    def project(self, kwarg: str = "project_id") -> Project:
        return get_object_or_404(
            Project.objects.select_related("district", "proposal"),
            pk=self.kwargs[kwarg],
            round=self.round,
        )

    def context(self, **extra) -> dict:
        user = self.request.user
        return {
            "round": self.round,
            "can_manage": user.has_perm(MANAGE, self.round),
            "can_paper": user.has_perm(PAPER, self.round),
            **extra,
        }


class RoundFormView(RoundMixin, OneFormView):
    """A page with one form about the round or a part of it: show, check, save, go back."""

    template_name = "budgeting/staff/form.html"

    def load(self) -> None:
        self.load_round()

    def parent_url(self) -> str:
        return round_url(self.round)


class RoundDeleteView(RoundMixin, StaffView):
    """Remove a part after a confirmation page; a refusal comes back as a message."""

    def get_object(self):
        raise NotImplementedError

    def delete(self, obj) -> None:
        raise NotImplementedError

    def success_url(self) -> str:
        return round_url(self.round)

    def get(self, request, **kwargs):
        self.load_round()
        obj = self.get_object()
        return render(
            request,
            "budgeting/staff/confirm_delete.html",
            self.context(object=obj, cancel_url=self.success_url()),
        )

    def post(self, request, **kwargs):
        self.load_round()
        obj = self.get_object()
        name = str(obj)
        try:
            self.delete(obj)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, _("“%(name)s” was removed.") % {"name": name})
        return redirect(self.success_url())
