"""Rehearsal core: slide timings and their reports. Pure Python: no Textual, no aiohttp."""
