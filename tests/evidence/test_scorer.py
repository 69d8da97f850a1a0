"""The evidence-set scorer (benchmarks/evidence/dataset.py) on hand-made passages and
extractions, each precision and recall worked out by hand in the test.

The rules scored are those of shared/evidence-labelling.md: one extracted statement per label
(maximum bipartite matching within a passage), the same speaker, an extracted sentence that
overlaps the label's quote or a support span, and at the issue level the same issue.
"""

from __future__ import annotations

import json
import math

import pytest

# Three sentences; the scenario is the Mercosur one written for the set (actors: Olof Gill with
# alias "Gill", France with alias "Paris", …).
TEXT = ("Gill said the deal must be signed now and talks were constructive. "
        "Paris called for a delay. "
        "Farmers' unions, the minister said, want stronger safeguards.")
S1 = (0, TEXT.index(" Paris"))               # sentence 1: [0, 67)
S2 = (S1[1] + 1, TEXT.index(" Farmers"))     # sentence 2
S3 = (S2[1] + 1, len(TEXT))                  # sentence 3


def passage(ds, labels):
    made = []
    for speaker, issue, quote in labels:
        lab = ds.Label(speaker, speaker, None, issue, "", quote, [], "high")
        start = TEXT.index(quote)
        lab.spans = [(start, start + len(quote))]
        made.append(lab)
    return ds.Passage("p1", "en", "eu-mercosur", "eu-mercosur", "u", "t", None, "open", "dev",
                      TEXT, made, [])


def row(speaker=None, name=None, issues=(), sentence=S1, **extra):
    return {"source_id": "p1", "speaker": speaker, "speaker_name": name, "issues": list(issues),
            "start": sentence[0], "end": sentence[1], "sentence_start": sentence[0],
            "sentence_end": sentence[1], **extra}


LABELS = [("Olof Gill", "approval", "the deal must be signed now"),
          ("Olof Gill", "process", "talks were constructive"),
          ("France", "approval", "Paris called for a delay.")]


def counts(ds, labels, rows):
    result = ds.score([passage(ds, labels)], rows)
    speaker, issue = result["levels"]["speaker"]["all"], result["levels"]["issue"]["all"]
    return (speaker.matched, speaker.extracted, speaker.labelled,
            issue.matched, issue.extracted, issue.labelled)


def test_everything_found_once(ds):
    # Three extractions, one per label, each in the right sentence with the right speaker and
    # issue: 3/3 matched at both levels, P = R = 1.
    rows = [row("gill", issues=["approval"]), row("gill", issues=["process"]),
            row("france", issues=["approval"], sentence=S2)]
    assert counts(ds, LABELS, rows) == (3, 3, 3, 3, 3, 3)


def test_one_extraction_cannot_match_two_labels(ds):
    # One extraction of Gill's sentence carrying both issues: it may match only one of Gill's two
    # labels. Speaker level 1 matched of 1 extracted and 3 labelled: P = 1, R = 1/3.
    rows = [row("gill", issues=["approval", "process"])]
    result = ds.score([passage(ds, LABELS)], rows)
    c = result["levels"]["speaker"]["all"]
    assert (c.matched, c.extracted, c.labelled) == (1, 1, 3)
    assert c.precision == 1.0 and c.recall == pytest.approx(1 / 3)
    # F1 = 2 * 1 * (1/3) / (1 + 1/3) = 0.5
    assert c.f1 == pytest.approx(0.5)


def test_sentence_speaker_and_issue_must_agree(ds):
    rows = [
        row("gill", issues=["approval"], sentence=S3),     # wrong sentence: no match anywhere
        row("france", issues=["approval"], sentence=S1),   # wrong speaker for sentence 1
        row("france", issues=["process"], sentence=S2),    # right speaker, wrong issue
        row(None, name="Olof Gill", issues=["process"]),   # by name, right issue: Gill/process
    ]
    # Speaker level: France/S2 matches the France label; Gill-by-name/S1 matches one Gill label
    # → 2 matched, 4 extracted, 3 labelled (P = 0.5, R = 2/3).
    # Issue level: France/S2 has "process" but the label is "approval" → no; Gill/process → yes
    # → 1 matched (P = 0.25, R = 1/3).
    assert counts(ds, LABELS, rows) == (2, 4, 3, 1, 4, 3)
    result = ds.score([passage(ds, LABELS)], rows)
    assert result["levels"]["issue"]["all"].precision == 0.25
    assert result["levels"]["issue"]["all"].recall == pytest.approx(1 / 3)


def test_maximum_matching_not_greedy(ds):
    # Extraction A (issues approval+process) fits both Gill labels, B (approval) only the first.
    # Greedy in label order would give A to label 1 and leave label 2 without; the maximum
    # matching gives B to label 1 and A to label 2: 2 matched of 2 extracted, 3 labelled.
    rows = [row("gill", issues=["approval", "process"]), row("gill", issues=["approval"])]
    assert counts(ds, LABELS, rows)[3:] == (2, 2, 3)


def test_no_issue_counts_as_other_and_support_spans_count(ds):
    labels = [("unnamed officials", "other", "the minister said")]
    lab_passage = passage(ds, labels)
    # the label's quote is in sentence 3; the support span in sentence 2 also counts
    lab_passage.labels[0].spans.append(S2)
    rows = [row(None, name="unnamed EU officials", issues=[], sentence=S2)]
    result = ds.score([lab_passage], rows)
    assert result["levels"]["issue"]["all"].matched == 1


