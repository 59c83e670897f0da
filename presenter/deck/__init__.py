"""The deck core: Markdown file -> `Deck` model. Pure Python: no Textual, no aiohttp."""
