"""Symposiums that neighbouring procuratorates of several provinces convene."""
