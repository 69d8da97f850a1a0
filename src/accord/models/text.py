"""Model texts that say where their ids are.

Models see only ids; a reader wants names. Finding ids in finished text by pattern is unsafe:
DEU actor ids are ordinary words ("at" Austria, "it" Italy, "be" Belgium), so "it stands at
50" would read "Italy stands Austria 50". A model therefore builds its sentences from parts,
marking each id with :class:`Id`, and keeps the character spans of the ids beside the text;
:func:`accord.context.names.with_names` replaces exactly those spans.

>>> text, spans = marked(Id("it"), " stands at 50 on ", Id("i1"))
>>> text, spans
('it stands at 50 on i1', [[0, 2], [19, 21]])
"""

from __future__ import annotations


class Id(str):
    """An actor or issue id inside a model's text (a ``str`` that :func:`marked` records)."""

    __slots__ = ()


def marked(*parts: str) -> tuple[str, list[list[int]]]:
    """Join ``parts`` into one text and the ``[start, end)`` spans of the :class:`Id` parts.

    Parameters
    ----------
    *parts : str
        Plain text and :class:`Id` parts, in order.

    Returns
    -------
    tuple of (str, list of [int, int])
        The text, and the span of every id in it (lists, so that the spans are JSON as they
        are).

    Examples
    --------
    >>> marked("the status quo holds on ", Id("de"), ", ", Id("es"))
    ('the status quo holds on de, es', [[24, 26], [28, 30]])
    """
    text, spans, at = [], [], 0
    for p in parts:
        if isinstance(p, Id):
            spans.append([at, at + len(p)])
        text.append(str(p))
        at += len(p)
    return "".join(text), spans
