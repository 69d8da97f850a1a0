"""The fallback rules (what no deal is worth) by name, and their words, without the war models.

:func:`accord.deals.war.reservation_values` values each party's outside option by the first of
these rules its numbers allow; commands name the rule that did (``Fallback used: …``). They live
here, apart from :mod:`accord.deals.war`, so that a command on a scenario without outside options
can say so without importing the war models (1.5 ms at start-up).

>>> FALLBACK_WORDS[fallback_rule("stated reservation [no evidence]")]
'stated reservation'
"""

from __future__ import annotations

#: The rules :func:`accord.deals.war.reservation_values` tries, in its default order.
FALLBACK_RULES = ("stated", "fearon", "attrition")


def fallback_rule(provenance: str) -> str:
    """Which rule gave a reservation, read from the explanation
    :func:`accord.deals.war.reservation_values` gave.

    Parameters
    ----------
    provenance : str
        The explanation :func:`accord.deals.war.reservation_values` returned (``space.provenance[party]``).

    Returns
    -------
    str
        ``stated``, ``fearon``, ``attrition``, ``none`` (no outside option) or ``given``
        (overridden by the caller).

    References
    ----------
    The fallback rules of :func:`accord.deals.war.reservation_values` (stated → Fearon → attrition).

    Examples
    --------
    >>> fallback_rule("Fearon war value p − c = 0.6 − 0.1"), fallback_rule("given")
    ('fearon', 'given')
    """
    for prefix, rule in (("stated", "stated"), ("Fearon", "fearon"), ("attrition", "attrition"),
                         ("no outside option", "none")):
        if provenance.startswith(prefix):
            return rule
    return "given"


FALLBACK_WORDS = {"stated": "stated reservation", "fearon": "Fearon war value (p − c)",
                  "attrition": "attrition war value", "none": "no outside option (0)",
                  "given": "given on the command line"}
