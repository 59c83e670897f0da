"""When work a key press does not need may start: once its frame is out.

Textual hands each frame to its own writer thread while the event loop goes
on. Work started at once (recording the move, mounting or taking apart a poll
view) competes with that thread for the interpreter, and the slide the key
asked for reaches the terminal later; such work waits `AFTER_FRAME_S`.
"""

AFTER_FRAME_S = 0.02
