"""python -m dashboard: the command line (cli.py, beside app.py). The contract names this
module, so the entry point stays here: the one import that runs up, from the core to the
command line above it; nothing imports this module."""

from cli import main

raise SystemExit(main())
