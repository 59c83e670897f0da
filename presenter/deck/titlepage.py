"""The title page: a first slide with nothing to show becomes the deck's title slide.

When the front matter has a `title` and the first slide shows nothing (only notes
or directives, or nothing at all), that slide becomes `kind="title"`, titled with the
front matter's title and showing title, subtitle, authors, event/location and date.
"""

from __future__ import annotations

from presenter.deck.model import DeckMeta


def title_page_needed(meta: DeckMeta) -> bool:
    """presenterm's rule: any of title, subtitle, author(s), event, location, date."""
    return bool(
        meta.title or meta.subtitle or meta.authors or meta.event or meta.location or meta.date
    )


def title_page_markdown(meta: DeckMeta) -> str:
    blocks = [f"# {meta.title}"] if meta.title else []
    if meta.subtitle:
        blocks.append(f"## {meta.subtitle}")
    if meta.authors:
        blocks.append(", ".join(meta.authors))
    place = " · ".join(item for item in (meta.event, meta.location) if item)
    if place:
        blocks.append(place)
    if meta.date:
        blocks.append(meta.date)
    return "\n\n".join(blocks)
