"""Where code and raw HTML begin and end, line by line, as CommonMark (markdown-it) has it.

Fenced code blocks (```` ``` ```` / `~~~`), HTML comments, and the seven kinds of
HTML block: `<script>`/`<pre>`/`<style>`/`<textarea>` to their end tag, `<!--` to
`-->`, `<?` to `?>`, `<!X` to `>`, `<![CDATA[` to `]]>`, a block-level tag (`<div>`,
`<p>`, `<table>`...) or any complete tag alone on its line to the next blank line.
"""

from __future__ import annotations

import re

# CommonMark's HTML block starts, kinds 1-7, with what ends each (None: a blank line).
_BLOCK_NAMES = (
    "address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|"
    "details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|"
    "h1|h2|h3|h4|h5|h6|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|"
    "noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|"
    "thead|title|tr|track|ul"
)
_OPEN_CLOSE_TAG = (
    r"(?:<[A-Za-z][A-Za-z0-9\-]*(?:\s+[a-zA-Z_:][a-zA-Z0-9:._-]*"
    r"(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9\-]*\s*>)"
)
_HTML_STARTS: tuple[tuple[re.Pattern[str], re.Pattern[str] | None, bool], ...] = (
    (
        re.compile(r"<(script|pre|style|textarea)(?=(\s|>|$))", re.I),
        re.compile(r"</(script|pre|style|textarea)>", re.I),
        True,
    ),
    (re.compile(r"<!--"), re.compile(r"-->"), True),
    (re.compile(r"<\?"), re.compile(r"\?>"), True),
    (re.compile(r"<![A-Z]"), re.compile(r">"), True),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>"), True),
    (re.compile(rf"</?({_BLOCK_NAMES})(?=(\s|/?>|$))", re.I), None, True),
    (re.compile(_OPEN_CLOSE_TAG + r"\s*$"), None, False),
)


def fence_opening(line: str) -> tuple[str, int, str] | None:
    """(fence character, length, info string) when `line` opens a fenced code block."""
    stripped = line.lstrip()
    head = stripped[:3]
    if head != "```" and head != "~~~":
        return None
    char = head[0]
    length = len(stripped) - len(stripped.lstrip(char))
    info = stripped[length:].strip()
    if char == "`" and "`" in info:
        return None
    return char, length, info


def fenced_block(lines: list[str], info: str = "") -> list[str]:
    """`lines` as a fenced code block, its fence longer than any backtick run inside."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{info}", *lines, fence]


def fence_closes(line: str, char: str, length: int) -> bool:
    stripped = line.strip()
    return len(stripped) >= length and stripped.count(char) == len(stripped)


def comment_open_after(line: str, in_comment: bool) -> bool:
    """Whether an HTML comment is still open at the end of `line`."""
    position = 0
    while True:
        if in_comment:
            end = line.find("-->", position)
            if end < 0:
                return True
            in_comment = False
            position = end + 3
        start = line.find("<!--", position)
        if start < 0:
            return False
        if line.count("`", 0, start) % 2:
            # Inside a code span: `<!--` is literal text there.
            position = start + 4
            continue
        in_comment = True
        position = start + 4


def html_block_start(line: str, in_paragraph: bool) -> tuple[re.Pattern[str] | None, bool] | None:
    """When `line` opens a CommonMark HTML block: (what ends it, None for a blank line;
    whether it already ends on this line)."""
    text = line.lstrip(" ")
    if len(line) - len(text) > 3 or text[:1] != "<":
        return None
    for start, end, interrupts in _HTML_STARTS:
        if start.match(text):
            if in_paragraph and not interrupts:
                return None
            return end, end is not None and bool(end.search(text))
    return None
