"""Sending a proposal: the form for a new one or a draft, the guest's confirmation link,
unsubscribing from a followed proposal, and deleting a draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET, require_http_methods

from platskraft.core.access import LoginRequired, login_redirect, login_when_required, site_url

from ... import selectors, services
from ...forms import ProposalForm, add_errors
from ...models import Proposal, Visibility
from ...permissions import channel_is_public
from ._common import _detail_url, _open_for_proposals, _url

IMAGE_ERROR_CODES = {"too_large", "type", "invalid"}


# --- sending a proposal -------------------------------------------------------------------


class _ProposalFormView(View):
    template_name = "proposals/proposal_form.html"

    def closed(self, request, channel, status: int = 403):
        return render(
            request,
            "proposals/submit_closed.html",
            {
                "channel": channel,
                "state": channel.state_on(timezone.localdate()).value,
                "is_public": channel_is_public(request.user, channel),
            },
            status=status,
        )

    def make_form(self, request, data=None, files=None, initial=None):
        return ProposalForm(
            data,
            files,
            channel=self.channel,
            guest=self.guest,
            proposal=self.proposal,
            initial=initial,
        )

    def render_form(self, request, form, status: int = 200):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "channel": self.channel,
                "proposal": self.proposal,
                "guest": self.guest,
                "centre": self.centre(request),
            },
            status=status,
        )

    def centre(self, request):
        municipality = request.municipality
        if municipality.centre:
            return municipality.centre
        return None

    def post(self, request, pk: int):
        form = self.make_form(request, request.POST, request.FILES)
        submit = self.guest or request.POST.get("action") != "draft"
        if form.is_valid():
            try:
                proposal = services.proposal_save(
                    channel=self.channel,
                    data=form.to_input(),
                    author=None if self.guest else request.user,
                    guest_email=form.cleaned_data.get("guest_email", ""),
                    proposal=self.proposal,
                    submit=submit,
                    ip=services.request_ip_hash(request),
                    site_url=site_url(request),
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict") and error.code in IMAGE_ERROR_CODES:
                    form.add_error("image", error)
                else:
                    add_errors(form, error)
            else:
                return self.saved(request, proposal, submitted=submit)
        if request.FILES.get("image"):
            form.add_error(
                None,
                _(
                    "Your browser cannot keep a chosen file when the form is shown again: "
                    "if you want the image, choose it again."
                ),
            )
        return self.render_form(request, form)

    def saved(self, request, proposal: Proposal, *, submitted: bool):
        if proposal.visibility == Visibility.UNCONFIRMED:
            return render(
                request,
                "proposals/guest_sent.html",
                {
                    "proposal": proposal,
                    "channel": self.channel,
                    "email": proposal.guest_email,
                    "days": services.GUEST_LINK_DAYS,
                },
            )
        if not submitted:
            messages.success(request, _("Your draft is saved. Only you can see it."))
        elif proposal.visibility == Visibility.PUBLISHED:
            messages.success(request, _("Thank you! Your proposal is published."))
        else:
            messages.success(
                request,
                _(
                    "Thank you! Your proposal is sent. It is published when a moderator "
                    "has read it."
                ),
            )
        return redirect(_detail_url(request, proposal))


class ProposalSubmit(_ProposalFormView):
    proposal = None

    def dispatch(self, request, pk: int):
        self.channel = selectors.channel_get_for(request, pk)
        user = request.user
        if user.is_authenticated:
            if not user.has_perm("proposals.add_proposal", self.channel):
                return self.closed(request, self.channel)
            self.guest = False
        else:
            if not _open_for_proposals(user, self.channel):
                return self.closed(request, self.channel)
            if not self.channel.allow_guests:
                return login_redirect(request)
            self.guest = True
        return super().dispatch(request, pk)

    def get(self, request, pk: int):
        initial = {} if self.guest else {"author_name": request.user.display_name}
        return self.render_form(request, self.make_form(request, initial=initial))


class ProposalEdit(_ProposalFormView):
    guest = False

    def dispatch(self, request, pk: int):
        if not request.user.is_authenticated:
            return login_redirect(request)
        proposal = selectors.proposal_get_for(request, pk)
        if proposal.author_id != request.user.pk or not proposal.is_draft:
            raise Http404
        self.proposal, self.channel = proposal, proposal.channel
        if not request.user.has_perm("proposals.change_proposal", proposal):
            return self.closed(request, self.channel)
        return super().dispatch(request, pk)

    def get(self, request, pk: int):
        initial = ProposalForm.initial_from(self.proposal)
        return self.render_form(request, self.make_form(request, initial=initial))

    def centre(self, request):
        if self.proposal.has_place:
            return (self.proposal.latitude, self.proposal.longitude)
        return super().centre(request)


@require_GET
def guest_confirm(request, token: str):
    try:
        proposal = services.proposal_confirm_guest(token=token)
    except ValidationError as error:
        return render(
            request,
            "proposals/guest_confirm.html",
            {"error": " ".join(error.messages), "days": services.GUEST_LINK_DAYS},
            status=400,
        )
    return render(
        request,
        "proposals/guest_confirm.html",
        {
            "proposal": proposal,
            "here": proposal.municipality_id == request.municipality.pk,
        },
    )


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    if request.method == "GET":
        return render(request, "proposals/unsubscribe.html", {"asking": True})
    try:
        proposal = services.follow_unsubscribe(token=token)
    except ValidationError as error:
        return render(
            request,
            "proposals/unsubscribe.html",
            {"error": " ".join(error.messages)},
            status=400,
        )
    here = proposal is not None and proposal.municipality_id == request.municipality.pk
    return render(
        request,
        "proposals/unsubscribe.html",
        {"proposal": proposal if here else None, "done": True, "already": proposal is None},
    )


@login_when_required
@require_http_methods(["GET", "POST"])
def proposal_delete_draft(request, pk: int):
    if not request.user.is_authenticated:
        raise LoginRequired
    proposal = selectors.proposal_get_for(request, pk)
    if proposal.author_id != request.user.pk or not proposal.is_draft:
        raise Http404
    if request.method == "POST":
        try:
            services.proposal_delete_draft(proposal=proposal)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(_detail_url(request, proposal))
        messages.success(request, _("The draft “%(title)s” is deleted.") % {"title": proposal})
        return redirect(_url(request, "mine"))
    return render(request, "proposals/confirm_delete.html", {"proposal": proposal})
