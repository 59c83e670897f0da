"""Screens of the presenter app."""
