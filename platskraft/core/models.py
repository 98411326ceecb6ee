from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Every stored row knows when it was created and last changed."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


# The code of database constraints whose rule is already reported on the field concerned
# (by the model's field validators or clean(), or by the form that writes the model);
# validate_constraints() leaves them out so a person sees one clear message next to the
# field instead of a second one naming the constraint.
CHECKED_IN_CLEAN = "checked_in_clean"


class CleanCheckedConstraintsMixin:
    def validate_constraints(self, exclude=None):
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            kept = {
                field: [e for e in errors if e.code != CHECKED_IN_CLEAN]
                for field, errors in error.error_dict.items()
            }
            kept = {field: errors for field, errors in kept.items() if errors}
            if kept:
                raise ValidationError(kept) from error
