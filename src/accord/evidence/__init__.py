"""Evidence: from articles to located, attributed statements.

``ingest`` reads a file (text or HTML) into a normalised text with an offset map back to the
original; ``provenance`` finds the source card, byline, reposter's opinion and boilerplate and
builds a :class:`~accord.scenario.model.Source`; ``extract`` splits sentences and finds who said
what on which issue, when; ``link`` proposes the statements that bear on each stance of a
scenario. ``accord.store.evidence`` keeps sources and statements in SQLite.
"""

from __future__ import annotations

__all__ = ["ingest_file"]


def ingest_file(path, scenario, *, language=None):
    """Read, locate and extract one file: ``(ParsedSource, [Statement, ...])``."""
    from accord.evidence.extract import extract_statements
    from accord.evidence.ingest import read_document
    from accord.evidence.provenance import parse_provenance

    doc = read_document(path, language=language)
    parsed = parse_provenance(doc)
    return parsed, extract_statements(parsed, scenario)

from accord._callable import make_callable  # noqa: E402

make_callable(__name__, "ingest_file")  # accord.evidence(...)
