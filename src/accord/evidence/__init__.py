"""Evidence: from articles to located, attributed statements.

``ingest`` reads a file (text or HTML, with the page's metadata) into a normalised text with an
offset map back to the original; ``provenance`` finds the source card, byline, dateline,
reposter's opinion and boilerplate and builds a :class:`~accord.scenario.model.Source`;
``sentences`` splits the body; ``tagging`` gives each word its lemma and part of speech
(HanTa); ``cues`` finds speech and stance predicates; ``speakers`` finds who can speak and the
subject of each cue; ``issues`` matches the scenario's issues from its own words; ``extract``
puts them together into statements (and the author's analysis, kept apart); ``link`` proposes
the statements that bear on each stance of a scenario. ``accord.store.evidence`` keeps sources and statements in SQLite.
"""

from __future__ import annotations

__all__ = ["ingest_file"]


def ingest_file(path, scenario, *, language=None):
    """Read, locate and extract one file: ``(ParsedSource, [Statement, ...])``; each
    statement's ``kind`` is ``statement`` (an actor's), ``analysis`` (the author's own) or
    ``set_aside`` (found by the rules but judged no statement, the reason in ``set_aside``)."""
    from accord.evidence.extract import extract_statements
    from accord.evidence.ingest import read_document
    from accord.evidence.provenance import parse_provenance

    doc = read_document(path, language=language)
    parsed = parse_provenance(doc)
    return parsed, extract_statements(parsed, scenario)

from accord._callable import make_callable  # noqa: E402

make_callable(__name__, "ingest_file")  # accord.evidence(...)
