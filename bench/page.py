"""Time one page through AppTest over app.py in this process and print one JSON line.

    DATABASE_URL=... python -m bench.page views/uptake.py [--province IR-15] [--repeat 5]

Signed in as the sample's national viewer (--user, --password): a session opened through the
app's own sign-in, as a person who signed in earlier has. cold: caches cleared before each run;
warm: the run that follows. Medians of --repeat runs.
peak_rss_mb: this process's peak resident memory (VmHWM, which unlike ru_maxrss does not
carry over a parent's peak through fork and exec), so run one page per process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import db
from frame import warm
from frame.auth import TOKEN
from harness.browser import session_token

ROOT = Path(__file__).resolve().parents[1]
os.environ[warm.SWITCH] = "0"  # the cold runs measure the page's own reads, not a warmed cache


def main() -> None:
    """Measure the page named on the command line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--province")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--user", default="national.viewer")
    parser.add_argument("--password", default="demo-national-1405")
    args = parser.parse_args()
    script = ROOT / ("bench/floor.py" if args.page == "floor" else "app.py")
    token = session_token(db.database_url(), args.user, args.password)
    cold, warm = [], []
    for _ in range(args.repeat):
        st.cache_data.clear()
        st.cache_resource.clear()
        at = AppTest.from_file(str(script), default_timeout=300)
        at.session_state[TOKEN] = token
        if args.province:
            at.query_params["province"] = args.province
        at.run()
        if args.page != "floor":
            st.cache_data.clear()
            st.cache_resource.clear()
            at.switch_page(args.page)
        started = time.perf_counter()
        at.run()
        cold.append(time.perf_counter() - started)
        started = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - started)
        if at.exception:
            raise SystemExit(f"{args.page}: {at.exception[0].message}")
        if args.page != "floor" and not any(b.key == "sign-out" for b in at.sidebar.button):
            raise SystemExit(f"{args.page}: not signed in, nothing measured")
    status = Path("/proc/self/status").read_text().splitlines()
    peak_mb = int(next(line for line in status if line.startswith("VmHWM:")).split()[1]) / 1024
    print(
        json.dumps(
            {
                "page": args.page,
                "cold_s": statistics.median(cold),
                "warm_s": statistics.median(warm),
                "peak_rss_mb": round(peak_mb),
            }
        )
    )


if __name__ == "__main__":
    main()
