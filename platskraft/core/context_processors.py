from django.conf import settings


def site(request):
    municipality = getattr(request, "municipality", None)
    codes = municipality.languages if municipality else [c for c, _n in settings.LANGUAGES]
    return {
        "municipality": municipality,
        "site_languages": [(c, n) for c, n in settings.LANGUAGES if c in codes],
        "tile_url": settings.PLATSKRAFT_TILE_URL,
        "tile_attribution": settings.PLATSKRAFT_TILE_ATTRIBUTION,
    }
