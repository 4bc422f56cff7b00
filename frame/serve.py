"""Start the app: `python -m frame.serve [streamlit run options]` is `streamlit run app.py`
with the caches warmed in the background as the server starts (frame.warm)."""

from __future__ import annotations

import sys
import threading
import time

from streamlit import runtime
from streamlit.web import cli

from dashboard.paths import ROOT


def _warm_when_ready() -> None:
    """Start the warming once the runtime exists: the cache it fills is the runtime's, and
    the queries' modules are imported only then."""
    while not runtime.exists():
        time.sleep(0.1)
    from frame import warm  # not frame.drawn_maps: streamlit_folium imported outside a script
    # run declares its component without registering it, and the maps never draw

    warm.start_with_server()


def main() -> None:
    """Run the server in this process, the warming in a thread beside it."""
    threading.Thread(target=_warm_when_ready, name="warm-start", daemon=True).start()
    sys.argv = ["streamlit", "run", str(ROOT / "app.py"), *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
