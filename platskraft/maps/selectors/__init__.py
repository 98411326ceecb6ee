"""Reads for the mental-map analysis: answers into arrays (`reading`), one layer
aggregated (`layers`, cached by `cache`), the page's figures (`page`), its colour
classes (`scales`), GeoJSON (`features`) and the raw drawings (`drawings`)."""

from .features import map_features
from .filters import Filters
from .page import Analysis, map_analysis

__all__ = ["Analysis", "Filters", "map_analysis", "map_features"]
