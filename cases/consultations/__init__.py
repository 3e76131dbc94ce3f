"""Jurisdiction consultations between procuratorates and their decision records."""
