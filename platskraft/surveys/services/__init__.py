"""Writes for surveys, one module per part."""
