"""Deal design: outcome spaces, the zone of agreement, fair deals, Adjusted Winner, trades, and
war as the fallback. See ``docs/deals/``.
"""

from accord._callable import make_callable  # noqa: E402

make_callable(__name__, "summary:deal_summary")  # accord.deals(scenario): the deal analysis
