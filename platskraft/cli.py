"""The `platskraft` console script.

platskraft serve [PORT]       serve the platform on 127.0.0.1 (default port 8000)
platskraft demo               build the demo municipalities and print the demo log-ins
platskraft import-boundaries FILE.geojson
platskraft budget-outcome FILE.pb --rule RULE [--explain]   (no database needed)
platskraft <any Django management command>
"""

import os
import sys

ALIASES = {"import-boundaries": "import_boundaries"}


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and args[1] == "budget-outcome":  # before Django is set up
        from platskraft.budget_cli import main as budget_outcome

        sys.exit(budget_outcome(args[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platskraft.settings")
    from django.core.management import execute_from_command_line

    if len(args) > 1 and args[1] == "serve":
        port = args[2] if len(args) > 2 else os.environ.get("PORT", "8000")
        args = [args[0], "runserver", f"127.0.0.1:{port}", "--noreload", *args[3:]]
    elif len(args) > 1:
        args[1] = ALIASES.get(args[1], args[1])
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
