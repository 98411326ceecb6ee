"""The builder (staff): the list of surveys, a survey's settings and status, its sections,
questions, options and display conditions, the preview, and the list of localities.

Addresses are under /<municipality>/staff/surveys/. `surveys` holds whole surveys;
`structure` sections and questions; `options` answer options and rows; `preview` the
preview; `localities` the municipality's gazetteer (places); `map_layers` a map
question's layers; `_common` what they share.
"""

from django.urls import path

from . import localities, map_layers, options, preview, structure, surveys

S = "staff/surveys/"
Q = S + "<int:pk>/questions/<int:question_id>/"

urlpatterns = [
    path(S, surveys.SurveyList.as_view(), name="staff_list"),
    path(S + "new/", surveys.SurveyCreate.as_view(), name="staff_survey_add"),
    path(S + "localities/", localities.Localities.as_view(), name="staff_localities"),
    path(S + "localities/import/", localities.PlacesImport.as_view(), name="staff_places_import"),
    path(
        S + "localities/<int:locality_id>/",
        localities.LocalityEdit.as_view(),
        name="staff_locality_edit",
    ),
    path(
        S + "localities/<int:locality_id>/delete/",
        localities.LocalityDelete.as_view(),
        name="staff_locality_delete",
    ),
    path(
        S + "localities/<int:locality_id>/move/",
        localities.LocalityMove.as_view(),
        name="staff_locality_move",
    ),
    path(S + "<int:pk>/", surveys.SurveyDetail.as_view(), name="staff_survey"),
    path(S + "<int:pk>/settings/", surveys.SurveySettings.as_view(), name="staff_survey_edit"),
    path(S + "<int:pk>/status/", surveys.SurveyStatusChange.as_view(), name="staff_survey_status"),
    path(S + "<int:pk>/delete/", surveys.SurveyDelete.as_view(), name="staff_survey_delete"),
    path(
        S + "<int:pk>/duplicate/", surveys.SurveyDuplicate.as_view(), name="staff_survey_duplicate"
    ),
    path(S + "<int:pk>/preview/", preview.Preview.as_view(), name="staff_survey_preview"),
    path(
        S + "<int:pk>/preview/<int:number>/",
        preview.Preview.as_view(),
        name="staff_survey_preview_page",
    ),
    path(
        S + "<int:pk>/sections/new/", structure.SectionFormView.as_view(), name="staff_section_add"
    ),
    path(
        S + "<int:pk>/sections/<int:section_id>/",
        structure.SectionFormView.as_view(),
        name="staff_section_edit",
    ),
    path(
        S + "<int:pk>/sections/<int:section_id>/delete/",
        structure.SectionDelete.as_view(),
        name="staff_section_delete",
    ),
    path(
        S + "<int:pk>/sections/<int:section_id>/move/",
        structure.SectionMove.as_view(),
        name="staff_section_move",
    ),
    path(
        S + "<int:pk>/sections/<int:section_id>/questions/new/",
        structure.QuestionAdd.as_view(),
        name="staff_question_add",
    ),
    path(Q, structure.QuestionEdit.as_view(), name="staff_question_edit"),
    path(Q + "kind/", structure.QuestionKindChange.as_view(), name="staff_question_kind"),
    path(Q + "condition/", structure.QuestionCondition.as_view(), name="staff_question_condition"),
    path(Q + "delete/", structure.QuestionDelete.as_view(), name="staff_question_delete"),
    path(Q + "move/", structure.QuestionMove.as_view(), name="staff_question_move"),
    path(Q + "duplicate/", structure.QuestionDuplicate.as_view(), name="staff_question_duplicate"),
    path(
        Q + "localities/",
        structure.QuestionRefreshLocalities.as_view(),
        name="staff_question_localities",
    ),
    path(Q + "layers/", map_layers.MapLayers.as_view(), name="staff_map_layers"),
    path(Q + "layers/new/", map_layers.MapLayerFormView.as_view(), name="staff_map_layer_add"),
    path(
        Q + "layers/<slug:layer>/",
        map_layers.MapLayerFormView.as_view(),
        name="staff_map_layer_edit",
    ),
    path(
        Q + "layers/<slug:layer>/delete/",
        map_layers.MapLayerDelete.as_view(),
        name="staff_map_layer_delete",
    ),
    path(
        Q + "layers/<slug:layer>/move/",
        map_layers.MapLayerMove.as_view(),
        name="staff_map_layer_move",
    ),
    path(Q + "options/new/<str:role>/", options.OptionFormView.as_view(), name="staff_option_add"),
    path(
        Q + "options/<int:option_id>/", options.OptionFormView.as_view(), name="staff_option_edit"
    ),
    path(
        Q + "options/<int:option_id>/delete/",
        options.OptionDelete.as_view(),
        name="staff_option_delete",
    ),
    path(
        Q + "options/<int:option_id>/move/", options.OptionMove.as_view(), name="staff_option_move"
    ),
]
