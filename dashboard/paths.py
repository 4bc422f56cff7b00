"""Where the project's files live, relative to the repository root."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
REFERENCE = DATA / "reference"
PROGRAMME = REFERENCE / "programme"
DEFAULT_DB = DATA / "kalabarg.db"
