"""Voting with a code from a letter: the code is checked once (`code_use`), then the
voter key it stands for is kept in the signed session for this round until voting
closes, and the voter goes on to the same ballot as signed-in residents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ...models import Ballot, Stage
from ...services import voting
from ._common import (
    code_voter,
    code_voter_remember,
    codes_may_vote,
    round_for_residents,
    url,
)
from .forms import CodeForm
from .pages import voting_state


def _refusal(round_) -> str:
    if voting_state(round_) == "upcoming":
        if round_.voting_opens_at and round_.stage == Stage.VOTING:
            when = date_format(timezone.localtime(round_.voting_opens_at), "j F Y H:i")
            return _(
                "Voting has not opened yet. Keep your letter: you can use the code from %(date)s."
            ) % {"date": when}
        return _("Voting has not opened yet. Keep your letter: the code works once voting opens.")
    return _("Voting is closed, so codes can no longer be used.")


@never_cache
@require_http_methods(["GET", "POST"])
def code_enter(request, pk: int):
    round_ = round_for_residents(request, pk)
    if not codes_may_vote(round_):
        raise Http404
    is_open = round_.voting_is_open()
    if is_open and request.method == "GET" and code_voter(request, round_) is not None:
        return redirect(url(request, "vote", pk=round_.pk))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not is_open:
            form.is_valid()
            form.add_error(None, _refusal(round_))
            status = 403
        elif form.is_valid():
            raw = form.cleaned_data["code"]
            try:
                code = voting.code_use(round=round_, raw_code=raw)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("code", message)
                status = 400
            else:
                key = voting.voter_key_for_code(round_, voting.normalise_code(raw))
                code_voter_remember(request, round_, key=key, district_id=code.district_id)
                if Ballot.objects.filter(round=round_, voter_key=key).exists():
                    messages.info(
                        request,
                        _(
                            "This code has already been used to vote. You can change "
                            "that vote until voting closes."
                        ),
                    )
                return redirect(url(request, "vote", pk=round_.pk))
        else:
            status = 400
    return render(
        request,
        "budgeting/code_enter.html",
        {
            "round": round_,
            "form": form,
            "is_open": is_open,
            "refusal": "" if is_open else _refusal(round_),
            "opens_at": round_.voting_opens_at,
        },
        status=status,
    )
