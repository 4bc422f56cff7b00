"""The command line of the contract (`python -m dashboard ...`), run in a process of its own,
or in the test's process through cli.main as the entry point calls it: a second and a half of
start-up less a call, for the tests of what a command does rather than of the entry point."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from unittest import mock

import cli
from dashboard import calendar
from tests.conftest import ROOT


def own_process(*args: str, clock: str, password: str | None = None) -> subprocess.CompletedProcess:
    """`python -m dashboard ARGS`, its clock (ISO, Iran local time) fixed, password on its
    standard input."""
    command = [sys.executable, "-m", "dashboard", *args]
    env = {**os.environ, calendar.CLOCK: clock}
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, env=env, input=password
    )


def in_process(*args: str, clock: str, password: str | None = None) -> subprocess.CompletedProcess:
    """The same command through cli.main in this process: its status (argparse's refusals
    included) and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, {calendar.CLOCK: clock}),
        mock.patch.object(sys, "stdin", io.StringIO(password or "")),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = cli.main(list(args))
        except SystemExit as stop:  # argparse's refusal of an option
            code = stop.code
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())
