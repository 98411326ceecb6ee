"""The codebook: the tree, adding, changing, moving and removing codes, and starting from
the Kramfors codebook."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from platskraft.municipalities.views.generic import StaffView

from ..forms import CodeForm, add_errors
from ..models import Passage
from ..selectors.codebook import code_tree, subtree_ids
from ..services import codebook as services
from ._common import CODEBOOK, COUNTS, NOTES, InterviewsMixin, report, url


def codebook_url(municipality, code=None) -> str:
    return url("staff_codebook", municipality) + (f"#code-{code.pk}" if code else "")


class Codebook(InterviewsMixin, StaffView):
    def get(self, request, **kwargs):
        self.allow(COUNTS)
        municipality = request.municipality
        return render(
            request,
            "interviews/staff/codebook.html",
            {
                "nodes": code_tree(municipality),
                "can_manage": request.user.has_perm(CODEBOOK, municipality),
                "can_read_notes": request.user.has_perm(NOTES, municipality),
            },
        )


class CodeFormView(InterviewsMixin, StaffView):
    def load(self):
        if "code_id" in self.kwargs:
            return self.code(CODEBOOK)
        self.allow(CODEBOOK)
        return None

    def render_form(self, form, code):
        return render(
            self.request,
            "interviews/staff/form.html",
            {
                "form": form,
                "title": _("Change the code “%(name)s”") % {"name": code.name}
                if code
                else _("New code"),
                "cancel_url": codebook_url(self.request.municipality, code),
            },
        )

    def get(self, request, **kwargs):
        code = self.load()
        initial = {}
        if code is None and request.GET.get("parent", "").isdigit():
            initial["parent"] = int(request.GET["parent"])
        form = CodeForm(
            municipality=request.municipality,
            code=code,
            **({"initial": initial} if code is None else {}),
        )
        return self.render_form(form, code)

    def post(self, request, **kwargs):
        code = self.load()
        form = CodeForm(request.POST, municipality=request.municipality)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if code is None:
                    saved = services.code_create(municipality=request.municipality, **data)
                else:
                    saved = services.code_update(code=code, **data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The code “%(name)s” was saved.") % {"name": saved})
                return redirect(codebook_url(request.municipality, saved))
        return self.render_form(form, code)


class CodeDelete(InterviewsMixin, StaffView):
    def get(self, request, **kwargs):
        code = self.code(CODEBOOK)
        below = subtree_ids(request.municipality, code)
        passages = Passage.objects.filter(codes__in=below).distinct().count()
        notes = [
            ngettext(
                "%(count)s code below it is removed too.",
                "%(count)s codes below it are removed too.",
                len(below) - 1,
            )
            % {"count": len(below) - 1}
            if len(below) > 1
            else "",
            ngettext(
                "%(count)s coded passage loses this code.",
                "%(count)s coded passages lose this code or a code below it.",
                passages,
            )
            % {"count": passages}
            if passages
            else "",
        ]
        return render(
            request,
            "interviews/staff/confirm.html",
            {
                "title": _("Remove the code “%(name)s”") % {"name": code.name},
                "text": " ".join(note for note in notes if note),
                "button": _("Remove the code"),
                "cancel_url": codebook_url(request.municipality, code),
            },
        )

    def post(self, request, **kwargs):
        code = self.code(CODEBOOK)
        services.code_delete(code=code)
        messages.success(request, _("The code “%(name)s” was removed.") % {"name": code.name})
        return redirect(codebook_url(request.municipality))


class CodeMove(InterviewsMixin, StaffView):
    http_method_names = ["post"]

    def post(self, request, **kwargs):
        code = self.code(CODEBOOK)
        direction = request.POST.get("direction", "")
        if direction not in ("up", "down"):
            raise Http404
        services.code_move(code=code, direction=direction)
        moved = (
            _("“%(name)s” was moved up.") if direction == "up" else _("“%(name)s” was moved down.")
        )
        messages.success(request, moved % {"name": code.name})
        return redirect(codebook_url(request.municipality, code))


class CodebookStart(InterviewsMixin, StaffView):
    http_method_names = ["post"]

    def post(self, request, **kwargs):
        self.allow(CODEBOOK)
        try:
            made = services.codebook_start_from_kramfors(municipality=request.municipality)
        except ValidationError as error:
            report(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "The codebook starts with %(count)s code from Kramfors.",
                    "The codebook starts with %(count)s codes from Kramfors.",
                    made,
                )
                % {"count": made},
            )
        return redirect(codebook_url(request.municipality))
