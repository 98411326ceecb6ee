"""Signals other apps listen to without this app knowing them."""

from django.dispatch import Signal

# Sent after the commit that made a process public (a draft published), with `process`
# and `site_url` (the site's address for links in e-mails, may be empty).
process_made_public = Signal()
