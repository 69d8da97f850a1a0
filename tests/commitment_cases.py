"""Scenarios with deferred terms, shared by the deal, whether and what-if tests."""

from __future__ import annotations

from accord.scenario.model import Scenario


def withdrawal_for_guarantees(credibility: float, credibility_range=None) -> Scenario:
    """Kyiv (K) and Moscow (M) bargain over territory (keep / withdraw) and a security guarantee
    (none / strong). The guarantee is delivered after the war, by a third party (the guarantor),
    with probability ``credibility``; without it the status quo — no guarantee — holds.

    Values (in [0, 1]) and weights:

    ============  =================  =================  ========
    party         territory          guarantee          weights
    ============  =================  =================  ========
    K             keep 1, withdr. 0  none 0, strong 1   .4 / .6
    M             keep 0, withdr. 1  none 1, strong 0   .7 / .3
    ============  =================  =================  ========

    Reservations: K 0.45, M 0.5. ``credibility_range`` (optional) makes the credibility an
    uncertain input, drawn uniformly.
    """
    commitment = {"by": ["G"], "when": "post_war", "credibility": credibility}
    if credibility_range is not None:
        commitment.update(credibility_range=list(credibility_range), distribution="uniform")
    return Scenario.model_validate({
        "id": "promise", "title": "Withdrawal now for guarantees later", "date": "2026-01-30",
        "actors": [{"id": "K", "name": "Kyiv"}, {"id": "M", "name": "Moscow"},
                   {"id": "G", "name": "Guarantor"}],
        "issues": [
            {"id": "territory", "name": "Territory", "kind": "discrete",
             "options": [{"id": "keep", "label": "keep"}, {"id": "withdraw", "label": "withdraw"}],
             "status_quo": {"option": "keep"}},
            {"id": "guarantee", "name": "Guarantee", "kind": "discrete",
             "options": [{"id": "none", "label": "none"}, {"id": "strong", "label": "strong"}],
             "status_quo": {"option": "none"}},
        ],
        # stances (options unplaced: keep/none at 0, withdraw/strong at 100) only so that the
        # position models run in forecasts; the deal space states every value
        "stances": [{"actor": "K", "issue": "territory", "position": 0, "salience": 0.4},
                    {"actor": "K", "issue": "guarantee", "position": 100, "salience": 0.6},
                    {"actor": "M", "issue": "territory", "position": 100, "salience": 0.7},
                    {"actor": "M", "issue": "guarantee", "position": 0, "salience": 0.3}],
        "capabilities": [{"actor": "K", "value": 1.0}, {"actor": "M", "value": 1.0}],
        "outside_options": [{"actor": "K", "reservation": 0.45}, {"actor": "M", "reservation": 0.5}],
        "deal_space": {"issues": [
            {"issue": "territory", "weights": {"K": 0.4, "M": 0.7},
             "options": [{"id": "keep", "label": "keep", "values": {"K": 1.0, "M": 0.0}},
                         {"id": "withdraw", "label": "withdraw", "values": {"K": 0.0, "M": 1.0}}]},
            {"issue": "guarantee", "weights": {"K": 0.6, "M": 0.3},
             "options": [{"id": "none", "label": "none", "values": {"K": 0.0, "M": 1.0}},
                         {"id": "strong", "label": "strong", "values": {"K": 1.0, "M": 0.0},
                          "commitment": commitment}]},
        ]},
    })
