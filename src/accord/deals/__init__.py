"""Deal design: outcome spaces, the zone of agreement, fair deals, Adjusted Winner, trades, and
war as the fallback. See ``docs/deals/``.
"""
