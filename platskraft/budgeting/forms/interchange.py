"""Importing a Pabulib `.pb` file as a new draft round."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platskraft.municipalities.models import Process

from ..models.round import TITLE_MAX

MAX_PB_BYTES = 50 * 1024 * 1024


class PbImportForm(forms.Form):
    process = forms.ModelChoiceField(
        label=_("Process"),
        queryset=Process.objects.none(),
        empty_label=_("(choose a process)"),
        help_text=_("The development process the imported round belongs to."),
        error_messages={"required": _("Choose the process the round belongs to.")},
    )
    title = forms.CharField(
        label=_("Title of the round"),
        max_length=TITLE_MAX,
        required=False,
        help_text=_("Empty: taken from the file's description."),
    )
    file = forms.FileField(
        label=_("Pabulib file (.pb)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pb,text/plain"}),
        help_text=_(
            "A file in the Pabulib format with the sections META, PROJECTS and VOTES, "
            "e.g. from pabulib.org. Its votes become paper ballots of the new round."
        ),
        error_messages={"required": _("Choose the .pb file to import.")},
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["process"].queryset = Process.objects.filter(
            municipality=municipality
        ).order_by("-start_date", "title")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PB_BYTES:
            raise forms.ValidationError(
                _("The file is too large; the largest allowed is %(max)s MB.")
                % {"max": MAX_PB_BYTES // 1024 // 1024}
            )
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("The file is not UTF-8 text. Save it as UTF-8 and try again.")
            ) from None
