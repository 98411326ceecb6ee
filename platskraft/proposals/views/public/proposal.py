"""One proposal's page and what residents do there: the image, support, follow, comment, report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from platskraft.core.access import LoginRequired, get_scoped_or_404, login_when_required

from ... import selectors, services
from ...forms import CommentForm, ReportForm, add_errors
from ...models import Comment, Proposal, Visibility
from ._common import _detail_url, _is_htmx


def _participation_context(request, proposal: Proposal) -> dict:
    user = request.user
    return {
        "proposal": proposal,
        "participation": selectors.participation_of(proposal, user),
        "can_support": user.has_perm("proposals.support_proposal", proposal),
        "can_follow": user.has_perm("proposals.follow_proposal", proposal),
    }


def _detail(request, proposal: Proposal, *, comment_form=None, reply_form=None, reply_to=None):
    user = request.user
    is_author = user.is_authenticated and proposal.author_id == user.pk
    can_comment = user.has_perm("proposals.comment_proposal", proposal)
    context = {
        **_participation_context(request, proposal),
        "is_author": is_author,
        "history": selectors.proposal_history(proposal),
        "comments": selectors.proposal_comments(proposal, include_hidden=True)
        if proposal.is_published
        else [],
        "can_comment": can_comment,
        "can_report": user.has_perm("proposals.report_proposal", proposal),
        "can_edit": user.has_perm("proposals.change_proposal", proposal),
        "can_view_cases": user.has_perm("proposals.view_cases", request.municipality),
        "comment_form": comment_form or CommentForm(),
        "reply_form": reply_form,
        "reply_to": reply_to,
        "canonical_url": request.build_absolute_uri(_detail_url(request, proposal)),
        "tile_centre": (proposal.latitude, proposal.longitude) if proposal.has_place else None,
    }
    return render(request, "proposals/proposal_detail.html", context)


@require_GET
def proposal_detail(request, pk: int):
    return _detail(request, selectors.proposal_get_for(request, pk))


@require_GET
def proposal_image(request, pk: int):
    proposal = selectors.proposal_get_for(request, pk)
    if not proposal.image:
        raise Http404
    try:
        handle = proposal.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _why_not(proposal: Proposal, action: str) -> str:
    """A plain reason why a resident cannot take part in a proposal right now."""
    if proposal.visibility != Visibility.PUBLISHED:
        if action == "comment":
            return _("This proposal is not published, so it cannot be commented on.")
        return _("This proposal is not published, so it cannot be supported or followed.")
    if action == "comment":
        return _("The channel is closed, so new comments cannot be written.")
    return _("The channel is closed, so support can no longer be given or withdrawn.")


def _participation_response(request, proposal: Proposal, message: str, ok: bool):
    """After support/follow: the changed part for htmx, otherwise back to the page."""
    if _is_htmx(request):
        proposal.refresh_from_db(fields=["support_count", "follower_count"])
        return render(
            request,
            "proposals/includes/participation.html",
            {**_participation_context(request, proposal), "status_message": message, "ok": ok},
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect(_detail_url(request, proposal, "support"))


def _login_first(request, proposal: Proposal, anchor: str):
    url = redirect_to_login(_detail_url(request, proposal, anchor)).url
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@require_POST
def support(request, pk: int):
    proposal = selectors.proposal_get_for(request, pk)
    if not request.user.is_authenticated:
        return _login_first(request, proposal, "support")
    wanted = request.POST.get("support", "1") != "0"
    if not request.user.has_perm("proposals.support_proposal", proposal):
        return _participation_response(request, proposal, _why_not(proposal, "support"), False)
    try:
        services.support_set(proposal=proposal, user=request.user, support=wanted)
    except ValidationError as error:
        return _participation_response(request, proposal, " ".join(error.messages), False)
    message = _("Thank you for your support.") if wanted else _("Your support is withdrawn.")
    return _participation_response(request, proposal, message, True)


@require_POST
def follow(request, pk: int):
    proposal = selectors.proposal_get_for(request, pk)
    if not request.user.is_authenticated:
        return _login_first(request, proposal, "support")
    wanted = request.POST.get("follow", "1") != "0"
    if not request.user.has_perm("proposals.follow_proposal", proposal):
        return _participation_response(request, proposal, _why_not(proposal, "follow"), False)
    services.follow_set(proposal=proposal, user=request.user, follow=wanted)
    if wanted:
        message = _("You follow this proposal: you get an e-mail when the case moves on.")
    else:
        message = _("You no longer follow this proposal.")
    return _participation_response(request, proposal, message, True)


def _comment_or_404(request, proposal: Proposal, raw) -> Comment:
    raw = (raw or "").strip()
    if not raw.isdigit() or len(raw) > 12:
        raise Http404
    return get_scoped_or_404(
        Comment.objects.select_related("author"),
        request.municipality,
        pk=int(raw),
        proposal=proposal,
    )


@require_POST
def comment(request, pk: int):
    proposal = selectors.proposal_get_for(request, pk)
    if not request.user.is_authenticated:
        return _login_first(request, proposal, "comments")
    parent = None
    if request.POST.get("parent"):
        parent = _comment_or_404(request, proposal, request.POST["parent"])
    if not request.user.has_perm("proposals.comment_proposal", proposal):
        messages.error(request, _why_not(proposal, "comment"))
        return redirect(_detail_url(request, proposal, "comments"))
    form = CommentForm(request.POST, prefix_id=f"reply-{parent.pk}" if parent else "")
    if form.is_valid():
        try:
            saved = services.comment_add(
                proposal=proposal,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=parent,
                ip=services.request_ip_hash(request),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you! Your comment is published."))
            return redirect(_detail_url(request, proposal, f"comment-{saved.pk}"))
    if parent is not None:
        return _detail(request, proposal, reply_form=form, reply_to=parent.pk)
    return _detail(request, proposal, comment_form=form)


@login_when_required
@require_http_methods(["GET", "POST"])
def report(request, pk: int):
    proposal = selectors.proposal_get_for(request, pk)
    if not request.user.is_authenticated:
        raise LoginRequired
    comment_id = request.POST.get("comment") or request.GET.get("comment")
    reported = _comment_or_404(request, proposal, comment_id) if comment_id else None
    if reported is None:
        allowed = request.user.has_perm("proposals.report_proposal", proposal)
    else:
        allowed = (
            proposal.is_published
            and not reported.is_hidden
            and reported.author_id != request.user.pk
        )
    if not allowed:
        messages.error(request, _("You cannot report this."))
        return redirect(_detail_url(request, proposal))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                proposal=proposal,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                comment=reported,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at your report."))
            anchor = f"comment-{reported.pk}" if reported else ""
            return redirect(_detail_url(request, proposal, anchor))
    return render(
        request,
        "proposals/report_form.html",
        {"form": form, "proposal": proposal, "reported": reported},
    )
