"""CPU time and memory of process trees, read from /proc (Linux).

CPU seconds of a tree are the user and system time of its live processes plus what each has
collected from its children that exited (cutime, cstime): a renderer that Chromium reaps is
then still counted, once. Take the difference of two readings for the work in between.
"""

from __future__ import annotations

import os
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")
PROC = Path("/proc")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (field 3 onwards)."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:  # the process has gone
        return None
    return text[text.rindex(")") + 2 :].split()


def tree(pid: int) -> list[int]:
    """pid and every live descendant of it."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, ()))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds of pids, with their exited children's."""
    total = 0
    for pid in pids:
        fields = _stat(pid)
        if fields:
            total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return total / _TICK


def rss_mb(pids: list[int]) -> float:
    """Resident memory of pids, in MB."""
    return sum(_status_kb(pid, "VmRSS") for pid in pids) / 1024


def peak_mb(pid: int) -> float:
    """The peak resident memory of one process (VmHWM), in MB."""
    return _status_kb(pid, "VmHWM") / 1024


def _status_kb(pid: int, key: str) -> int:
    try:
        lines = (PROC / str(pid) / "status").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith(f"{key}:")), 0)


def browser_pids(server: int) -> list[int]:
    """This process's descendants outside the server's tree: Chromium and Playwright's
    driver."""
    theirs = set(tree(server))
    return [pid for pid in tree(os.getpid()) if pid != os.getpid() and pid not in theirs]
