"""Which issue a statement is on, and whether a candidate statement is kept: two small linear
models over what the rules found.

The rules (:mod:`accord.evidence.extract`) find *candidates*: a speaker, a sentence and a
span, by a named rule (a speech or stance predicate, "according to", a quote or reported speech
that runs on, a transcript's turn, a medium's report). Two decisions are then weighed rather
than ruled:

* **the issue** — among the scenario issues the statement's own words, its sentence, the
  topic of the sentences before it or the sentence before or after name, the built-in
  ``process`` (the talks themselves) and ``other``: a conditional logit (McFadden 1974) over
  features of each option (how strongly its words occur in the statement, in its sentence and
  in the sentences next to it, whether it is the running topic or the text's main subject,
  whether it is the rules' own choice, how many words of the talks themselves the statement
  has, and — for ``process`` and ``other``, the two options every scenario shares — the
  statement's own lemmas, so that what is learned on one negotiation carries to another); the
  option with the highest probability is the statement's issue, except where the rules read
  the issue from the sentence's grammar (a noun of stance in apposition, a stance on the
  agreement as a whole): there their choice stands;
* **keeping it** — a logistic regression over the candidate's rule, its cue's kind and lemma,
  its speaker's kind, how the speaker was found (a name, a pronoun, a role noun, a shared
  subject), whether it quotes, its language, whether it is the text's first sentence, whether
  another speaker speaks in the sentence or the speaker speaks only once in the text, and the
  issue's probability: the probability that the statement is right (the labelled speaker in
  the labelled sentence, on the labelled issue). Candidates below
  :data:`DecisionModel.threshold` are dropped.

Both are trained by ``benchmarks/train_evidence.py`` on every development split with a text
(``DEVELOPMENT_SPLITS`` of ``benchmarks/eval_evidence.py``), with an L2 penalty, and would ship
as ``lexicon/decision.json`` with the training provenance in its ``trained_on``
(``--write``). **No weights ship** (round 10, ``docs/evidence.md``): fitted on seven labelled
sets and judged leaving one set out they gained ten matches of 649 labels (speaker+issue F1
0.55 against the rules' 0.54); on the fresh eighth set (heldout7) they lost two of 107; fitted
on all eight and judged leaving one out they equal the rules (362 against 361 matched of 756
labels, F1 0.52 both). The issue model's gain on the sets it was developed on does not carry,
and the keep model, at any threshold that does not cost F1, drops nothing. So the rules' own
choices stand; the models remain a measured option (``Extractor(scenario, decision=model)``),
for when more labelled text is there.

References
----------
McFadden, D. (1974). Conditional logit analysis of qualitative choice behavior. In P. Zarembka
(ed.), *Frontiers in Econometrics*, 105–142. Academic Press.

Examples
--------
>>> m = DecisionModel(issue_weights={"content": 1.0, "process": 0.5}, keep_weights={"bias": 0.0},
...                   threshold=0.5)
>>> p = m.issue_probabilities({"donbas": {"content": 2.0, "scenario": 1.0},
...                            "process": {"process": 1.0}})
>>> max(p, key=p.get), round(p["donbas"], 3)
('donbas', 0.818)
>>> m.keep_probability({"bias": 1.0})
0.5
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

# The rules whose candidates the keep model tells apart (one indicator each).
RULES = ("speech-verb", "stance-verb", "deliberation-verb", "according-to", "quote-continued",
         "reported-speech-continued", "speaker-turn", "media-report")
# Speaker kinds (one indicator each): a scenario actor, a person, state or organisation the
# scenario lacks, unnamed sources, a group (joint speakers, "both sides"), a medium.
SPEAKER_KINDS = ("actor", "person", "state", "organisation", "unnamed", "group", "media",
                 "unknown")


@dataclass
class DecisionModel:
    """The two models' weights (feature name → weight) and the keep threshold."""

    issue_weights: dict[str, float] = field(default_factory=dict)
    keep_weights: dict[str, float] = field(default_factory=dict)
    threshold: float = 0.0
    trained_on: str = ""

    def issue_score(self, features: dict[str, float]) -> float:
        return sum(self.issue_weights.get(k, 0.0) * v for k, v in features.items())

    def issue_probabilities(self, options: dict[str, dict[str, float]]) -> dict[str, float]:
        """Softmax of the options' scores (issue → probability)."""
        scores = {i: self.issue_score(f) for i, f in options.items()}
        top = max(scores.values())
        exp = {i: math.exp(s - top) for i, s in scores.items()}
        total = sum(exp.values())
        return {i: e / total for i, e in exp.items()}

    def keep_probability(self, features: dict[str, float]) -> float:
        z = sum(self.keep_weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> str:
        return json.dumps({"issue_weights": self.issue_weights,
                           "keep_weights": self.keep_weights, "threshold": self.threshold,
                           "trained_on": self.trained_on}, indent=1, sort_keys=True)


@lru_cache(maxsize=1)
def shipped_model() -> DecisionModel | None:
    """The weights shipped with the package (``lexicon/decision.json``), or None."""
    path = resources.files("accord.evidence").joinpath("lexicon", "decision.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return DecisionModel(data["issue_weights"], data["keep_weights"], data["threshold"],
                         data.get("trained_on", ""))


def keep_features(rule: str, speaker_kind: str, how: set[str], issue: str, issue_p: float,
                  quoted: bool, reported: bool, siblings: int, tag_position: bool,
                  content_issue: bool, rank: int = 0, *, extra: dict[str, float] | None = None,
                  agrees: bool | None = None, margin: float | None = None) -> dict[str, float]:
    """What the keep model reads of one candidate with its chosen issue.

    ``extra`` (round 10) are the candidate's own indicators the extractor records (its cue's
    kind, the language, how the rules found its issue, the first sentence, a span that is the
    whole sentence, another speaker in the sentence, a short span, another actor named in it);
    ``agrees``: the issue model chose the rules' issue; ``margin``: the chosen issue's
    probability less the next one's.

    >>> f = keep_features("speech-verb", "actor", {"surname"}, "donbas", 0.8, True, False, 1,
    ...                   False, True, extra={"cue:speech": 1.0}, agrees=True, margin=0.6)
    >>> f["rule:speech-verb"], f["how:surname"], f["cue:speech"], f["agrees"], f["margin"]
    (1.0, 1.0, 1.0, 1.0, 0.6)
    """
    f = {"bias": 1.0, f"rule:{rule}": 1.0, f"kind:{speaker_kind}": 1.0,
         "issue_p": issue_p, "quoted": float(quoted), "reported": float(reported),
         "siblings": float(siblings > 1), "tag": float(tag_position),
         "issue:process": float(issue == "process"), "issue:other": float(issue == "other"),
         "issue:content": float(content_issue), "second_issue": float(rank > 0)}
    for h in how:
        f[f"how:{h}"] = 1.0
    if extra:
        f.update(extra)
    if agrees is not None:
        f["agrees"] = float(agrees)
    if margin is not None:
        f["margin"] = margin
    return f
