"""Sentencing comparison across the six provinces, with its box-plot chart."""
