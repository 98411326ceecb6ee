"""Reads for surveys, one module per part."""
