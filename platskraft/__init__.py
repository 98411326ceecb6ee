"""Platskraft: citizen dialogue and attractiveness work for Swedish municipalities."""
