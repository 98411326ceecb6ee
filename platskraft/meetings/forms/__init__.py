"""Forms of meetings: `staff` (a meeting, its questions, cancelling, attendance, minutes,
outcomes) and `public` (registering). They check what a person typed and say what is
wrong by field; the services check the rules that span rows."""

from .public import RegistrationForm
from .staff import (
    AttendanceForm,
    CancelForm,
    MeetingForm,
    MinutesForm,
    OutcomeForm,
    OutcomesAddForm,
    QuestionForm,
    add_errors,
)

__all__ = [
    "AttendanceForm",
    "CancelForm",
    "MeetingForm",
    "MinutesForm",
    "OutcomeForm",
    "OutcomesAddForm",
    "QuestionForm",
    "RegistrationForm",
    "add_errors",
]
