"""The phone pages, as HTML strings in which every outside value is escaped.

Plain HTML forms that work without JavaScript; `static/app.js` improves them
(live switch to the next poll, votes sent with `fetch`). No inline script or
style anywhere: the Content-Security-Policy forbids both. Every value that came
from the deck or from a phone goes through `esc`, and attribute values are
always quoted.
"""

from __future__ import annotations

import functools
import html
import secrets
from collections.abc import Iterable, Sequence

from presenter.deck.model import Poll

STYLESHEET = "/static/app.css"
SCRIPT = "/static/app.js"


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def new_submission_id() -> str:
    return secrets.token_urlsafe(12)


def page(
    title: str,
    body: str,
    *,
    view: str,
    poll_id: str = "",
    heading: str = "",
    refresh: int | None = None,
    refresh_to: str = "",
) -> str:
    """A whole page; `view` and `poll_id` tell the script what is shown.

    `refresh`: reload every so many seconds when there is no script (a page
    with a text box never does: it would wipe what is being typed);
    `refresh_to`: reload that address instead, script or not.
    """
    refresh_tag = ""
    if refresh_to:
        refresh_tag = (
            f'<meta http-equiv="refresh" content="{int(refresh or 3)};url={esc(refresh_to)}">'
        )
    elif refresh:
        refresh_tag = f'<noscript><meta http-equiv="refresh" content="{int(refresh)}"></noscript>'

    header = f'<header class="bar"><p>{esc(heading)}</p></header>' if heading else ""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        f"<title>{esc(title)}</title>"
        f'<link rel="stylesheet" href="{STYLESHEET}">'
        f'<script src="{SCRIPT}" defer></script>{refresh_tag}</head>'
        f"<body>{header}"
        f'<main id="main" data-view="{esc(view)}" data-poll="{esc(poll_id)}" tabindex="-1">'
        f"{body}</main></body></html>"
    )


def join_page(heading: str, *, error: str = "", code: str = "") -> str:
    error_html = f'<p class="error" role="alert" id="join-error">{esc(error)}</p>' if error else ""
    described = ' aria-describedby="join-error" aria-invalid="true"' if error else ""
    body = (
        "<h1>Join the vote</h1>"
        "<p>Type the room code shown on the screen.</p>"
        f"{error_html}"
        '<form method="post" action="/join" class="stack">'
        '<label for="code">Room code</label>'
        f'<input id="code" name="code" value="{esc(code)}" required maxlength="16" '
        'autocomplete="off" autocapitalize="characters" spellcheck="false" '
        f'inputmode="text" class="code"{described}>'
        '<button type="submit">Join</button></form>'
    )
    return page("Join the vote", body, view="join", heading=heading)


def waiting_page(heading: str, *, notice: str = "") -> str:
    body = (
        f"{_notice(notice)}"
        '<h1>No poll is open</h1><p class="lead">Please wait: the next question appears here '
        "as soon as the presenter opens it. You do not need to reload this page.</p>"
    )
    return page("Waiting for the next poll", body, view="wait", heading=heading, refresh=5)


def joining_page(heading: str, code: str, seconds: int) -> str:
    """Many phones are joining from this network at once: this one tries again shortly."""
    body = (
        '<h1>Joining…</h1><p class="lead" role="status">Many phones are joining from this '
        f"network right now. This page tries again in {int(seconds)} seconds by itself.</p>"
    )
    return page(
        "Joining the vote",
        body,
        view="message",
        heading=heading,
        refresh=seconds,
        refresh_to=f"/J/{code}",
    )


def poll_page(
    heading: str,
    poll: Poll,
    token: str,
    *,
    current: Sequence[str] | None = None,
    notice: str = "",
    error: str = "",
) -> str:
    return page(
        poll.question,
        poll_body(poll, token, current=current, notice=notice, error=error),
        view="poll",
        poll_id=poll.id,
        heading=heading,
    )


def poll_body(
    poll: Poll,
    token: str,
    *,
    current: Sequence[str] | None = None,
    notice: str = "",
    error: str = "",
) -> str:
    current = tuple(current or ())
    parts = [_notice(notice)]
    if error:
        parts.append(f'<p class="error" role="alert">{esc(error)}</p>')
    if current:
        parts.append(
            f'<p class="voted">Your vote is stored: {_choice_text(poll, current)}. '
            "You can change it while the poll is open.</p>"
        )
    parts.append(
        f'<form method="post" action="/vote" class="stack vote" data-kind="{esc(poll.kind)}" '
        f'data-max="{poll.max}">'
        f'<input type="hidden" name="poll" value="{esc(poll.id)}">'
        f'<input type="hidden" name="sid" value="{esc(new_submission_id())}">'
        f"{_token_field(token)}"
        f'<fieldset><legend><h1 id="question">{esc(poll.question)}</h1>'
        f'<span class="hint">{_hint(poll)}</span></legend>'
        f"{_options(poll, current)}</fieldset>"
        f'<button type="submit">{"Change my vote" if current else "Vote"}</button>'
        '<p class="status" role="status" aria-live="polite"></p></form>'
    )
    if poll.suggestions:
        parts.append(suggestion_form(token))
    return "".join(parts)


