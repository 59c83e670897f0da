"""The bundled decks. Built into the package `presenter.decks`, found with importlib.resources."""
