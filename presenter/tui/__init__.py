"""The terminal user interface: the only layer that imports Textual."""
