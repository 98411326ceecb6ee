"""Plans from spreadsheets and back: the template, upload → preview → confirm, and export.

The upload page checks the file and shows either every problem (by sheet, row and column;
nothing is imported) or a preview of what the import will create and change. The checked
file is kept under a token in a private directory (and in the session, so only the one
who uploaded it can confirm it); the confirm step checks it again and applies it all or
nothing.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.models import Financier
from platskraft.municipalities.views.generic import StaffView

from ...models import Plan
from ...services import imports
from ...spreadsheets.columns import AREA_COLUMNS, SUB_PROJECT_COLUMNS
from ...spreadsheets.read import MAX_BYTES, too_large_message
from ...spreadsheets.write import (
    CSV_TYPE,
    XLSX_TYPE,
    plan_csv,
    plan_tables,
    plan_xlsx,
    template_tables,
)
from ._common import MANAGE, READ, plan_url

SESSION_KEY = "plan_imports"
KINDS = ("xlsx", "csv")


class ImportForm(forms.Form):
    plan = forms.ModelChoiceField(
        label=gettext_lazy("Into"),
        queryset=Plan.objects.none(),
        required=False,
        empty_label=gettext_lazy("A new action plan"),
        help_text=gettext_lazy(
            "Into an existing plan, areas and sub-projects are matched by code: those in the "
            "file are added or changed, the others are kept."
        ),
    )
    title = forms.CharField(
        label=gettext_lazy("Title of the new plan"), max_length=200, required=False
    )
    file = forms.FileField(
        label=gettext_lazy("File (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.filter(municipality=municipality)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(too_large_message())
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("plan") and not (data.get("title") or "").strip():
            self.add_error(
                "title", _("Give the new plan a title, or choose a plan to import into.")
            )
        return data


def _load(request) -> None:
    require_perm(request, READ, request.municipality)
    require_perm(request, MANAGE, request.municipality)


class ImportPage(StaffView):
    template_name = "plans/staff/import.html"

    def page(self, request, form, *, preview=None, token="", plan=None, title="", errors=()):
        context = {
            "form": form,
            "preview": preview,
            "token": token,
            "target": plan,
            "new_title": title,
            "errors": list(errors) or (preview.errors if preview else []),
            "more_errors": bool(preview and preview.checked.more_errors),
            "area_columns": AREA_COLUMNS,
            "sub_project_columns": SUB_PROJECT_COLUMNS,
            "max_mb": MAX_BYTES // (1024 * 1024),
        }
        return render(request, self.template_name, context)

    def get(self, request, **kwargs):
        _load(request)
        initial = {}
        if request.GET.get("plan", "").isdigit():
            initial["plan"] = request.GET["plan"]
        return self.page(request, ImportForm(initial=initial, municipality=request.municipality))

    def post(self, request, **kwargs):
        _load(request)
        m = request.municipality
        form = ImportForm(request.POST, request.FILES, municipality=m)
        if not form.is_valid():
            return self.page(request, form)
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = form.cleaned_data["plan"]
        preview = imports.plan_file_check(
            municipality=m, content=content, filename=upload.name, plan=plan
        )
        if not preview.ok:
            return self.page(request, form, preview=preview)
        token = imports.import_file_keep(municipality=m, content=content)
        request.session[SESSION_KEY] = [
            *request.session.get(SESSION_KEY, [])[-9:],
            [token, upload.name],
        ]
        return self.page(
            request,
            form,
            preview=preview,
            token=token,
            plan=plan,
            title=form.cleaned_data["title"].strip(),
        )


class ImportConfirm(StaffView):
    def post(self, request, **kwargs):
        _load(request)
        m = request.municipality
        token = request.POST.get("token", "")
        names = dict(map(tuple, request.session.get(SESSION_KEY, [])))
        content = imports.import_file_read(municipality=m, token=token) if token in names else None
        if content is None:
            messages.error(request, _("That file is no longer here. Choose it again."))
            return redirect(_url("staff_import", m))
        plan = None
        if request.POST.get("plan"):
            plan = get_scoped_or_404(Plan.objects.all(), m, pk=request.POST["plan"])
        try:
            plan, preview = imports.plan_import(
                municipality=m,
                by=request.user,
                content=content,
                filename=names[token],
                plan=plan,
                title=request.POST.get("title", ""),
            )
        except ValidationError as error:
            form = ImportForm(municipality=m, initial={"plan": plan})
            return ImportPage().page(request, form, errors=error.messages)
        imports.import_file_discard(municipality=m, token=token)
        done = preview.count(imports.CREATE) + preview.count(imports.CHANGE)
        messages.success(
            request,
            ngettext(
                "The file was imported: %(count)s item was added or changed.",
                "The file was imported: %(count)s items were added or changed.",
                done,
            )
            % {"count": done},
        )
        return redirect(plan_url(plan))


def _url(name: str, municipality, **kwargs) -> str:
    from django.urls import reverse

    return reverse(f"plans:{name}", kwargs={"municipality_slug": municipality.slug, **kwargs})


def _file(kind: str, tables: dict, name: str):
    if kind == "xlsx":
        response = HttpResponse(plan_xlsx(tables), content_type=XLSX_TYPE)
    else:
        response = StreamingHttpResponse(plan_csv(tables), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


class Template(StaffView):
    def get(self, request, kind: str, **kwargs):
        require_perm(request, READ, request.municipality)
        if kind not in KINDS:
            raise Http404
        # A pair of funding columns for each financier of the municipality's processes.
        financiers = sorted(
            set(
                Financier.objects.filter(process__municipality=request.municipality).values_list(
                    "name", flat=True
                )
            )
        ) or [_("Municipality")]
        return _file(kind, template_tables(financiers), _("action-plan-template"))


class Export(StaffView):
    def get(self, request, pk: int, kind: str, **kwargs):
        require_perm(request, READ, request.municipality)
        plan = get_scoped_or_404(Plan.objects.all(), request.municipality, pk=pk)
        require_perm(request, READ, plan)
        if kind not in KINDS:
            raise Http404
        name = f"action-plan-{plan.pk}-{timezone.localdate().isoformat()}"
        return _file(kind, plan_tables(plan), name)


urlpatterns = [
    path("staff/plans/import/", ImportPage.as_view(), name="staff_import"),
    path("staff/plans/import/confirm/", ImportConfirm.as_view(), name="staff_import_confirm"),
    path("staff/plans/template.<slug:kind>", Template.as_view(), name="staff_template"),
    path("staff/plans/<int:pk>/export.<slug:kind>", Export.as_view(), name="staff_export"),
]
