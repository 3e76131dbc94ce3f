"""Ecological restoration: the measures a handling procuratorate carries out and the
damage-place one verifies."""
