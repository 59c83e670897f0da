"""Slide rendering with Rich only: Markdown tokens -> Rich renderables -> lines of segments.

Shared by the slide view (which wraps the lines in Textual strips) and by
`presenter check --size` (which only counts them), so both agree on what fits.
"""
