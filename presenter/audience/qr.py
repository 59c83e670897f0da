"""QR codes drawn as text, for the terminal (segno makes the code).

Each line of text holds two rows of modules with the half-block characters
(upper half, lower half, full block, space), so the code is square on a
terminal whose cells are twice as tall as they are wide. Dark modules are the
"ink": show the lines with a dark foreground on a light background (black on
white), whatever the terminal's theme, and keep the quiet zone around it.
"""

from __future__ import annotations

import segno

_CELLS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_lines(data: str, *, border: int = 2, error: str = "m") -> list[str]:
    """The QR code of `data` as lines of equal width (ink = dark modules)."""
    code = segno.make(data, error=error, micro=False)
    rows = [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=border)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [
        "".join(_CELLS[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(rows[::2], rows[1::2], strict=True)
    ]
