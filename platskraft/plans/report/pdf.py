"""The report as a PDF: WeasyPrint lays out the report's print page (table of contents with
page numbers from CSS ``target-counter``, page numbers in the footer, the SVG charts
inline) and writes a tagged PDF/UA-1 file, its language and title taken from the page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language

PDF_VARIANT = "pdf/ua-1"


def render_pdf(report, *, base_url: str, request=None) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    html = render_to_string(
        "plans/staff/report_document.html",
        {"report": report, "plan": report.plan, "language": get_language() or "sv"},
        request=request,
    )
    return HTML(string=html, base_url=base_url).write_pdf(
        pdf_tags=True, pdf_variant=PDF_VARIANT, custom_metadata=True
    )


def filename(report) -> str:
    from django.utils.text import slugify

    return f"{slugify(report.plan.title) or 'plan'}-{report.generated.isoformat()}.pdf"
