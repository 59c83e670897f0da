"""Reusable widgets of the presenter app."""
