"""The small forms of the residents' voting pages: who may vote (residence, age,
district) and the voting code. The ballot itself is read by `ballot.read_choices`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...models import District, Round


class EligibilityForm(forms.Form):
    """A signed-in resident confirms that they may vote; a district is chosen where the
    round has districts and the voter's letter did not fix one."""

    def __init__(
        self,
        *args,
        round_: Round,
        ask_residence: bool,
        districts: list[District],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        name = round_.municipality.name
        if ask_residence:
            self.fields["resident"] = forms.BooleanField(
                label=_("I live in %(name)s.") % {"name": name},
                error_messages={
                    "required": _("Confirm that you live in %(name)s to vote.") % {"name": name}
                },
            )
            if round_.min_age:
                age = {"age": round_.min_age}
                self.fields["age"] = forms.BooleanField(
                    label=_("I am %(age)s years old or older.") % age,
                    error_messages={
                        "required": _("This vote is for people aged %(age)s or older.") % age
                    },
                )
        if districts:
            self.fields["district"] = forms.TypedChoiceField(
                label=_("Which district do you live in?"),
                help_text=_("You vote on the projects of your own district, with its budget."),
                choices=[(str(d.pk), d.name) for d in districts],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose the district you live in."),
                    "invalid_choice": _("Choose one of the districts in the list."),
                },
            )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Your voting code"),
        help_text=gettext_lazy(
            "It is printed on the letter, for example K7QM-4PXT-9WHD. "
            "Capital or small letters and the dashes do not matter."
        ),
        max_length=40,
        error_messages={"required": gettext_lazy("Write the code from your letter.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )
