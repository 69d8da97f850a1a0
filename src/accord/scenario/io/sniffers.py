"""Every format's sniffer ("does this file look like mine?"), without its reader.

The format modules register these sniffers with their readers (:func:`accord.scenario.io.
register_format`); they live here, away from the readers, so that :func:`detect` can tell a
file's format without importing any reader, and with them pydantic's scenario model (about
0.15 s of a process that reads one small KTAB file: issue 18). :data:`ORDER` lists the formats
in the order :func:`accord.scenario.io.detect_format` tries them (priority, then name); a test
checks that it matches the registered formats.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from accord.scenario.io.files import head_text


def sniff_yaml(path: Path, head: str) -> bool:
    if path.suffix.lower() in (".yaml", ".yml"):
        return True
    return bool(re.search(r"^(id|title|actors|issues|stances):", head, flags=re.M))


def deu_split_header(line: str) -> tuple[str, list[str]]:
    """DEU's header line: its delimiter (the most frequent of tab, ``;``, ``,``) and its cells,
    lower case, unquoted."""
    delimiter = max(("\t", ";", ","), key=line.count)
    return delimiter, [c.strip().strip('"').strip().lower()
                       for c in next(csv.reader([line], delimiter=delimiter))]


def sniff_deu(path: Path, head: str) -> bool:
    # The two key columns only: a DEU file missing another required column (``out``, ``rp``)
    # is still DEU, and its reader then names the missing column (it was "cannot tell which
    # scenario format this file is").
    first = head.splitlines()[0] if head else ""
    _, header = deu_split_header(first)
    return {"isnr", "prnr"} <= set(header)


#: The header of the Actor,Capability,Position,Salience CSV (lower case).
SIMPLE_CSV_HEADER = ["actor", "capability", "position", "salience"]


def sniff_simple_csv(path: Path, head: str) -> bool:
    # Also a header starting with Actor and naming at least two of the other three columns
    # (one missing, or in another order): the reader then says which header it expects,
    # where detection said "cannot tell which scenario format this file is".
    first = next((l for l in head.splitlines() if l.strip() and not l.startswith("#")), "")
    # ";" as well: what a spreadsheet in a German or French locale writes as "CSV"
    delimiter = ";" if first.count(";") > first.count(",") else ","
    cells = [c.strip().strip('"').strip().lower() for c in first.split(delimiter)]
    return cells[:4] == SIMPLE_CSV_HEADER or (
        cells[0] == "actor" and len(set(cells[1:5]) & set(SIMPLE_CSV_HEADER[1:])) >= 2)


#: How every line of a decide file starts: a ``#X`` tag, optionally quoted, then a delimiter.
DECIDE_LINE_START = re.compile(r"^\s*'?#[A-Za-z/]'?\s*[\t;,]")


def sniff_decide(path: Path, head: str) -> bool:
    lines = [l for l in head.splitlines() if l.strip()]
    # an #A, #P or #D record (not only #A: a file without actors then hears "no #A lines"
    # from the reader, not "cannot tell which scenario format this file is")
    return any(re.match(r"^\s*'?#[APD]'?\s*[\t;,]", l) for l in lines) and \
        all(DECIDE_LINE_START.match(l) for l in lines[:5])


def genius_root_tag(path: Path) -> str | None:
    """The root element's tag of an XML file (cheap: a regular expression on its head)."""
    head = head_text(path, 2048)
    m = re.search(r"<\s*([A-Za-z_][\w\-]*)", re.sub(r"<\?.*?\?>|<!--.*?-->", "", head, flags=re.S))
    return m.group(1) if m else None


def sniff_genius(path: Path, head: str) -> bool:
    path = Path(path)
    if path.is_dir():
        # any domain in the folder: loading then says what is missing or too much
        try:
            return any(genius_root_tag(p) == "negotiation_template" for p in path.iterdir()
                       if p.suffix.lower() == ".xml" and p.is_file())
        except OSError:
            return False
    return path.suffix.lower() == ".xml" and genius_root_tag(path) in ("negotiation_template",
                                                                       "utility_space")


def sniff_geniusweb(path: Path, head: str) -> bool:
    path = Path(path)
    if path.is_dir():
        return any("LinearAdditiveUtilitySpace" in head_text(p, 200)
                   for p in path.iterdir() if p.suffix.lower() == ".json" and p.is_file())
    # a domain file alone is taken too, so that loading it says to give its folder
    return path.suffix.lower() == ".json" and ("LinearAdditiveUtilitySpace" in head
                                               or '"issuesValues"' in head)


def ktab_cells(line: str) -> list[str]:
    """The fields of one KTAB CSV line: stripped, optional double quotes removed, trailing
    empty fields (KTAB's trailing commas) dropped. ``csv.Error`` for a field over the csv
    module's size limit (the reader turns it into a located error)."""
    cells = [c.strip() for c in next(csv.reader([line], skipinitialspace=True))]
    while cells and cells[-1] == "":  # trailing commas
        cells.pop()
    return cells


def sniff_ktab_csv(path: Path, head: str) -> bool:
    lines = [l for l in head.splitlines() if l.strip()]
    if len(lines) < 2:
        return False
    first = ktab_cells(lines[0])
    if len(first) < 4 or not first[2].isdigit() or not first[3].isdigit():
        return False
    header = ktab_cells(lines[1])
    # A header of the wrong width after KTAB's "Actor," is still KTAB: its reader then says
    # how many fields the first line's dimension count asks for.
    return len(header) == 3 + 2 * int(first[3]) or (len(header) >= 3
                                                     and header[0].lower() == "actor")


def sniff_ktab_xml(path: Path, head: str) -> bool:
    return "<Scenario" in head and ("<Actors" in head or "<prngSeed" in head
                                    or "smpSchema" in head)


#: ``(priority, name, sniffer, module)`` of every registered format, in the order detection
#: tries them; ``module`` is the module of ``accord.scenario.io`` that registers the format.
ORDER = (
    (10, "yaml", sniff_yaml, "yaml"),
    (15, "deu", sniff_deu, "deu"),
    (20, "simple-csv", sniff_simple_csv, "simple_csv"),
    (30, "decide", sniff_decide, "decide"),
    (30, "genius", sniff_genius, "genius"),
    (30, "ktab-csv", sniff_ktab_csv, "ktab"),
    (30, "ktab-xml", sniff_ktab_xml, "ktab"),
    (31, "geniusweb", sniff_geniusweb, "geniusweb"),
)


def sniffed(path: Path, head: str) -> tuple[str, str] | None:
    """``(name, module)`` of the first format in :data:`ORDER` whose sniffer takes ``path``
    (a file or a folder) with ``head``, its first bytes as text; None if none does."""
    for _, name, sniff, module in ORDER:
        try:
            if sniff(path, head):
                return name, module
        except Exception:  # a sniffer must never make detection fail
            continue
    return None


def detect(path: Path) -> str | None:
    """The name of the format :func:`accord.scenario.io.detect_format` would pick for the file
    ``path``, without importing a reader; None when no sniffer takes it (detection then fails
    with its own message) or ``path`` is not a regular file."""
    path = Path(path)
    if not path.is_file():
        return None
    found = sniffed(path, head_text(path))
    return None if found is None else found[0]
