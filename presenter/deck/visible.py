"""What a slide shows: other tools' syntax taken off the screen, raw HTML made readable.

Runs once per slide part at load, on the lines that hold such syntax only (most
lines are passed through after a one-character test). Code blocks are left as
written, except for the lines a tool hides from the audience (presenterm's
per-language prefixes, slides' `///`). Everything here rewrites Markdown, so the
renderer needs no knowledge of other tools.

- remark: `.class[...]` wrappers are unwrapped (their content stays).
- Marp: `![bg ...](...)` background images are left out (a terminal has no
  slide background); size and filter keywords leave other images' alt text.
- Slidev: `::slot::` markers are left out.
- mdp: `->` / `<-` centring markers are left out.
- Raw HTML (every dialect): an HTML block shows its text; `<pre>` becomes a code
  block; `<img>` becomes an image; `<br>` breaks the line; `<kbd>` keys become
  code spans with a space between them; `<script>` and `<style>` show nothing.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from presenter.deck.blocks import fence_closes, fence_opening, fenced_block, html_block_start
from presenter.deck.dialects import Dialect
from presenter.deck.imports import snippet

# presenterm's hidden line prefixes, by code block language (its executors.yaml).
_HASH = "# "
_SLASHES = "/// "
PRESENTERM_HIDDEN = {
    "rust": _HASH,
    "rust-script": _HASH,
    "elixir": "## ",
    "jsonnet": "## ",
    **{
        name: _SLASHES
        for name in [
            "bash",
            "sh",
            "zsh",
            "fish",
            "c",
            "c++",
            "cpp",
            "go",
            "java",
            "js",
            "javascript",
            "jsx",
            "ts",
            "typescript",
            "tsx",
            "julia",
            "kotlin",
            "php",
            "python",
            "py",
            "pwsh",
            "cmd",
            "wsl",
            "csharp",
            "fsharp",
        ]
    },
}
_BG_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MARP_KEYWORD = re.compile(
    r"^(?:w|h|width|height|blur|brightness|contrast|drop-shadow|grayscale|hue-rotate|invert|"
    r"opacity|saturate|sepia)(?::\S*)?$"
)
_SLOT = re.compile(r"\s*::[\w-]+::\s*$")
_CODE_SPAN = re.compile(r"(`+)(?:.*?[^`])?\1(?!`)")
_REMARK_CLASS = re.compile(r"(\\)?((?:\.[a-zA-Z_\-][a-zA-Z\-_0-9]*)+)\[")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_BR = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
_KBD_GAP = re.compile(r"</kbd>\s*<kbd>", re.IGNORECASE)
_KBD = re.compile(r"<kbd>(.*?)</kbd>", re.IGNORECASE)
_IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_DROP_BLOCKS = re.compile(r"\s*<(script|style)\b", re.IGNORECASE)


def _attributes(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
        for m in _ATTRIBUTE.finditer(text)
    }


def _image(match: re.Match[str]) -> str:
    attributes = _attributes(match.group(1))
    source = attributes.get("src", "")
    if not source:
        return ""
    return f"![{attributes.get('alt', '')}]({source})"


def inline_html(line: str) -> str:
    """`<br>`, `<kbd>` and `<img>` in a line of text, made into Markdown."""
    if "<" not in line:
        return line
    lowered = line.lower()
    if "<kbd" in lowered:
        line = _KBD_GAP.sub("</kbd> <kbd>", line)
        line = _KBD.sub(lambda m: f"`{m.group(1).strip()}`", line)
    if "<img" in lowered:
        line = _IMG.sub(_image, line)
    if "<br" in lowered:
        if line.lstrip().startswith("|"):
            line = _BR.sub(" ", line)
        else:
            line = _BR.sub("\\\n", line).rstrip("\\\n") if _BR.fullmatch(line) is None else ""
    return line


def _block_text(lines: list[str]) -> list[str]:
    """The readable text of a raw HTML block."""
    out: list[str] = []
    for line in lines:
        text = html.unescape(_TAG.sub("", inline_html(line))).strip()
        if text[:3] in ("```", "~~~"):
            text = "\\" + text  # text in HTML, not a code fence
        out.append(text)
    return out


def _pre_block(lines: list[str]) -> list[str]:
    return fenced_block(html.unescape(_TAG.sub("", "\n".join(lines))).strip("\n").split("\n"))


def _code_pieces(text: str) -> list[tuple[bool, str]]:
    """`text` cut into code (fenced blocks, code spans) and the rest, in order."""
    pieces: list[tuple[bool, str]] = []
    fence: tuple[str, int] | None = None
    for line in text.split("\n"):
        if fence is not None or fence_opening(line) is not None:
            if fence is None:
                opening = fence_opening(line)
                assert opening is not None
                fence = (opening[0], opening[1])
            elif fence_closes(line, *fence):
                fence = None
            pieces.append((True, line + "\n"))
            continue
        position = 0
        for span in _CODE_SPAN.finditer(line):
            pieces.append((False, line[position : span.start()]))
            pieces.append((True, span.group(0)))
            position = span.end()
        pieces.append((False, line[position:] + "\n"))
    return pieces


def _unwrap_remark(text: str) -> str:
    """remark's `.class[content]` (nested, across lines) -> `content`; `\\.class[` stays."""
    out: list[str] = []
    depths: list[int] = []  # for each open wrapper, the `[` depth inside it
    for code, piece in _code_pieces(text):
        if code:
            out.append(piece)
            continue
        index = 0
        while index < len(piece):
            char = piece[index]
            if char in ".\\":
                match = _REMARK_CLASS.match(piece, index)
                if match is not None:
                    if match.group(1):
                        out.append(match.group(0)[1:])
                        if depths:
                            depths[-1] += 1  # its `[` is an ordinary bracket
                    else:
                        depths.append(0)
                    index = match.end()
                    continue
            if depths and char == "[":
                depths[-1] += 1
            elif depths and char == "]":
                if depths[-1] == 0:
                    depths.pop()
                    index += 1
                    continue
                depths[-1] -= 1
            out.append(char)
            index += 1
    return "".join(out)[:-1]


