"""Batch production: one document per row of a CSV or Excel table (`continuum lot`)."""
