"""Text contrast of every theme, computed from the theme definitions (WCAG 2 ratios).

The projector theme is for washed-out beamers: body text, headings, code,
comments and the poll bars reach 7:1 (AAA). Every theme keeps secondary text
(muted details, comments) at 4.5:1 or more (AA), and code blocks stand out
from the slide's background.
"""

from __future__ import annotations

import re

import pytest
from textual.app import App
from textual.color import Color

from presenter.tui.render.palette import PALETTES, THEMES, Palette
from presenter.tui.themes import textual_theme, use_theme

AAA = 7.0
AA = 4.5


def colour(style: str) -> str:
    """The foreground colour of a Rich style string (`bold #ffff00 on #000000`)."""
    match = re.search(r"(?<!on )#[0-9a-fA-F]{6}", style)
    assert match, style
    return match.group(0)


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_ratio_is_computed_as_wcag_does() -> None:
    assert contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def slide_text(palette: Palette) -> dict[str, str]:
    return {
        "body": palette.text,
        "h1": colour(palette.h1),
        "h2": colour(palette.h2),
        "h3": colour(palette.h3),
        "h4": colour(palette.h4),
        "title": colour(palette.title),
        "bullet": colour(palette.bullet),
        "quote": colour(palette.quote),
        "link": colour(palette.link),
        "table header": colour(palette.table_header),
        "poll bars": palette.accent,
    }


def code_text(palette: Palette) -> dict[str, str]:
    return dict(palette.code._asdict())


@pytest.mark.parametrize("theme", THEMES)
def test_every_theme_keeps_text_readable(theme: str) -> None:
    palette = PALETTES[theme]
    needed = AAA if theme == "projector" else AA
    for name, fg in slide_text(palette).items():
        assert contrast(fg, palette.background) >= needed, (theme, name, fg)
    for name, fg in code_text(palette).items():
        assert contrast(fg, palette.code_background) >= needed, (theme, "code", name, fg)
    inline_fg, inline_bg = palette.code_inline.split(" on ")
    assert contrast(colour(inline_fg), inline_bg) >= needed, (theme, "inline code")


@pytest.mark.parametrize("theme", THEMES)
def test_secondary_text_reaches_aa_and_the_projector_aaa(theme: str) -> None:
    palette = PALETTES[theme]
    needed = AAA if theme == "projector" else AA
    assert contrast(palette.muted, palette.background) >= needed
    assert contrast(palette.muted, palette.surface) >= AA
    assert contrast(palette.code.comment, palette.code_background) >= needed


@pytest.mark.parametrize("theme", THEMES)
def test_code_blocks_and_panels_stand_out_from_the_background(theme: str) -> None:
    palette = PALETTES[theme]
    assert palette.code_background != palette.background
    assert contrast(palette.code_background, palette.background) >= 1.15
    assert contrast(palette.surface, palette.background) >= 1.1


@pytest.mark.parametrize("theme", THEMES)
def test_the_stylesheet_uses_the_palette_background(theme: str) -> None:
    from presenter.tui.app import THEME_DIR

    css = (THEME_DIR / f"{theme}.tcss").read_text(encoding="utf-8")
    assert f"background: {PALETTES[theme].background};" in css


@pytest.mark.parametrize("theme", THEMES)
async def test_every_screen_takes_the_theme_colours(theme: str) -> None:
    """The Textual theme made from the palette drives $primary, $background...:
    the colours the overview, help, dialogs, report and poll view are drawn with."""
    palette = PALETTES[theme]
    app: App[None] = App()
    async with app.run_test():
        use_theme(app, theme)
        variables = app.get_css_variables()
        for variable, wanted in (
            ("primary", palette.accent),
            ("background", palette.background),
            ("foreground", palette.text),
            ("text-muted", palette.muted),
        ):
            # Textual keeps theme colours as HSL: a channel may come back one off.
            got, expected = Color.parse(variables[variable]), Color.parse(wanted)
            assert max(abs(a - b) for a, b in zip(got.rgb, expected.rgb, strict=True)) <= 2, (
                variable,
                variables[variable],
                wanted,
            )
        assert textual_theme(palette).dark is palette.dark