def done_body(
    poll: Poll,
    choices: Sequence[str],
    token: str | None,
    *,
    unchanged: bool = False,
    closed: bool = False,
) -> str:
    """The confirmation; with a `token`, the suggestion box too (the script's page
    never refreshes, so nothing typed is lost)."""
    body = _done_core(poll, tuple(choices), unchanged, closed)
    if poll.suggestions and not closed:
        body += suggestion_form(token) if token else _suggestion_link()
    return body


@functools.lru_cache(maxsize=1024)
def _done_core(poll: Poll, choices: tuple[str, ...], unchanged: bool, closed: bool) -> str:
    what = "Your vote was already stored" if unchanged else "Thank you: your vote is stored"
    core = (
        f'<div class="done" role="status"><h1>{what}</h1>'
        f'<p>{esc(poll.question)}</p><p class="choice">{_choice_text(poll, choices)}</p></div>'
    )
    if closed:
        return core + (
            '<p class="lead">This poll is now closed; your vote counts. The next question '
            "appears here by itself.</p>"
        )
    return core + (
        '<p class="lead">You can change your vote while the poll is open. The next question '
        "appears here by itself.</p>"
        '<p><a class="button secondary" href="/">Change my vote</a></p>'
    )


def done_page(
    heading: str,
    poll: Poll,
    choices: Sequence[str],
    *,
    unchanged: bool = False,
    closed: bool = False,
) -> str:
    """The confirmation page without script: it refreshes (to notice the next poll), so
    the suggestion box is a link to a page of its own, which never refreshes."""
    return page(
        "Vote stored",
        done_body(poll, choices, None, unchanged=unchanged, closed=closed),
        view="done",
        poll_id=poll.id,
        heading=heading,
        refresh=10,
    )


def suggestion_page(heading: str, poll: Poll, token: str) -> str:
    body = f'<h1>{esc(poll.question)}</h1>{suggestion_form(token)}<p><a class="button secondary" href="/">Back to the vote</a></p>'
    return page("Send a suggestion", body, view="suggest", poll_id=poll.id, heading=heading)


def suggestion_form(token: str) -> str:
    return (
        '<form method="post" action="/suggest" class="stack suggest">'
        '<label for="suggestion">Suggest an idea (the presenter approves it before it is '
        "shown)</label>"
        '<textarea id="suggestion" name="text" maxlength="280" rows="3" required></textarea>'
        f'<input type="hidden" name="sid" value="{esc(new_submission_id())}">'
        f"{_token_field(token)}"
        '<button type="submit" class="secondary">Send suggestion</button>'
        '<p class="status" role="status" aria-live="polite"></p></form>'
    )


def _suggestion_link() -> str:
    return '<p><a class="button secondary" href="/suggest">Send a suggestion</a></p>'


def _token_field(token: str) -> str:
    return f'<input type="hidden" name="token" value="{esc(token)}">'


def suggestion_sent_text(text: str) -> str:
    """The confirmation, quoting what was sent (escaped where it is shown)."""
    return (
        f"Thank you: your suggestion \u201c{text}\u201d was sent. "
        "It is shown on the screen if the presenter approves it."
    )


def message_page(heading: str, title: str, message: str, *, status_class: str = "error") -> str:
    body = (
        f'<h1>{esc(title)}</h1><p class="{esc(status_class)}" role="alert">{esc(message)}</p>'
        '<p><a class="button secondary" href="/">Back to the vote</a></p>'
    )
    return page(title, body, view="message", heading=heading)


def _notice(notice: str) -> str:
    return f'<p class="notice" role="status">{esc(notice)}</p>' if notice else ""


def _hint(poll: Poll) -> str:
    if poll.kind == "multi":
        return f"Pick up to {poll.max}."
    if poll.kind == "rank":
        return "Give each option a different rank: 1 is your first choice."
    return "Pick one."


def _options(poll: Poll, current: tuple[str, ...]) -> str:
    if poll.kind == "rank":
        order = list(current) if set(current) == {o.id for o in poll.options} else []
        rows = []
        for position, option in enumerate(poll.options, start=1):
            rank = order.index(option.id) + 1 if order else position
            field = f"rank-{option.id}"
            choices = "".join(
                f'<option value="{n}"{" selected" if n == rank else ""}>{n}</option>'
                for n in range(1, len(poll.options) + 1)
            )
            rows.append(
                f'<div class="rank"><select id="{esc(field)}" name="{esc(field)}">{choices}'
                f'</select><label for="{esc(field)}">{esc(option.label)}</label></div>'
            )
        return "".join(rows)
    kind = "checkbox" if poll.kind == "multi" else "radio"
    return "".join(
        f'<label class="option"><input type="{kind}" name="choice" value="{esc(option.id)}"'
        f"{' checked' if option.id in current else ''}{' required' if kind == 'radio' else ''}>"
        f"<span>{esc(option.label)}</span></label>"
        for option in poll.options
    )


def _choice_text(poll: Poll, choices: Iterable[str]) -> str:
    labels = [esc(o.label) for c in choices if (o := poll.option(c)) is not None]
    if poll.kind == "rank":
        return " ".join(f"<span>{n}. {label}</span>" for n, label in enumerate(labels, start=1))
    return ", ".join(labels) or "nothing"
