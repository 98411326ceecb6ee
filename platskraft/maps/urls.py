"""Mental-map analysis addresses: staff pages under /<municipality>/staff/surveys/<pk>/map/,
the published page under /<municipality>/surveys/<pk>/map/."""

from django.urls import path

from .views import files, pages

app_name = "maps"

S = "staff/surveys/<int:pk>/map/"
P = "surveys/<int:pk>/map/"

urlpatterns = [
    path(S, pages.StaffAnalysis.as_view(), name="staff_analysis"),
    path(
        S + "cells.geojson",
        files.StaffFile.as_view(what="cells_geojson"),
        name="staff_cells_geojson",
    ),
    path(S + "cells.csv", files.StaffFile.as_view(what="cells_csv"), name="staff_cells_csv"),
    path(S + "map.svg", files.StaffFile.as_view(what="map_svg"), name="staff_map_svg"),
    path(S + "drawings.geojson", files.StaffDrawings.as_view(), name="staff_drawings"),
    path(P, pages.public_analysis, name="analysis"),
    path(P + "cells.geojson", files.public_file("cells_geojson"), name="cells_geojson"),
    path(P + "cells.csv", files.public_file("cells_csv"), name="cells_csv"),
    path(P + "map.svg", files.public_file("map_svg"), name="map_svg"),
]
