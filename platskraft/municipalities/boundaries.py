"""Importing municipality boundaries from a GeoJSON FeatureCollection.

All or nothing: the file is checked first (platskraft.analysis.geo), and if any
feature is refused nothing is written and every problem is reported, one line per
feature and reason. Otherwise, in one transaction, the boundary and centre are stored
on the official list (so a municipality that joins later gets them at once) and the
boundary on every municipality on the platform with that code; a municipality on the
platform keeps a centre it already has.
"""

import math
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from platskraft.analysis import geo

from .models import KnownMunicipality, Municipality


@dataclass(frozen=True, slots=True)
class ImportReport:
    features: int  # features read from the file
    registry_updated: int  # rows of the official list given a boundary
    tenants_updated: int  # municipalities on the platform given a boundary
    tenant_centres_set: int  # ... of which had no centre and got one from the boundary
    missing_codes: list[str] = field(default_factory=list)  # official codes not in the file
    dry_run: bool = False


class BoundariesRejected(ValidationError):
    """Features were refused and nothing was imported; `messages` has one line each."""

    def __init__(self, messages: list[str], *, features_rejected: int) -> None:
        super().__init__(messages, code="boundaries_rejected")
        self.features_rejected = features_rejected


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _feature_label(rejected: geo.Rejected) -> str:
    if rejected.name and rejected.code:
        return _("Feature %(number)d (%(name)s, %(code)s)") % {
            "number": rejected.index,
            "name": rejected.name,
            "code": rejected.code,
        }
    if rejected.name or rejected.code:
        return _("Feature %(number)d (%(label)s)") % {
            "number": rejected.index,
            "label": rejected.name or rejected.code,
        }
    return _("Feature %(number)d") % {"number": rejected.index}


def _problem(rejected: geo.Rejected, *, code_property: str, simplify: float) -> str:
    r = geo.Reason
    params: dict[str, Any] = {
        "found": rejected.detail,
        "detail": rejected.detail,
        "code": rejected.code,
        "property": code_property,
        "other": rejected.other_index or 0,
        "tolerance": _number(simplify),
    }
    if rejected.bounds is not None:
        west, south, east, north = (_number(b) for b in rejected.bounds)
        params.update(west=west, south=south, east=east, north=north)
    texts = {
        r.NOT_A_FEATURE: _("it is not a GeoJSON Feature (its type is “%(found)s”)"),
        r.NO_GEOMETRY: _("it has no geometry"),
        r.GEOMETRY_TYPE: _(
            "the geometry is of type “%(found)s”; only Polygon and MultiPolygon are accepted"
        ),
        r.UNREADABLE_GEOMETRY: _("the geometry cannot be read: %(detail)s"),
        r.EMPTY_GEOMETRY: _("the geometry is empty"),
        r.OUTSIDE_SWEDEN: _(
            "the coordinates (longitude %(west)s to %(east)s, latitude %(south)s to "
            "%(north)s) lie outside Sweden; the file must use WGS 84 longitude and "
            "latitude (EPSG:4326), longitude first"
        ),
        r.INVALID_GEOMETRY: _("the geometry is not valid: %(detail)s"),
        r.SIMPLIFIED_INVALID: _(
            "simplifying with a tolerance of %(tolerance)s degrees spoils the geometry "
            "(%(detail)s); use a smaller tolerance"
        ),
        r.NO_CODE: _("the municipality code (property “%(property)s”) is missing"),
        r.BAD_CODE: _(
            "the municipality code “%(code)s” (property “%(property)s”) is not four digits"
        ),
        r.UNKNOWN_CODE: _("%(code)s is not on the official list of municipality codes"),
        r.DUPLICATE_CODE: _("the code %(code)s already appeared in feature %(other)d"),
    }
    return texts[rejected.reason] % params


def rejection_message(rejected: geo.Rejected, *, code_property: str, simplify: float) -> str:
    """E.g. “Feature 12 (Tyresö, 0138): the geometry is not valid: Self-intersection[…]”."""
    return _("%(feature)s: %(problem)s") % {
        "feature": _feature_label(rejected),
        "problem": _problem(rejected, code_property=code_property, simplify=simplify),
    }


def _features(collection: Any) -> list[Any]:
    try:
        features = geo.collection_features(collection)
    except geo.NotAFeatureCollection as exc:
        if exc.problem == "not_an_object":
            message = _(
                "The file is not a GeoJSON FeatureCollection: it holds a JSON "
                "%(kind)s, not an object."
            ) % {"kind": exc.found}
        elif exc.problem == "wrong_type":
            message = _("The file is not a GeoJSON FeatureCollection: its type is “%(type)s”.") % {
                "type": exc.found
            }
        else:
            message = _(
                "The file is not a GeoJSON FeatureCollection: it has no list of “features”."
            )
        raise ValidationError(message, code="not_a_feature_collection") from exc
    if not features:
        raise ValidationError(
            _("The FeatureCollection has no features; there is nothing to import."),
            code="no_features",
        )
    return features


