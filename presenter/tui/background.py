"""Background jobs of a talk: a failure in one never ends the talk.

Every job the TUI runs off the key path goes through here:

- `run_in_background(node, work, what=...)` starts a Textual worker with
  `exit_on_error=False` on the app (not on the widget that asked), so that its
  failure reaches the app's one handler, `PresenterApp.on_worker_state_changed`,
  and so that a poll write typed just before the slide changes still runs to
  the end when its view leaves the screen;
- plain asyncio tasks and executor futures hand their failure to
  `report_failure` from a done-callback (the two-terminal link's runner, the
  talk's recording jobs: see `RecordingQueue`).

Every failure ends in `report_failure`: the traceback goes to the log file (see
`presenter.logs`), and the presenter gets one short notice, naming the job and
no path, through the app's usual notice path. The same job failing again within
`REPEAT_NOTICE_S` is logged but not announced again.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.worker import Worker

log = logging.getLogger("presenter.background")

REPEAT_NOTICE_S = 30.0
STARTING_PHONE_VOTES = "starting the phone vote server"

ResultType = TypeVar("ResultType")


def run_in_background(
    node: DOMNode,
    work: Callable[[], ResultType] | Coroutine[Any, Any, ResultType],
    *,
    what: str,
    group: str = "default",
    thread: bool = False,
    exclusive: bool = False,
) -> Worker[ResultType]:
    """Start `work` as a worker of the app; `what` names the job in notices and the log."""
    return node.app.run_worker(
        work, name=what, group=group, thread=thread, exclusive=exclusive, exit_on_error=False
    )


_last_notice: weakref.WeakKeyDictionary[App[Any], dict[str, float]] = weakref.WeakKeyDictionary()
"""When each job's failure was last announced, per app."""


def report_failure(app: App[Any], what: str, error: BaseException) -> None:
    """Log the traceback of a failed background job and tell the presenter, briefly."""
    log.error("background job failed: %s", what, exc_info=error)
    loop_time = asyncio.get_running_loop().time()
    announced = _last_notice.setdefault(app, {})
    last = announced.get(what)
    if last is not None and loop_time - last < REPEAT_NOTICE_S:
        return
    announced[what] = loop_time
    message = f"{what[:1].upper()}{what[1:]} failed; the talk goes on. Details are in the log file."
    tell = getattr(app, "tell", None)  # the presenter's notice path, when the app has one
    if tell is not None:
        tell(message, title="Background problem", severity="warning")
    else:
        app.notify(message, title="Background problem", severity="warning", markup=False)
