"""Packaging: the package list, with the top-level `decks/` folder shipped as `presenter.decks`.

Everything else is in pyproject.toml. `decks/` stays at the top of the repository; the
`package-dir` mapping in pyproject.toml installs it as the package `presenter.decks`,
so the decks are found with importlib.resources in a wheel install and in an editable
one alike. setuptools' automatic discovery cannot name a package that lives outside its
parent's folder, hence this one line.
"""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["presenter", "presenter.*"]), "presenter.decks"])
