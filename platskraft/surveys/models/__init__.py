from .response import Channel, Response, ResponseStatus
from .survey import (
    Access,
    Locality,
    Option,
    OptionRole,
    PlaceKind,
    Question,
    Section,
    Survey,
    SurveyStatus,
)

__all__ = [
    "Access",
    "Channel",
    "Locality",
    "Option",
    "OptionRole",
    "PlaceKind",
    "Question",
    "Response",
    "ResponseStatus",
    "Section",
    "Survey",
    "SurveyStatus",
]
