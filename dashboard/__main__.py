"""python -m dashboard: the command line (frame.cli). The contract names this module, so the
entry point stays here; nothing imports it."""

from frame.cli import main

raise SystemExit(main())
