"""Handouts: a deck and what its room voted and suggested, as one file to send afterwards.

`presenter export DECK` writes HTML (the default: one self-contained file, no
script, no request to anywhere), PDF (the same document printed by WeasyPrint,
an optional extra) or Markdown (text, notes and results as tables, for minutes).
Like the core, this package never imports Textual, Rich or aiohttp.

Modules, one job each: `options` (what was asked), `outcomes` (each poll's
results as the room may see them: winner, margin, "results not revealed"),
`slidehtml` (a slide's Markdown to safe HTML, images embedded), `theme` (the
deck's theme colours as CSS), `charts` (inline SVG bar charts), `document`
(the HTML document), `markdown` (the md format), `pdf` (WeasyPrint) and `run`
(the command).
"""
