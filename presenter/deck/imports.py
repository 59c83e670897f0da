"""Slidev's imports: `src:` slides from another file, `<<< @/file` code snippets.

A slide whose per-slide front matter says `src: ./pages/intro.md` is replaced by
that file's slides (`#2,5-7` picks some of them); its own content is ignored, as
in Slidev. `<<< @/snippets/code.ts [lang]` shows that file as a code block (`@`
is the deck's folder; `#region` picks a VS Code region). Paths are relative to the
deck. A file that cannot be read is a warning at the line that names it, and the
slide or line is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from presenter.deck.blocks import fenced_block
from presenter.deck.diagnostics import Diagnostics
from presenter.deck.dialects import Dialect
from presenter.deck.model import DeckReadError
from presenter.deck.scan import Chunk, deck_lines, scan
from presenter.deck.source import read_source

_SRC = re.compile(r"src:\s*['\"]?([^'\"#\s]+)(?:#([\d,\s-]+))?")
_SNIPPET = re.compile(r"<<<\s*(\S+?)(?:#([\w-]+))?(?:\s+([\w+-]+))?(?:\s+\{.*)?\s*$")
MAX_DEPTH = 8


def _picked(spec: str | None, count: int) -> list[int]:
    if not spec:
        return list(range(count))
    picked: list[int] = []
    for item in spec.replace(" ", "").split(","):
        first, _, last = item.partition("-")
        if first.isdigit():
            end = int(last) if last.isdigit() else int(first)
            picked.extend(n - 1 for n in range(int(first), end + 1) if 0 < n <= count)
    return picked


def expand_imports(
    chunks: list[Chunk],
    path: Path | None,
    dialect: Dialect,
    diagnostics: Diagnostics,
    depth: int = 0,
) -> Iterator[tuple[Chunk, Diagnostics]]:
    """The chunks, with each `src:` slide replaced by the slides it imports."""
    for chunk in chunks:
        meta = chunk.meta
        match = None
        line = 0
        if meta is not None:
            for offset, text in enumerate(meta.lines):
                match = _SRC.match(text)
                if match:
                    line = meta.start + offset
                    break
        if match is None:
            yield chunk, diagnostics
            continue
        base = path.parent if path is not None else Path.cwd()
        target = (base / match.group(1).removeprefix("@/")).resolve()
        if depth >= MAX_DEPTH:
            diagnostics.warning(line, 1, "imports nest too deep (an import cycle?); left out")
            continue
        try:
            text = read_source(target)
        except DeckReadError as error:
            reason = error.message.split(";")[0]
            diagnostics.warning(
                line, 1, f"the imported file {match.group(1)} cannot be read ({reason}); left out"
            )
            continue
        inner = diagnostics.for_file(str(base / match.group(1)))
        found = scan(deck_lines(text), inner, dialect).chunks
        picked = [found[n] for n in _picked(match.group(2), len(found))]
        yield from expand_imports(picked, target, dialect, inner, depth + 1)


def snippet(line: str, base: Path | None) -> list[str] | None:
    """The code block a `<<< @/file` line stands for, or None when it is not one or
    the file cannot be read."""
    match = _SNIPPET.match(line.strip())
    if match is None:
        return None
    name, region, language = match.groups()
    folder = base if base is not None else Path.cwd()
    try:
        text = read_source((folder / name.removeprefix("@/")).resolve())
    except DeckReadError:
        return None
    lines = deck_lines(text)
    if region:
        start = next((i for i, t in enumerate(lines) if f"#region {region}" in t), None)
        if start is not None:
            end = next(
                (i for i in range(start + 1, len(lines)) if "#endregion" in lines[i]), len(lines)
            )
            lines = lines[start + 1 : end]
    return fenced_block(lines, language or Path(name).suffix.lstrip("."))


def missing_snippets(chunk: Chunk, base: Path | None, diagnostics: Diagnostics) -> None:
    """Warn about `<<<` lines of `chunk` whose file cannot be read."""
    for offset, line in enumerate(chunk.lines):
        if line.startswith("<<<") and snippet(line, base) is None:
            diagnostics.warning(
                chunk.start + offset,
                1,
                "this code snippet's file cannot be read, so the line shows as written; "
                "check the path (relative to the deck; @/ is the deck's folder)",
            )
