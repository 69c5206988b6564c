"""Chronique: news reports in, an event record an analyst can trust out."""

__version__ = "0.1.0"
