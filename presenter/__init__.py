"""presenter: a terminal presenter for Markdown briefing decks."""

__version__ = "0.1.0"
