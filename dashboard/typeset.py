"""One page typeset by Typst (the `typst` package, in-process) from a template in dashboard/
with its texts as JSON in sys.inputs.data: the meeting brief and the morning digest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typst

from dashboard import paths

FONTS = paths.ROOT / "static" / "fonts"  # Vazirmatn TTF (OFL): Typst embeds what it uses


def compile_page(template: Path, data: dict[str, Any], form: str) -> bytes:
    """The page as PDF ('pdf') or as a PNG picture at 100 pixels per inch ('png')."""
    return typst.compile(
        str(template),
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
        format=form,
        ppi=100 if form == "png" else None,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )
