"""The app served as `python -m frame.serve` serves it, each script run's start and end (Unix
seconds) written to the file named by the environment's RUN_LOG: how long the server itself
ran for a view, apart from the browser's drawing (bench.browse's server column).

It wraps Streamlit's own ScriptRunner._run_script, a private method of the pinned version
(requirements.txt): for the benchmark only, the app never runs through it.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.runtime.scriptrunner import script_runner

from harness.browser import RUN_LOG


def _timed(run: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(run)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.time()
        try:
            return run(*args, **kwargs)
        finally:
            with open(os.environ[RUN_LOG], "a") as log:
                log.write(f"{start:.4f} {time.time():.4f}\n")

    return timed


def seconds_since(log: Path, since: float) -> float | None:
    """The seconds of the script runs in log that started at or after since (Unix seconds);
    None when nothing was written (a server not started through this module)."""
    if not log.exists():
        return None
    runs = [tuple(map(float, line.split())) for line in log.read_text().splitlines()]
    return sum(end - start for start, end in runs if start >= since)


def main() -> None:
    """Serve the app with its runs timed."""
    from frame import serve

    script_runner.ScriptRunner._run_script = _timed(script_runner.ScriptRunner._run_script)
    serve.main()


if __name__ == "__main__":
    main()
