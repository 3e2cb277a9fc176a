"""``python -m cigref_ecf``: the command line."""

from cigref_ecf.cli import main

raise SystemExit(main())
