"""Who may do what with interviews: a role in the interview's municipality.

Interview notes are sensitive (what a person said, sometimes with their name): only the
municipality's admins and editors (officials) read, record and code them. The codebook
and the aggregate counts of codes say nothing about a person, so everyone who may read
the staff pages reads them. Objects: the Municipality, an Interview, a Code or a Passage
(each reaches its municipality). `INTERVIEW_ACTIONS` lists every action with the object
it is checked on; the permission matrix test walks it.
"""

from __future__ import annotations

import rules

from platskraft.municipalities.permissions import is_admin, is_editor, may_read_staff_pages

officials = is_admin | is_editor

# Counts of codes by segment and locality, and the codebook (obj: Municipality).
rules.add_perm("interviews.view_counts", may_read_staff_pages)
# The notes, the list of interviews and the coded passages (obj: Municipality/Interview).
rules.add_perm("interviews.view_notes", officials)
# A coded passage (obj: Passage), e.g. linked from an action plan: as its interview's notes.
rules.add_perm("interviews.view_passage", officials)
rules.add_perm("interviews.record", officials)
rules.add_perm("interviews.code", officials)
rules.add_perm("interviews.manage_codebook", officials)

INTERVIEW_ACTIONS = {
    "interviews.view_counts": "municipality",
    "interviews.view_notes": "interview",
    "interviews.view_passage": "passage",
    "interviews.record": "interview",
    "interviews.code": "interview",
    "interviews.manage_codebook": "municipality",
}
