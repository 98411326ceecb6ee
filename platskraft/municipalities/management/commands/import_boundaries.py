"""manage.py import_boundaries FILE [--code-property id] [--simplify DEGREES] [--dry-run]"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from platskraft.municipalities.boundaries import (
    BoundariesRejected,
    boundaries_import,
    report_lines,
)


def read_geojson(path: Path):
    """The decoded JSON document at `path`; CommandError naming the file otherwise."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise CommandError(_("The file %(file)s does not exist.") % {"file": path}) from exc
    except UnicodeDecodeError as exc:
        raise CommandError(
            _("The file %(file)s is not UTF-8 text (byte %(position)d).")
            % {"file": path, "position": exc.start}
        ) from exc
    except OSError as exc:
        raise CommandError(
            _("The file %(file)s cannot be read: %(error)s.")
            % {"file": path, "error": exc.strerror or exc}
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CommandError(
            _("The file %(file)s is not valid JSON: %(error)s at line %(line)d, column %(column)d.")
            % {"file": path, "error": exc.msg, "line": exc.lineno, "column": exc.colno}
        ) from exc


class Command(BaseCommand):
    help = (
        "Import municipality boundaries from a GeoJSON FeatureCollection (WGS 84 "
        "longitude/latitude), one Polygon or MultiPolygon feature per municipality. "
        "All or nothing: if any feature is refused, every problem is listed and nothing "
        "is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The GeoJSON file.")
        parser.add_argument(
            "--code-property",
            default="id",
            metavar="NAME",
            help="The feature property holding the four-digit municipality code "
            "(default: id). Integer codes are zero-padded (114 -> 0114).",
        )
        parser.add_argument(
            "--simplify",
            type=float,
            default=0.0,
            metavar="DEGREES",
            help="Simplify each boundary with this tolerance in degrees, keeping it "
            "valid (e.g. 0.0005, about 50 m). Default 0: keep it as it is.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without saving anything.",
        )

    def handle(self, *args, **options):
        path: Path = options["file"]
        collection = read_geojson(path)
        try:
            report = boundaries_import(
                collection=collection,
                code_property=options["code_property"],
                simplify=options["simplify"],
                dry_run=options["dry_run"],
            )
        except BoundariesRejected as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                ngettext(
                    "%(count)d feature in %(file)s was refused; nothing was imported.",
                    "%(count)d features in %(file)s were refused; nothing was imported.",
                    exc.features_rejected,
                )
                % {"count": exc.features_rejected, "file": path}
            ) from exc
        except ValidationError as exc:
            raise CommandError(
                _("%(file)s: %(error)s Nothing was imported.")
                % {"file": path, "error": " ".join(exc.messages)}
            ) from exc
        for line in report_lines(report):
            self.stdout.write(line)
