"""Rounds: the list, a new round, a round's page, its settings, its stage, its districts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from platskraft.core.access import require_perm
from platskraft.municipalities.models import Process
from platskraft.municipalities.views.generic import StaffView

from ...forms import DistrictForm, RoundForm, add_errors
from ...models import Round, Stage
from ...services import rounds as services
from . import _reads
from ._common import (
    MANAGE,
    READ,
    RoundDeleteView,
    RoundFormView,
    RoundMixin,
    report,
    round_url,
    staff_url,
)


class RoundList(StaffView):
    def get(self, request):
        require_perm(request, READ, request.municipality)
        return render(
            request,
            "budgeting/staff/round_list.html",
            {
                "rounds": _reads.round_list(municipality=request.municipality),
                "can_manage": request.user.has_perm(MANAGE, request.municipality),
            },
        )


class RoundCreate(StaffView):
    def load(self):
        require_perm(self.request, READ, self.request.municipality)
        require_perm(self.request, MANAGE, self.request.municipality)
        return self.request.municipality

    def render_form(self, form):
        return render(
            self.request,
            "budgeting/staff/form.html",
            {
                "form": form,
                "title": _("New budget round"),
                "cancel_url": staff_url("staff_rounds", self.request.municipality),
            },
        )

    def get(self, request):
        municipality = self.load()
        initial = {"min_projects": 1}
        process_id = request.GET.get("process", "")
        if (
            process_id.isdigit()
            and Process.objects.filter(municipality=municipality, pk=process_id).exists()
        ):
            initial["process"] = int(process_id)
        return self.render_form(RoundForm(municipality=municipality, initial=initial))

    def post(self, request):
        municipality = self.load()
        form = RoundForm(request.POST, municipality=municipality)
        if form.is_valid():
            try:
                round_ = services.round_create(
                    municipality=municipality,
                    process=form.cleaned_data["process"],
                    by=request.user,
                    **form.values(),
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The round was created as a draft. Add its districts and projects."),
                )
                return redirect(round_url(round_))
        return self.render_form(form)


# What moving to a stage means, said on the confirmation page.
STAGE_CONSEQUENCES = {
    Stage.DRAFT: gettext_lazy("The round is hidden from residents again."),
    Stage.IDEAS: gettext_lazy(
        "Residents see the round and its project ideas. Staff can still add and edit projects."
    ),
    Stage.REVIEW: gettext_lazy(
        "The ideas are reviewed and costed. Residents see each project's status."
    ),
    Stage.VOTING: gettext_lazy(
        "The approved projects go on the ballot and residents can vote from the opening "
        "time. Every district with projects needs at least one approved project with a cost."
    ),
    Stage.COUNTING: gettext_lazy(
        "Voting closes: no more ballots are accepted online or with codes. Then compute "
        "and check the outcome before publishing it."
    ),
}
STAGE_DONE = {
    Stage.DRAFT: gettext_lazy("The round is a draft again, hidden from residents."),
    Stage.IDEAS: gettext_lazy("The round is open for project ideas."),
    Stage.REVIEW: gettext_lazy("The projects are in review and costing."),
    Stage.VOTING: gettext_lazy("Voting is on."),
    Stage.COUNTING: gettext_lazy("Voting is closed. The votes can now be counted."),
}


def stage_moves(round_) -> dict:
    """The next stage (not RESULTS: that is the publish button) and the previous one."""
    order = _reads.STAGES
    k = order.index(round_.stage)
    forward = order[k + 1] if k + 1 < len(order) and order[k + 1] != Stage.RESULTS else None
    back = order[k - 1] if k > 0 else None
    return {
        "forward": Stage(forward) if forward else None,
        "back": Stage(back) if back else None,
    }


def stage_steps(round_) -> list[dict]:
    order = _reads.STAGES
    k = order.index(round_.stage)
    return [
        {
            "label": Stage(value).label,
            "state": "done" if i < k else "current" if i == k else "next",
        }
        for i, value in enumerate(order)
    ]


def results_url(round_) -> str:
    try:
        return round_url(round_, "staff_results")
    except NoReverseMatch:
        return ""


class RoundDetail(RoundMixin, StaffView):
    perm = READ

    def get(self, request, pk):
        round_ = self.load_round()
        return render(
            request,
            "budgeting/staff/round_detail.html",
            self.context(
                districts=_reads.district_rows(round=round_),
                has_districts=round_.districts.exists(),
                statuses=_reads.status_counts(round=round_),
                moves=stage_moves(round_),
                steps=stage_steps(round_),
                results_url=results_url(round_),
                paper=_reads.paper_sheets(round=round_),
            ),
        )


class RoundSettings(RoundFormView):
    def title(self, obj):
        return _("Settings of the round")

    def make_form(self, obj, data=None, files=None):
        # A ModelForm writes into its instance while it checks: check on a copy, so that
        # the service gets the round as it is stored.
        instance = Round.objects.get(pk=self.round.pk) if data is not None else self.round
        return RoundForm(data, instance=instance, municipality=self.round.municipality)

    def save(self, form, obj):
        fields = form.values()
        if form.cleaned_data["process"] != self.round.process:
            fields["process"] = form.cleaned_data["process"]
        saved = services.round_update(round=self.round, by=self.request.user, **fields)
        return saved, _("The settings were saved.")


class RoundStage(RoundMixin, StaffView):
    """GET: what moving to the stage means, and a button; POST: move it."""

    def target(self):
        stage = self.request.POST.get("stage") or self.request.GET.get("stage", "")
        moves = stage_moves(self.round)
        if stage not in {m for m in moves.values() if m}:
            raise Http404
        return Stage(stage)

    def get(self, request, pk):
        round_ = self.load_round()
        stage = self.target()
        forward = stage == stage_moves(round_)["forward"]
        return render(
            request,
            "budgeting/staff/stage_confirm.html",
            self.context(
                stage=stage,
                forward=forward,
                consequence=STAGE_CONSEQUENCES.get(stage, ""),
                cancel_url=round_url(round_),
            ),
        )

    def post(self, request, pk):
        round_ = self.load_round()
        stage = self.target()
        try:
            services.round_set_stage(round=round_, stage=stage, by=request.user)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(request, str(STAGE_DONE.get(stage, _("Saved."))))
        return redirect(round_url(round_))


# --- districts ----------------------------------------------------------------------------


class DistrictFormView(RoundFormView):
    def get_object(self):
        return self.district() if "district_id" in self.kwargs else None

    def title(self, obj):
        if obj is None:
            return _("New district")
        return _("District “%(name)s”") % {"name": obj.name}

    def make_form(self, obj, data=None, files=None):
        return DistrictForm(data, round=self.round, district=obj)

    def save(self, form, obj):
        data = form.cleaned_data
        if obj is None:
            saved = services.district_create(
                round=self.round,
                name=data["name"],
                budget_sek=data["budget_sek"],
                by=self.request.user,
            )
            return saved, _("The district “%(name)s” was added.") % {"name": saved.name}
        saved = services.district_update(
            district=obj, by=self.request.user, name=data["name"], budget_sek=data["budget_sek"]
        )
        return saved, _("The district was saved.")

    def success_url(self, saved) -> str:
        return round_url(self.round) + "#districts"


class DistrictDelete(RoundDeleteView):
    def get_object(self):
        return self.district()

    def delete(self, obj):
        services.district_delete(district=obj, by=self.request.user)

    def success_url(self) -> str:
        return round_url(self.round) + "#districts"
