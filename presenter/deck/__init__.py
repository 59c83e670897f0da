"""The deck core: Markdown file -> `Deck` model. Pure Python: no Textual, no aiohttp.

Entry points: `presenter.deck.load.load_deck(path)` / `parse_deck(text, path)`,
`presenter.deck.check.run_check(...)` and `presenter.deck.markdown.make_parser()`.
Stages, a module each: `source` (bytes -> text), `detect` (which tool the deck
was written for; the rules of each are in `dialects`), `scan` (front matter and
slide boundaries, with `blocks` for code and raw HTML and `headings` for decks cut
at headings), `imports` (Slidev's imported slides and snippets), `slide` (one
slide's parts, notes, directives), `directives`, `notes`, `visible` (other tools'
syntax off the screen, raw HTML as text), `polls`, `slidemeta`, `frontmatter`,
`durations`, `budgets`, `titles`, `titlepage`, `advice` (warnings about decks that
would not present as meant), `load` (puts them together), `check` (the report).

Choices the format leaves open, made here:

- Durations: `<number><unit>` pairs (`90s`, `2m`, `1m30s`, `1h10m`, `15min`,
  `1.5m`, `2 minutes`) or a clock (`1:30`, `1:10:00`). A bare number is an error
  that asks for a unit, since `15` could mean minutes or seconds.
- YAML (front matter, polls, Slidev blocks) follows YAML 1.2 scalars: only
  `true`/`false` are booleans, so `- Yes` / `- No` stay poll answers and `1:30`
  stays text.
- A line `---`/`***`/`___` always separates slides outside code and comments; a
  setext heading therefore needs `===` (or `----`, four or more dashes).
- A first line `---` opens front matter only when the block up to the next
  `---`/`...` is empty or starts with a `key:`; otherwise it is a separator.
- Empty slides: dropped with a warning, the one a trailing separator leaves
  included; a separator on the first line makes no slide. With a front-matter
  `title`, an empty or notes-only first slide becomes the title page.
- Title page: shows `# title`, `## subtitle`, authors, `event · location`, date.
- Pauses: also remark's `--` line. Pauses that reveal nothing add no step (a
  pause first or last on a slide). A pause ends the notes before it.
- Notes: `???`/`Note:` take the rest of the slide or step; directives after them
  still apply. Comment notes and text notes join with a blank line, in source order.
  presenterm's `<!-- // comment -->` is the author's, neither shown nor notes.
- Per-slide metadata: Slidev blocks must start with a lowercase key (so a line
  like `Agenda: today` stays a slide); their `time` is the slide's budget,
  `hide`/`disabled`/`skip: true` skip it, `title` names it. remark's slide
  properties (`class:`, `name:`, `layout:`...) at the top of a slide are read as
  metadata; `exclude: true` and `layout: true` (a template) skip the slide.
- Polls: default poll id = slug of the question, default option id = slug of
  the label; `max` on a non-multi poll is a warning; unknown poll keys warn;
  poll ids must be unique in a deck; one poll per slide.
- Budgets: when the slides' own times exceed `duration`, untimed slides get 0
  and the deck is warned about. Skipped slides never get a budget.
- Warnings: empty slides dropped, shown slides without notes (unless
  `notes: false`), budgets exceeding `duration`, an unclosed code fence or
  comment, unknown poll keys.
"""
