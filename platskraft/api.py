"""The public JSON API (v1): every app's router under one versioned, documented API.

It lives at project level because it spans the layers: municipalities must not
import proposals, so neither app builds the API itself.
"""

from ninja import NinjaAPI

from platskraft.municipalities.api import router as municipalities_router
from platskraft.proposals.api import router as proposals_router

api = NinjaAPI(
    title="Platskraft API",
    version="1",
    urls_namespace="api-v1",
    description="Open data on municipalities' development processes.",
)
api.add_router("", municipalities_router)
api.add_router("", proposals_router)