def _marp_image(match: re.Match[str]) -> str:
    words = match.group(1).split()
    if "bg" in words:
        return ""
    kept = [word for word in words if not _MARP_KEYWORD.match(word)]
    if len(kept) == len(words):
        return match.group(0)
    return match.group(0).replace(f"[{match.group(1)}]", f"[{' '.join(kept)}]", 1)


def _hidden_prefix(dialect: Dialect, info: str) -> str | None:
    if dialect.name == "slides":
        return "///"
    if dialect.name == "presenterm":
        language = info.split()[0].lower() if info.split() else ""
        return PRESENTERM_HIDDEN.get(language)
    return None


def _has_syntax(text: str, dialect: Dialect) -> bool:
    """Whether `text` may hold syntax of `dialect` that is rewritten (a cheap test)."""
    name = dialect.name
    if name == "remark":
        return "[" in text
    if name == "marp":
        return "![" in text
    if name == "slidev":
        return "::" in text
    if name == "mdp":
        return "->" in text or "<-" in text
    if name == "presenterm" or name == "slides":
        return "```" in text or "~~~" in text
    return False


def visible_markdown(text: str, dialect: Dialect, base: Path | None = None) -> str:
    """The Markdown of one step as the audience should see it (`base`: the deck's folder)."""
    if "<" not in text and not _has_syntax(text, dialect):
        return text
    if dialect.name == "remark" and "[" in text and _REMARK_CLASS.search(text):
        text = _unwrap_remark(text)
    lines = text.split("\n")
    out: list[str] = []
    fence: tuple[str, int] | None = None
    hidden: str | None = None
    block: list[str] | None = None
    block_end: re.Pattern[str] | None = None
    block_kind = ""
    marp = dialect.name == "marp"
    slidev = dialect.name == "slidev"
    mdp = dialect.name == "mdp"
    for line in lines:
        if block is not None:
            block.append(line)
            ended = block_end.search(line) if block_end is not None else not line.strip()
            if ended:
                out.extend(_finish_block(block_kind, block))
                block = None
            continue
        if fence is not None:
            if fence_closes(line, *fence):
                fence = None
            elif hidden is not None and (
                line.startswith(hidden) or line.rstrip() == hidden.rstrip()
            ):
                continue
            out.append(line)
            continue
        first = line[:1]
        if first in " `~":
            opening = fence_opening(line)
            if opening is not None:
                fence = (opening[0], opening[1])
                hidden = _hidden_prefix(dialect, opening[2])
                out.append(line)
                continue
        if "<" in line:
            start = html_block_start(line, bool(out and out[-1].strip()))
            if start is not None and not line.lstrip().startswith("<!--"):
                end, closed = start
                kind = (
                    "drop"
                    if _DROP_BLOCKS.match(line)
                    else "pre"
                    if line.lstrip()[:4].lower() == "<pre"
                    else "text"
                )
                if closed:
                    out.extend(_finish_block(kind, [line]))
                else:
                    block, block_end, block_kind = [line], end, kind
                continue
            line = inline_html(line)
        if marp and "![" in line:
            line = _BG_IMAGE.sub(_marp_image, line)
            if not line.strip():
                continue
        elif slidev and first == ":" and _SLOT.match(line):
            line = ""
        elif slidev and first == "<" and line.startswith("<<<"):
            code = snippet(line, base)
            if code is not None:
                out.extend(code)
                continue
        elif mdp and ("->" in line or "<-" in line):
            line = _mdp_centre(line)
        out.append(line)
    if block is not None:
        out.extend(_finish_block(block_kind, block))
    return "\n".join(out)


def _finish_block(kind: str, lines: list[str]) -> list[str]:
    if kind == "drop":
        return []
    if kind == "pre":
        return _pre_block(lines)
    out: list[str] = []
    for line in _block_text(lines):
        if line:
            out += [line, ""]  # each piece of the block reads as a paragraph of its own
    return out


def _mdp_centre(line: str) -> str:
    stripped = line.strip()
    if stripped.startswith("->"):
        stripped = stripped[2:].lstrip()
        if stripped.endswith("<-"):
            stripped = stripped[:-2].rstrip()
        return stripped
    return line