def test_speaker_names(ds):
    key = ds.label_speakers
    lab = ds.Label("Olof Gill", "Gill", None, "approval", "", "x", [], "high")
    assert key(lab, "eu-mercosur") == frozenset({"actor:gill"})
    # an alias of the scenario resolves to the actor; case and accents are folded
    assert ds.extraction_speakers({"speaker_name": "MAROS SEFCOVIC"}, "eu-mercosur") == \
        frozenset({"actor:sefcovic"})
    # a surname matches the full name of a person the scenario does not know, not the reverse
    assert ds.same_speaker(frozenset({"name:keith siegel"}), frozenset({"name:siegel"}))
    assert not ds.same_speaker(frozenset({"name:siegel"}), frozenset({"name:keith siegel"}))
    # unnamed sources of the same kind match; of another kind they do not
    assert ds.same_speaker(frozenset({"name:unnamed us officials"}),
                           frozenset({"name:unnamed officials"}))
    assert not ds.same_speaker(frozenset({"name:unnamed officials"}),
                               frozenset({"name:unnamed diplomats"}))
    # one unnamed official is of the kind "officials" (the labels use both numbers)
    assert ds.same_speaker(frozenset({"name:unnamed israeli official"}),
                           frozenset({"name:unnamed israeli officials"}))
    # a person the scenario lacks, spelled as a German passage romanises the name: the same
    # speaker as the labeller's English spelling (the rules' "Selenskyj / Zelenskyy" case)
    assert ds.same_speaker(frozenset({"name:andrii sybiha"}), frozenset({"name:andrij sybiha"}))
    assert ds.same_speaker(frozenset({"name:kirill dmitriev"}),
                           frozenset({"name:kirill dmitrijew"}))
    assert ds.same_speaker(frozenset({"name:abbas araghchi"}), frozenset({"name:araghtschi"}))
    assert not ds.same_speaker(frozenset({"name:andrii sybiha"}),
                               frozenset({"name:andrii sadovyi"}))
    # a joint statement needs both speakers
    joint = ds.Label("Poland + France", "", None, "approval", "", "x", [], "high")
    want = key(joint, "eu-mercosur")
    assert want == frozenset({"actor:poland", "actor:france"})
    assert ds.same_speaker(want, ds.extraction_speakers({"speakers": ["france", "poland"]},
                                                        "eu-mercosur"))
    assert not ds.same_speaker(want, ds.extraction_speakers({"speaker": "france"},
                                                            "eu-mercosur"))


def test_groups_and_ignored_sources(ds):
    rows = [row("gill", issues=["approval"]), {**row("gill"), "source_id": "elsewhere"}]
    result = ds.score([passage(ds, LABELS)], rows)
    assert result["ignored"] == 1
    by_lang = result["levels"]["issue"]["lang:en"]
    assert (by_lang.matched, by_lang.extracted, by_lang.labelled) == (1, 1, 3)
    assert result["levels"]["issue"]["negotiation:eu-mercosur"].matched == 1


def test_empty_extraction_has_no_precision(ds):
    result = ds.score([passage(ds, LABELS)], [])
    c = result["levels"]["speaker"]["all"]
    assert c.recall == 0.0 and math.isnan(c.precision)


def test_command_line_scores_a_json_file(ds, tmp_path, monkeypatch, capsys):
    # The CLI reads `accord evidence list --format json` output and the committed passages;
    # here a one-passage split in a temporary folder stands in for dev/.
    folder = tmp_path / "dev"
    folder.mkdir()
    record = {"id": "p1", "lang": "en", "negotiation": "eu-mercosur", "scenario": "eu-mercosur",
              "url": "u", "title": "t", "date": None, "licence": "open", "text": TEXT,
              "statements": [{"speaker": s, "speaker_surface": s, "reported_by": None,
                              "issue": i, "stance_hint": "", "quote_span": q,
                              "support_spans": [], "confidence": "high"} for s, i, q in LABELS],
              "unlabeled_notes": []}
    (folder / "p1.json").write_text(json.dumps(record), encoding="utf-8")
    results = tmp_path / "results.json"
    results.write_text(json.dumps([row("gill", issues=["approval"])]), encoding="utf-8")
    monkeypatch.setattr(ds, "HERE", tmp_path)
    assert ds.main(["score", str(results), "--split", "dev"]) == 0
    out = capsys.readouterr().out
    # issue level overall: 1 matched of 1 extracted, 3 labelled → P 1.00, R 0.33
    assert any(line.split()[:5] == ["all", "issue", "1.00", "0.33", "0.50"]
               for line in out.splitlines())


def test_committed_passages_are_well_formed(ds):
    """Every passage file has the fields of the labelling rules; where the text is committed
    (open licences) every span is an exact, unique substring and the checksum holds."""
    files = [p for s in ds.SPLITS for p in ds.passage_files(s)]
    assert files, "no passage files found"
    for path in files:
        rec = json.loads(path.read_text(encoding="utf-8"))
        assert rec["id"] == path.stem and rec["lang"] in ("de", "en")
        assert ("text" in rec) != ("text_source" in rec)
        for st in rec["statements"]:
            assert {"speaker", "speaker_surface", "reported_by", "issue", "stance_hint",
                    "quote_span", "support_spans", "confidence"} <= set(st)
        if "text" in rec:
            p = ds.read_passage(path)
            assert 1000 <= len(p.text) <= 2000
            assert ds.sha256(p.text) == rec["sha256"]
        else:
            src = rec["text_source"]
            assert src["offsets"][1] - src["offsets"][0] == src["chars"]
            assert len(src["sha256"]) == 64
