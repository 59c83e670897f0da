"""The rules of each Markdown dialect presenter reads, one frozen value per tool.

Each rule comes from the tool's own documentation (summarised in the user docs'
table). `scan` reads the splitting rules, `slide` the step and notes rules,
`visible` the rules about what is hidden or rewritten on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CommentNotes = Literal["all", "last", "none"]


@dataclass(frozen=True)
class Dialect:
    name: str
    label: str
    rules: frozenset[str] = frozenset(("---", "***", "___"))
    """Lines (trailing spaces ignored) that end a slide."""
    any_rule: bool = False
    """Every thematic break ends a slide (`- - -`, `*****`...), not only the lines in `rules`."""
    setext: bool = False
    """A rule directly under a line of text underlines a heading (CommonMark), it does not split."""
    end_slide: bool = True
    """`<!-- end_slide -->` ends a slide."""
    vertical: bool = False
    """A `--` line ends a slide (reveal.js vertical slides)."""
    dash_step: bool = False
    """A `--` line is a step (remark's incremental slides)."""
    dot_step: bool = False
    """patat's `. . .` line is a step."""
    caret_step: bool = False
    """mdp's `<br>` / `^` line is a step."""
    text_notes: frozenset[str] = frozenset()
    """Which text markers start notes: `???` and/or `note` (a `Note:`/`Notes:` line)."""
    comment_notes: CommentNotes = "all"
    """Which plain HTML comments are notes: all, only the slide's last (Slidev), none."""
    headings_split: bool = False
    """Without any rule, slides are cut at headings (patat, lookatme)."""
    slidev_meta: bool = False
    """`---` + `key: value` lines + `---` is the next slide's front matter."""
    remark: bool = False
    """remark's slide properties (`class:`...) and `.class[...]` wrappers."""
    title_slide: bool = False
    """presenterm: the front matter's title, author... make an intro slide of their own."""
    header_lines: bool = False
    """mdp: `%title:` / `%author:` / `%date:` lines at the top are the deck's metadata."""
    config_comments: bool = False
    """patat: a comment starting `<!--config:` (no space) is configuration, never notes."""
    notes_hint: str = "a `<!-- comment -->`"
    """How notes are written, for the warning about a slide without any; empty: the tool
    has no speaker notes, so slides without them are not warned about."""


_NOTES_ALL = frozenset(("???", "note"))
_BREAKS = frozenset(("---", "***", "___"))

PRESENTER = Dialect(
    "presenter",
    "presenter",
    dash_step=True,
    dot_step=True,
    text_notes=_NOTES_ALL,
    slidev_meta=True,
    remark=True,
    notes_hint="a `Note:` line",
)
PRESENTERM = Dialect(
    "presenterm",
    "presenterm",
    rules=frozenset(),
    setext=True,
    comment_notes="none",
    title_slide=True,
    notes_hint="a `<!-- speaker_note: ... -->` comment",
)
REVEALJS = Dialect(
    "revealjs",
    "reveal.js",
    rules=frozenset(("---",)),
    end_slide=False,
    vertical=True,
    text_notes=frozenset(("note",)),
    notes_hint="a `Note:` line",
)
REMARK = Dialect(
    "remark",
    "remark",
    rules=frozenset(("---",)),
    end_slide=False,
    dash_step=True,
    text_notes=frozenset(("???",)),
    remark=True,
    notes_hint="a `???` line",
)
MARP = Dialect("marp", "Marp", rules=_BREAKS, any_rule=True, setext=True, end_slide=False)
SLIDEV = Dialect(
    "slidev",
    "Slidev",
    rules=frozenset(("---",)),
    end_slide=False,
    comment_notes="last",
    slidev_meta=True,
)
PATAT = Dialect(
    "patat",
    "patat",
    any_rule=True,
    setext=True,
    end_slide=False,
    dot_step=True,
    headings_split=True,
    config_comments=True,
)
LOOKATME = Dialect(
    "lookatme", "lookatme", any_rule=True, setext=True, end_slide=False, headings_split=True
)
MDP = Dialect(
    "mdp",
    "mdp",
    rules=frozenset(),
    any_rule=True,
    setext=True,
    end_slide=False,
    caret_step=True,
    comment_notes="none",
    header_lines=True,
    notes_hint="",
)
SLIDES = Dialect(
    "slides",
    "slides",
    rules=frozenset(("---",)),
    end_slide=False,
    comment_notes="none",
    notes_hint="",
)

DIALECTS: dict[str, Dialect] = {
    d.name: d
    for d in (PRESENTER, PRESENTERM, REVEALJS, REMARK, MARP, SLIDEV, PATAT, LOOKATME, MDP, SLIDES)
}
ALIASES = {
    "reveal.js": "revealjs",
    "reveal": "revealjs",
    "marpit": "marp",
    "maaslalani/slides": "slides",
}


def dialect_named(name: str) -> Dialect | None:
    """The dialect called `name` (any case, a few aliases), or None."""
    key = name.strip().lower()
    return DIALECTS.get(ALIASES.get(key, key))


def dialect_names() -> tuple[str, ...]:
    return tuple(DIALECTS)
