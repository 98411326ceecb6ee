"""Form helpers shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError


def add_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError onto the form: on the field it names when the form has
    that field, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, found in error.message_dict.items():
            target = name if name in form.fields else None
            for message in found:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