def boundaries_import(
    *, collection: Any, code_property: str = "id", simplify: float = 0.0, dry_run: bool = False
) -> ImportReport:
    """Store the boundaries of a decoded GeoJSON FeatureCollection, all or nothing.

    Raises ValidationError when the document is not a usable FeatureCollection, and
    BoundariesRejected (listing every problem) when any feature is refused.
    """
    if not (isinstance(simplify, int | float) and math.isfinite(simplify) and simplify >= 0):
        raise ValidationError(
            _("The simplification tolerance must be zero or a positive number of degrees."),
            code="simplify",
        )
    features = _features(collection)
    known_codes = set(KnownMunicipality.objects.values_list("code", flat=True))
    check = geo.check_boundary_features(features, code_property, known_codes, simplify=simplify)
    if not check.ok:
        raise BoundariesRejected(
            [
                rejection_message(r, code_property=code_property, simplify=simplify)
                for r in check.rejected
            ],
            features_rejected=check.rejected_features,
        )

    by_code = {a.code: a for a in check.accepted}
    missing = sorted(known_codes - by_code.keys())
    with transaction.atomic():
        registry = list(
            KnownMunicipality.objects.select_for_update().filter(code__in=by_code).order_by("code")
        )
        tenants = list(
            Municipality.objects.select_for_update().filter(code__in=by_code).order_by("code")
        )
        centres_set = 0
        for row in registry:
            accepted = by_code[row.code]
            row.boundary = accepted.geometry
            row.centre_lat, row.centre_lon = accepted.centre_lat, accepted.centre_lon
        for tenant in tenants:
            accepted = by_code[tenant.code]
            tenant.boundary = accepted.geometry
            if tenant.centre is None:
                tenant.centre_lat, tenant.centre_lon = accepted.centre_lat, accepted.centre_lon
                centres_set += 1
        if not dry_run:
            KnownMunicipality.objects.bulk_update(
                registry, ["boundary", "centre_lat", "centre_lon"], batch_size=100
            )
            for tenant in tenants:
                tenant.save(update_fields=["boundary", "centre_lat", "centre_lon", "updated_at"])
    return ImportReport(
        features=len(features),
        registry_updated=len(registry),
        tenants_updated=len(tenants),
        tenant_centres_set=centres_set,
        missing_codes=missing,
        dry_run=dry_run,
    )


def report_lines(report: ImportReport) -> list[str]:
    """The outcome of an import in words, one line per figure."""
    done = not report.dry_run
    lines = [
        ngettext("Read %(count)d feature.", "Read %(count)d features.", report.features)
        % {"count": report.features},
        (
            ngettext(
                "Stored the boundary of %(count)d municipality on the official list.",
                "Stored the boundaries of %(count)d municipalities on the official list.",
                report.registry_updated,
            )
            if done
            else ngettext(
                "Would store the boundary of %(count)d municipality on the official list.",
                "Would store the boundaries of %(count)d municipalities on the official list.",
                report.registry_updated,
            )
        )
        % {"count": report.registry_updated},
        (
            ngettext(
                "Stored the boundary of %(count)d municipality on the platform "
                "(centre set from the boundary for %(centres)d).",
                "Stored the boundaries of %(count)d municipalities on the platform "
                "(centre set from the boundary for %(centres)d).",
                report.tenants_updated,
            )
            if done
            else ngettext(
                "Would store the boundary of %(count)d municipality on the platform "
                "(centre set from the boundary for %(centres)d).",
                "Would store the boundaries of %(count)d municipalities on the platform "
                "(centre set from the boundary for %(centres)d).",
                report.tenants_updated,
            )
        )
        % {"count": report.tenants_updated, "centres": report.tenant_centres_set},
    ]
    if report.missing_codes:
        lines.append(
            ngettext(
                "%(count)d municipality on the official list is not in the file: %(codes)s.",
                "%(count)d municipalities on the official list are not in the file: %(codes)s.",
                len(report.missing_codes),
            )
            % {"count": len(report.missing_codes), "codes": ", ".join(report.missing_codes)}
        )
    else:
        lines.append(_("Every municipality on the official list is in the file."))
    if report.dry_run:
        lines.append(_("Dry run: nothing was saved."))
    return lines
