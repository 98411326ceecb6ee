"""Writes about meetings: `meetings` (a meeting, its questions, attendance, minutes and
outcomes), `registration` (places, the waiting list, cancelling), `reminders`, `followup`
("what happened next") and `mail` (the e-mails, sent after commit)."""
