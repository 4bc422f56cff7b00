"""A folder of extracts imported unattended (a nightly job): every `.csv` and `.xlsx` whose name
starts with a kind, in the order the kinds depend on each other, each file its own import (its
own transaction, dashboard.importer.run). A stored file, or one whose rows are all stored
already, moves to `done/`; a refused one to `refused/` with its rejects beside it; a file of a
kind that depends on a kind refused in this run stays where it is, waiting, untouched.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from dashboard.importer.reading import ExtractError
from dashboard.importer.run import REJECT_COLUMNS, rejects, run

ORDER = ("places", "households", "allocations", "stores", "purchases", "complaints",
         "method_two", "mother_packages", "applications")  # fmt: skip
NEEDS = {  # the kinds whose rows a kind's rows name
    "places": (),
    "households": ("places",),
    "allocations": ("households",),
    "stores": ("places",),
    "purchases": ("households", "allocations", "stores"),
    "complaints": ("stores",),
    "method_two": ("households", "stores"),
    "mother_packages": ("households", "stores"),
    "applications": ("households",),  # the household an approved application became
}
SUFFIXES = (".csv", ".xlsx")
REJECTS = ".rejects.csv"  # what an import writes beside a refused file: never an extract
DONE, REFUSED = "done", "refused"


@dataclasses.dataclass(frozen=True)
class Filed:
    """One file of the folder and what became of it: fate stored, unchanged, refused or
    waiting; summary the import's line (kind, read, inserted, updated, unchanged, rejected);
    note: why it was refused or what it waits for."""

    path: Path
    kind: str
    fate: str
    summary: dict[str, int | str]
    note: str = ""

    def line(self) -> dict[str, int | str]:
        """The file's JSON line: the import's summary, its file name and fate."""
        extra = {"note": self.note} if self.note else {}
        return {**self.summary, "file": self.path.name, "fate": self.fate, **extra}


def kind_of(path: Path) -> str | None:
    """The kind a file's name starts with (None: not an extract of this folder)."""
    name = path.name.lower()
    if path.suffix.lower() not in SUFFIXES or name.endswith(REJECTS):
        return None
    return next((k for k in ORDER if name.startswith(k)), None)


def extracts(folder: Path) -> list[tuple[str, Path]]:
    """The folder's extracts (kind, path) in the order they are imported: by kind, then name."""
    found = [(kind_of(p), p) for p in folder.iterdir() if p.is_file()]
    return sorted(
        ((k, p) for k, p in found if k is not None), key=lambda kp: (ORDER.index(kp[0]), kp[1].name)
    )


def _needs(kind: str) -> set[str]:
    """Every kind whose rows kind's rows depend on, through the others."""
    out: set[str] = set()
    for need in NEEDS[kind]:
        out |= {need, *_needs(need)}
    return out


def _moved(path: Path, to: Path) -> Path:
    """path moved into folder to (made if missing), never over a file of the same name there
    (the name numbered instead)."""
    to.mkdir(exist_ok=True)
    target, n = to / path.name, 1
    while target.exists():
        n += 1
        target = to / f"{path.stem}.{n}{path.suffix}"
    return path.rename(target)


def _empty(kind: str) -> dict[str, int | str]:
    return {"kind": kind, "read": 0, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 0}


def import_folder(
    engine: sa.Engine, folder: Path, unit: str = "toman", actor: str = ""
) -> Iterator[Filed]:
    """Import every extract of folder in turn (see the module), each one's fate as it is
    known."""
    refused: set[str] = set()
    for kind, path in extracts(folder):
        blocked = sorted(_needs(kind) & refused)
        if blocked:
            yield Filed(path, kind, "waiting", _empty(kind), "waits for " + ", ".join(blocked))
            continue
        try:
            outcome = run(engine, kind, path, unit=unit, actor=actor)
        except ExtractError as error:
            refused.add(kind)
            yield Filed(_moved(path, folder / REFUSED), kind, "refused", _empty(kind), str(error))
            continue
        judgement = outcome.judgement
        if judgement.refused:
            refused.add(kind)
            moved = _moved(path, folder / REFUSED)
            table = rejects(judgement).select(REJECT_COLUMNS)
            table.write_csv(moved.with_name(moved.name + REJECTS))
            yield Filed(moved, kind, "refused", outcome.counts())
            continue
        fate = "stored" if outcome.stored else "unchanged"
        yield Filed(_moved(path, folder / DONE), kind, fate, outcome.counts())
