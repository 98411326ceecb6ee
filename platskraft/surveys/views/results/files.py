"""Exports of the complete responses (CSV streamed, Excel with a code book) and the import
of responses from a CSV file: check, preview, then import all or nothing."""

from __future__ import annotations

import tempfile

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from platskraft.core.access import get_scoped_or_404, require_perm
from platskraft.municipalities.views.generic import StaffView

from ...answering import Structure
from ...exports import CSV_TYPE, XLSX_TYPE, Workbook, csv_chunks
from ...models import Survey
from ...selectors.exports import code_book, export_columns, export_rows
from ...services import imports


class SurveyFileView(StaffView):
    perm = ""

    def load(self, request, pk: int) -> Survey:
        require_perm(request, "surveys.view_staff", request.municipality)
        survey = get_scoped_or_404(
            Survey.objects.select_related("municipality"), request.municipality, pk=pk
        )
        require_perm(request, self.perm, survey)
        return survey


def _file_name(survey: Survey, suffix: str) -> str:
    return f"survey-{survey.pk}-{timezone.localdate().isoformat()}.{suffix}"


class ExportCsv(SurveyFileView):
    perm = "surveys.export"

    def get(self, request, pk: int):
        survey = self.load(request, pk)
        response = StreamingHttpResponse(
            csv_chunks(export_rows(structure=Structure.load(survey))), content_type=CSV_TYPE
        )
        response["Content-Disposition"] = f'attachment; filename="{_file_name(survey, "csv")}"'
        return response


class ExportXlsx(SurveyFileView):
    perm = "surveys.export"

    def get(self, request, pk: int):
        survey = self.load(request, pk)
        structure = Structure.load(survey)
        # Written to a temporary file (a zip file needs its end written before it can be
        # sent), which is removed when the response is closed.
        file = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
        workbook = Workbook(file)
        workbook.add_sheet(_("Responses"), export_rows(structure=structure))
        workbook.add_sheet(
            _("Code book"),
            [[_("column"), _("code"), _("meaning")], *map(list, code_book(structure))],
        )
        workbook.close()
        file.seek(0)
        return FileResponse(
            file,
            as_attachment=True,
            filename=_file_name(survey, "xlsx"),
            content_type=XLSX_TYPE,
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "Comma, semicolon or tab between the values, UTF-8 (or Excel's Windows text)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise ValidationError(imports.too_large_message())
        return upload


class Import(SurveyFileView):
    """GET: the form. POST with a file: check it and show a preview (or the problems).
    POST with `token` (the checked file): import it."""

    perm = "surveys.import"
    template_name = "surveys/staff/import.html"

    def page(self, request, survey, *, structure=None, form=None, parsed=None, token="", errors=()):
        structure = structure or Structure.load(survey)
        return render(
            request,
            self.template_name,
            {
                "survey": survey,
                "columns": export_columns(structure),
                "max_mb": imports.MAX_BYTES // (1024 * 1024),
                "form": form,
                "parsed": parsed,
                "token": token,
                "errors": list(errors or (parsed.errors if parsed else [])),
                "more_errors": bool(parsed and parsed.more_errors),
            },
        )

    def get(self, request, pk: int):
        survey = self.load(request, pk)
        return self.page(request, survey, form=ImportForm())

    def post(self, request, pk: int):
        survey = self.load(request, pk)
        if "token" in request.POST:
            return self.run_import(request, survey, request.POST["token"])
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(request, survey, form=form)
        content = form.cleaned_data["file"].read()
        structure = Structure.load(survey)
        parsed = imports.responses_read(structure=structure, content=content)
        if parsed.errors:
            return self.page(request, survey, structure=structure, form=ImportForm(), parsed=parsed)
        token = imports.import_file_keep(survey=survey, content=content)
        request.session.setdefault("survey_imports", [])
        request.session["survey_imports"] = [*request.session["survey_imports"][-9:], token]
        return self.page(request, survey, structure=structure, parsed=parsed, token=token)

    def run_import(self, request, survey, token: str):
        content = None
        if token in request.session.get("survey_imports", []):
            content = imports.import_file_read(survey=survey, token=token)
        if content is None:
            messages.error(request, _("That file is no longer here. Choose it again."))
            return redirect(request.path)
        try:
            count = imports.responses_import(survey=survey, content=content, user=request.user)
        except ValidationError as error:
            return self.page(request, survey, form=ImportForm(), errors=error.messages)
        imports.import_file_discard(survey=survey, token=token)
        messages.success(
            request,
            ngettext(
                "%(count)s response was imported.", "%(count)s responses were imported.", count
            )
            % {"count": count},
        )
        return redirect(
            reverse(
                "surveys:staff_results",
                kwargs={"municipality_slug": survey.municipality.slug, "pk": survey.pk},
            )
        )
