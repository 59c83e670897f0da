"""Polls core: ballots, tallies and results over the store. Pure Python: no Textual, no aiohttp."""
