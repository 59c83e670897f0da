"""The slide themes as Textual themes, so every screen takes the slide's colours.

The overview, search, help, dialogs, the rehearsal report, the console and the
poll view are styled with Textual's theme variables ($primary, $surface,
$text-muted...). Each slide theme's palette (`presenter.tui.render.palette`)
becomes a Textual theme named `presenter-<name>`, made and registered the first
time it is used. The `.tcss` files beside this module style the slide chrome.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from presenter.tui.render.palette import Palette, palette_for

if TYPE_CHECKING:
    from textual.app import App
    from textual.theme import Theme


def textual_theme_name(slide_theme: str) -> str:
    return f"presenter-{slide_theme}"


def textual_theme(palette: Palette) -> Theme:
    """The Textual theme made from a slide palette."""
    from textual.theme import Theme

    return Theme(
        name=textual_theme_name(palette.name),
        primary=palette.accent,
        secondary=_colour(palette.h2),
        accent=_colour(palette.h2),
        foreground=palette.text,
        background=palette.background,
        surface=palette.surface,
        panel=palette.surface,
        boost=palette.surface,
        success=palette.success,
        warning=palette.warning,
        error=palette.error,
        dark=palette.dark,
        variables={
            "text-muted": palette.muted,
            "footer-key-foreground": _colour(palette.h2),
            "block-cursor-text-style": "bold",
            "input-selection-background": f"{palette.accent} 35%",
        },
    )


def use_theme(app: App[Any], slide_theme: str) -> None:
    """Switch `app` to the Textual theme of `slide_theme`, registering it once."""
    name = textual_theme_name(slide_theme)
    if name not in app.available_themes:
        app.register_theme(textual_theme(palette_for(slide_theme)))
    if app.theme != name:
        app.theme = name


def _colour(style: str) -> str:
    """The colour in a Rich style string such as `bold #ffff00`."""
    return next(word for word in style.split() if word.startswith("#"))
