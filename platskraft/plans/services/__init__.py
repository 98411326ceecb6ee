"""Writes for action plans (see each module). Every write runs in a transaction and
records what it changed as `Change` rows."""
