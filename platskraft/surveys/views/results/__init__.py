"""Results (staff and, once published, residents), the free-text answers, the exports
and the import of responses.

`pages` holds the results pages and the free-text listing; `files` the CSV and Excel
exports and the import. Addresses: /<municipality>/surveys/<pk>/results/ for residents,
/<municipality>/staff/surveys/<pk>/results/, …/export.csv, …/export.xlsx and …/import/
for staff.
"""

from django.urls import path

from . import files, pages

S = "staff/surveys/<int:pk>/"

urlpatterns = [
    path("surveys/<int:pk>/results/", pages.public_results, name="results"),
    path(S + "results/", pages.StaffResults.as_view(), name="staff_results"),
    path(
        S + "results/texts/<int:question_id>/",
        pages.StaffTexts.as_view(),
        name="staff_results_texts",
    ),
    path(S + "export.csv", files.ExportCsv.as_view(), name="staff_export_csv"),
    path(S + "export.xlsx", files.ExportXlsx.as_view(), name="staff_export_xlsx"),
    path(S + "import/", files.Import.as_view(), name="staff_import"),
]
