"""The report's sections, in order, and the service that saves a section's narrative."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Plan, ReportSection

NARRATIVE_MAX = 20_000

# (key, title): the fixed sections of a final report, as Fokus Dalby wrote theirs.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("introduction", _("Introduction")),
    ("knowledge", _("Knowledge gathering")),
    ("initiatives", _("Initiatives and activities")),
    ("communication", _("Communication and marketing")),
    ("continued", _("Continued work")),
    ("evaluations", _("Evaluations and analyses")),
    ("experiences", _("Experiences")),
)
SECTION_KEYS = tuple(key for key, _title in SECTIONS)


def section_title(key: str) -> str:
    return str(dict(SECTIONS)[key])


def section_save(*, plan: Plan, key: str, narrative: str, by) -> ReportSection:
    """Store the narrative of one section (blank clears it). Raises ValidationError for
    an unknown section or a text over NARRATIVE_MAX characters."""
    if key not in SECTION_KEYS:
        raise ValidationError(gettext("The report has no such section."), code="unknown")
    narrative = narrative.replace("\r\n", "\n").strip()
    if len(narrative) > NARRATIVE_MAX:
        raise ValidationError(
            {
                "narrative": gettext("The text is %(length)s characters long; at most %(max)s fit.")
                % {"length": len(narrative), "max": NARRATIVE_MAX}
            },
            code="too_long",
        )
    with transaction.atomic():
        section, _created = ReportSection.objects.update_or_create(
            plan=plan, key=key, defaults={"narrative": narrative, "updated_by": by}
        )
    return section
