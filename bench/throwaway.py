"""A throw-away set-up for a benchmark: Django on a new SQLite database in a temporary
directory (or on DATABASE_URL, when it is set), e-mails kept in memory."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> str:
    """Set Django up on a temporary directory and return it (the caller removes it)."""
    sys.path.insert(0, str(ROOT))
    tmp = tempfile.mkdtemp(prefix="platskraft-bench-")
    os.makedirs(os.path.join(tmp, "static"), exist_ok=True)  # whitenoise looks for it
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platskraft.settings")
    os.environ.setdefault("PLATSKRAFT_VAR_DIR", tmp)
    os.environ["PLATSKRAFT_EMAIL_URL"] = "locmem"
    import django

    django.setup()
    return tmp
