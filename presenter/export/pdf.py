"""The handout printed to PDF by WeasyPrint, an optional extra (`presenter[pdf]`).

The document is self-contained (images are data URIs), so printing asks
nowhere for anything; where WeasyPrint can be told so (its `URLFetcher` with
`allowed_protocols`), it is also refused any other URL.
"""

from __future__ import annotations

import logging
from typing import Any

INSTALL_HINT = "PDF export needs WeasyPrint: pip install 'presenter[pdf]'"


class PdfUnavailable(Exception):
    """WeasyPrint (or a system library it loads, such as Pango) is missing."""


def _data_only_fetcher() -> Any:
    from weasyprint import urls

    fetcher = getattr(urls, "URLFetcher", None)
    return fetcher(allowed_protocols=("data",)) if fetcher is not None else None


def html_to_pdf(html: str) -> bytes:
    """The PDF of the HTML; raises `PdfUnavailable` with what to install."""
    try:
        import weasyprint
    except ImportError as error:
        raise PdfUnavailable(INSTALL_HINT) from error
    except OSError as error:  # WeasyPrint found, but not the Pango it loads
        raise PdfUnavailable(
            f"WeasyPrint cannot load a system library ({error}); install Pango "
            "(Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)"
        ) from error
    # WeasyPrint reports CSS it skips (such as screen-only rules) as warnings; they are not ours to show.
    quiet = logging.getLogger("weasyprint")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(string=html, url_fetcher=_data_only_fetcher())
        return bytes(document.write_pdf())
    finally:
        quiet.setLevel(level)
