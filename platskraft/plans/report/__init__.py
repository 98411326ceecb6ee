"""The final report of a plan's process: seven sections in a fixed order, each filled in
with facts and figures from the platform and a narrative staff write.

- ``sections``: the section keys and titles, and ``section_save`` (the narrative's service).
- ``facts``: reads the platform (process, phases, financiers, plan status and budget,
  participation in proposals, surveys and budgeting) into blocks per section.
- ``charts``: the charts as SVG drawn on the server, so that the PDF embeds them.
- ``pdf``: the report as a tagged PDF (WeasyPrint) with a table of contents and page numbers.
"""

from .facts import Block, Report, ReportSectionView, build_report
from .sections import SECTION_KEYS, SECTIONS, section_save, section_title

__all__ = [
    "SECTIONS",
    "SECTION_KEYS",
    "Block",
    "Report",
    "ReportSectionView",
    "build_report",
    "section_save",
    "section_title",
]
