"""Build small DEU files in either layout for the reader's tests."""

from __future__ import annotations

from pathlib import Path

from accord.scenario.io.deu import ACTOR_CODES

ORIGINAL_COLUMNS = (["prnrnmc", "isnrnmc", "prnr", "prname", "isnr", "type", "council", "proc",
                     "counvte", "proccde", "issues", "intro", "finact"]
                    + [f"p{a}" for a in ACTOR_CODES] + [f"s{a}" for a in ACTOR_CODES]
                    + ["rp", "out"])


def deu_row(**cells: str) -> list[str]:
    """A row of the 75 DEU columns: the named cells, the rest blank."""
    return [cells.get(c, "") for c in ORIGINAL_COLUMNS]


def write_deu(path: Path, rows: list[list[str]], delimiter: str = ";",
              extra_lines: list[str] | None = None) -> Path:
    lines = [delimiter.join(ORIGINAL_COLUMNS)] + (extra_lines or [])
    lines += [delimiter.join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
