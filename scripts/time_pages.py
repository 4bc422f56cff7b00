"""Time the server run of each built page through AppTest: cold (caches cleared) and warm.

    DATABASE_URL=sqlite:///... python scripts/time_pages.py [--province IR-15] [--repeat 5]

Prints seconds per page; a stopgap until `make bench` exists. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = tuple(
    f"views/{page}.py" for page in ("overview", "uptake", "stores", "complaints", "tasks")
)


def main() -> None:
    """Run every page cold then warm, and print the medians."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--province")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for page in PAGES:
        cold, warm = [], []
        for _ in range(args.repeat):
            st.cache_data.clear()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            if args.province:
                at.query_params["province"] = args.province
            at.run()  # the frame, then the default page
            st.cache_data.clear()
            at.switch_page(page)
            started = time.perf_counter()
            at.run()
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - started)
            if at.exception:
                sys.exit(f"{page}: {at.exception[0].message}")
        print(
            f"{page}: cold median {statistics.median(cold):.3f} s (min {min(cold):.3f}), "
            f"warm median {statistics.median(warm):.3f} s (min {min(warm):.3f})"
        )


if __name__ == "__main__":
    main()
