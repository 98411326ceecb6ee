from .response import Channel, Response, ResponseStatus
from .survey import Access, Locality, Option, OptionRole, Question, Section, Survey, SurveyStatus

__all__ = [
    "Access",
    "Channel",
    "Locality",
    "Option",
    "OptionRole",
    "Question",
    "Response",
    "ResponseStatus",
    "Section",
    "Survey",
    "SurveyStatus",
]
