"""Allows `python -m presenter`."""

from presenter.cli import main

raise SystemExit(main())
