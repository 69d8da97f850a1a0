"""Statements against the hand annotations, and the rules one by one."""

from __future__ import annotations

import datetime as dt

import pytest

K, P, E, D, E2 = ("000_e41624a6a8d50914.txt", "001_fb6bf0052e4176c4.txt", "unseen_en.txt",
                  "unseen_de.txt", "unseen_en2.txt")

# Floors set from what the extractor achieves on the built-in scenario (printed by the test and
# by benchmarks/eval_evidence.py): overall P 0.89, R 0.94; per article P ≥ 0.75, R ≥ 0.83.
# Held-out checks: unseen_de.txt was written and annotated after the rules were frozen; its
# first run gave P 0.78, R 0.78 (a separable-verb bug, no rule for indirect speech running on
# in the subjunctive). unseen_en2.txt came after all later changes; its first run gave P 0.62,
# R 0.56 (no "repeated", pronoun tags losing to a name further back, stances inside "provided
# …" conditions, unknown names in apposition to an office). Both were fixed afterwards, so
# the figures below are no longer held-out figures.
FLOORS = {"precision": 0.80, "recall": 0.90, "article_precision": 0.70, "article_recall": 0.80,
          "issue_precision": 0.80, "issue_recall": 0.80}


def _evaluate(annotations, parsed, statements, extractor):
    from accord.evidence.extract import evaluate

    return {name: evaluate(items, statements[name], parsed[name].document.original, extractor)
            for name, items in annotations.items()}


def test_precision_and_recall_against_hand_annotations(annotations, parsed, statements, extractor):
    results = _evaluate(annotations, parsed, statements, extractor)
    matched = sum(r["matched"] for r in results.values())
    extracted = sum(r["extracted"] for r in results.values())
    annotated = sum(r["annotated"] for r in results.values())
    assert annotated >= 15 + 11 + 9 + 9  # both seeds (36 statements) and three test articles
    for name, r in results.items():
        print(f"{name}: precision {r['precision']:.2f} recall {r['recall']:.2f} "
              f"({r['matched']} matched, {r['extracted']} extracted, {r['annotated']} annotated); "
              f"issues P {r['issue_precision']:.2f} R {r['issue_recall']:.2f}")
        assert r["precision"] >= FLOORS["article_precision"], name
        assert r["recall"] >= FLOORS["article_recall"], name
    precision, recall = matched / extracted, matched / annotated
    print(f"overall: precision {precision:.2f} recall {recall:.2f}")
    assert precision >= FLOORS["precision"]
    assert recall >= FLOORS["recall"]
    tp = fp = fn = 0
    for r in results.values():
        for a, st in r["pairs"]:
            got = {k for i in st.issues for k in extractor.issues.lexicon_keys.get(i, [])}
            want = set(a.get("issues") or [])
            tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    print(f"issues: precision {tp / (tp + fp):.2f} recall {tp / (tp + fn):.2f}")
    dated = [(a, st) for r in results.values() for a, st in r["pairs"] if a.get("date")]
    assert len(dated) == 6 and all(st.date == a["date"] for a, st in dated)
    assert tp / (tp + fp) >= FLOORS["issue_precision"] and tp / (tp + fn) >= FLOORS["issue_recall"]


def test_the_extractor_does_not_need_the_builtin_aliases(annotations, parsed, mini_scenario):
    """The test scenario spells each name once (no 'Peskow', no 'Rubo', no 'Kremlsprecher');
    transliteration, genitive and typo tolerance must find the rest."""
    from accord.evidence.extract import Extractor, evaluate

    ex = Extractor(mini_scenario)
    for name in (K, P, E, D, E2):
        r = evaluate(annotations[name], ex.extract(parsed[name]), parsed[name].document.original, ex)
        assert r["recall"] >= 0.8 and r["precision"] >= 0.7, (name, r["missed"], r["spurious"])


def test_spans_map_back_to_the_original_exactly(statements, parsed):
    for name, sts in statements.items():
        original = parsed[name].document.original
        assert sts
        for st in sts:
            assert original[st.start:st.end] == st.quote
            assert original[st.sentence_start:st.sentence_end] == st.text
            assert st.sentence_start <= st.start <= st.end <= st.sentence_end
            assert st.file and st.file.endswith(name)


def test_reposter_opinion_is_never_attributed_to_the_author(statements, parsed):
    sts = statements[K]
    opinion = next(s for s in parsed[K].segments if s.label == "reposter_opinion")
    inside = [s for s in sts if opinion.original_start <= s.start < opinion.original_end]
    assert len(inside) >= 3
    for s in inside:
        assert s.segment == "reposter_opinion"
        assert s.speaker != "korybko" and s.speaker_name == "reposter"
        assert s.reported_by != "Andrew Korybko"
    assert all(s.segment != "reposter_opinion" for s in sts if s.speaker == "korybko")
    # nothing from the comment form
    assert not any("Kommentar" in s.text for s in sts)


def _one(sts, speaker, fragment):
    hits = [s for s in sts if s.speaker == speaker and fragment in s.text]
    assert len(hits) == 1, [(s.speaker, s.text[:60]) for s in sts if fragment in s.text]
    return hits[0]


def test_german_statements_in_detail(statements):
    sts = statements[K]
    peskov = _one(sts, "peskov", "Peskow bestätigte")
    assert peskov.reported_by == "Andrew Korybko" and peskov.rule == "speech-verb"
    # "am 1. Februar" is the date of the round, inside the reported content: not the statement's
    assert peskov.date == dt.date(2026, 1, 30) and peskov.date_precision == "source"
    assert {"text": "1. Februar", "date": "2026-02-01", "precision": "day"} in peskov.dates
    rubio = _one(sts, "rubio", "vergangene Woche")
    assert rubio.quote == "Der letzte offene Punkt … ist der Gebietsanspruch auf Donezk."
    assert rubio.date == dt.date(2026, 1, 19) and rubio.date_precision == "week"
    assert rubio.issues == ["donbas"]
    ushakov = _one(sts, "ushakov", "Anchorage")
    assert ushakov.date is None and ushakov.date_text == "am Vorabend der ersten Gesprächsrunde"
    assert "donbas" in ushakov.issues
    russia = _one(sts, "russia", "Frühere Berichte")
    assert russia.reported_by == "unnamed reports" and russia.issues == ["donbas"]
    zelensky = _one(sts, "zelensky", "weigert sich Selenskyj")
    assert "donbas" in zelensky.issues
    ft = [s for s in sts if s.speaker == "financial_times"]
    nyt = [s for s in sts if s.speaker == "new_york_times"]
    assert len(ft) == len(nyt) == 1
    assert ft[0].quote.startswith("Die Financial Times berichtete") and "New York" not in ft[0].quote
    assert nyt[0].quote.startswith("während die New York Times schrieb")
    assert {"foreign_troops"} <= set(nyt[0].issues)
    assert {"security_guarantees", "donbas"} <= set(ft[0].issues)
    both = [s for s in sts if s.verb == "signalisiert"]
    assert {s.speaker for s in both} == {"witkoff", "kushner"}
    # an inference frame makes the author the speaker, Putin what it is about
    putin = [s for s in sts if "weitreichende Kompromisse" in s.text]
    assert [s.speaker for s in putin] == ["korybko"] and "putin" in putin[0].about


def test_english_rules_on_an_unseen_article(statements):
    sts = statements[E]
    z = _one(sts, "zelensky", "said on Tuesday")
    assert z.date == dt.date(2026, 1, 27) and z.reported_by == "Jane Doe"
    quote = _one(sts, "zelensky", "he told reporters")  # the pronoun is Zelensky
    assert quote.quote == "We will not withdraw our troops from our own land,"
    acc = _one(sts, "peskov", "According to Peskov")
    assert acc.rule == "according-to" and acc.issues == ["sequencing"]
    rubio = _one(sts, "rubio", "told senators last week")
    assert rubio.date == dt.date(2026, 1, 19)
    russia = _one(sts, "russia", "reportedly")
    assert russia.reported_by == "unnamed reports"


def test_names_in_other_spellings_and_cases(mini_scenario):
    from accord.evidence.gazetteer import Gazetteer

    g = Gazetteer(mini_scenario)
    found = {m.text: m.actor for m in g.find(
        "Selenskyjs Berater, Zelenskyy, Peskows, Uschakow, Kremlsprecher Peskov, "
        "US-Außenminister Rubio, dem ukrainischen Präsidenten, des russischen Präsidenten, "
        "Moskau, Kiews, die Financial Times, Wladimir Putins")}
    assert found["Selenskyjs Berater"] is None  # his adviser, someone else
    assert found["Zelenskyy"] == "zelensky"
    assert found["Peskows"] == "peskov" and found["Uschakow"] == "ushakov"
    assert found["Kremlsprecher Peskov"] == "peskov"
    assert found["US-Außenminister Rubio"] == "rubio"
    assert found["dem ukrainischen Präsidenten"] == "zelensky"
    assert found["des russischen Präsidenten"] == "putin"
    assert found["Moskau"] == "russia" and found["Kiews"] == "ukraine"
    assert found["die Financial Times"] is None  # a medium outside the scenario
    assert found["Wladimir Putins"] == "putin"


@pytest.mark.parametrize("text, ref, expected", [
    ("Er sagte gestern", "2026-01-30", ("gestern", "2026-01-29", "day")),
    ("am Montag", "2026-01-30", ("am Montag", "2026-01-26", "day")),
    ("vor zwei Wochen", "2026-01-30", ("vor zwei Wochen", "2026-01-16", "week")),
    ("on the eve", "2026-01-30", ("on the eve", "2026-01-29", "day")),
    ("am 1. Februar", "2026-01-30", ("1. Februar", "2026-02-01", "day")),
    ("am 28. Dezember", "2026-01-10", ("28. Dezember", "2025-12-28", "day")),
    ("17.01.2026", "2026-01-30", ("17.01.2026", "2026-01-17", "day")),
    ("January 30, 2026", None, ("January 30, 2026", "2026-01-30", "day")),
])
def test_date_expressions(text, ref, expected):
    from accord.evidence.lexicon import find_dates

    d = find_dates(text, dt.date.fromisoformat(ref) if ref else None, "de")[0]
    assert (d.text, d.date.isoformat(), d.precision) == expected


def test_issue_lexicon_reaches_scenario_issues(extractor):
    keys = extractor.issues.lexicon_keys
    assert keys["donbas"] == ["territory"] and keys["reconstruction"] == ["postwar_investment"]
    assert keys["foreign_troops"] == ["foreign_troops"] and keys["arms_aid"] == ["arms_aid"]
    find = extractor.issues.find
    assert find("die US-Sicherheitsgarantien") == ["security_guarantees"]
    assert find("ein Stopp der Waffenlieferungen") == ["arms_aid"]
    assert find("ein Waffenstillstand") == ["sequencing"]          # not arms ("Waffen…")
    assert find("eine entmilitarisierte Zone") == ["foreign_troops"]
    assert find("Garantien für Investitionen") == ["security_guarantees", "reconstruction"]
    assert find("das Kernkraftwerk Saporischschja") == ["zaporizhzhia_npp"]


def test_german_news_rules_on_an_unseen_article(statements):
    sts = statements[D]
    lavrov = [s for s in sts if s.speaker == "lavrov"]
    assert [s.verb for s in lavrov] == ["abgelehnt", "sagte"]
    assert lavrov[1].quote == "legitime Ziele" and lavrov[1].date == dt.date(2026, 1, 28)
    # "wies … zurück": the particle decides between "hinweisen" and "zurückweisen"
    rejects = _one(sts, "zelensky", "wies die Forderung")
    assert rejects.verb == "wies" and rejects.rule == "stance-verb"
    # "Laut einem Bericht des Spiegel prüft die Bundesregierung": Germany weighs, the Spiegel reports
    germany = _one(sts, "germany", "Laut einem Bericht des Spiegel")
    assert germany.reported_by == "Der Spiegel" and germany.rule == "deliberation-verb"
    trump = _one(sts, "trump", "erklärte gestern")
    assert trump.date == dt.date(2026, 1, 28) and trump.issues == ["arms_aid"]
    # the next sentence is still Trump's, in the subjunctive of indirect speech
    cont = _one(sts, "trump", "Die Europäer könnten")
    assert cont.rule == "reported-speech-continued"
    # the observers' closing remark names no actor and no issue pair: no statement
    assert not [s for s in sts if "Beobachter" in s.text]


@pytest.mark.parametrize("lang, sentence, expected", [
    # passive agents
    ("en", "Russia's demands were rejected by Kyiv.", [("ukraine", None)]),
    ("de", "Die Forderung wurde von Kiew abgelehnt.", [("ukraine", None)]),
    # a closing speech tag reports what comes before it
    ("en", "Moscow insists that Ukraine must leave the Donbas, Lavrov told TASS on Friday.",
     [("russia", "Sergey Lavrov"), ("lavrov", None)]),
    ("de", "Moskau besteht darauf, dass die Ukraine den Donbass räumt, sagte Lawrow der Agentur TASS.",
     [("russia", "Sergey Lavrov"), ("lavrov", None)]),
    # English puts the subject after the verb only in tags
    ("en", "Zelensky, speaking in Davos, said Ukraine needed more air defence.", [("zelensky", None)]),
    ("en", "The talks will continue, said Rubio.", [("rubio", None)]),
    # German inversion after a fronted phrase
    ("de", "Am Montag lehnte der Kreml eine Waffenruhe ab.", [("russia", None)]),
    # a separable verb without its particle is not that verb
    ("de", "Lawrow wies auf die Gespräche in Genf hin.", [("lavrov", None)]),
    ("de", "Lawrow wies die Kritik scharf zurück.", [("lavrov", None)]),
    # "laut"/"according to" make the medium the reporter of another subject
    ("de", "Laut Reuters lehnt Moskau den Plan ab.", [("russia", "Reuters")]),
    ("en", "According to Reuters, Moscow rejected the plan.", [("russia", "Reuters")]),
])
def test_general_rules_on_single_sentences(extractor, lang, sentence, expected):
    from accord.evidence.ingest import document_from_text
    from accord.evidence.provenance import parse_provenance

    parsed = parse_provenance(document_from_text(sentence + "\n", language=lang))
    got = [(s.speaker, None if s.reported_by == parsed.source.author or
            s.reported_by and s.reported_by.startswith("author of") else s.reported_by)
           for s in extractor.extract(parsed)]
    assert got == expected


def test_names_learned_from_an_office_and_conditions(statements):
    sts = statements[E2]
    # "British Prime Minister Keir Starmer": Starmer is no actor, the office stands for the UK,
    # and the later bare "Starmer" is the same speaker
    uk = [s for s in sts if s.speaker == "united_kingdom"]
    assert [s.speaker_name for s in uk] == ["Keir Starmer", "Keir Starmer"]
    assert uk[1].quote == "We are ready to lead, but we cannot do it alone,"
    # "provided the United States offered a backstop" is a condition, not a US stance
    assert not [s for s in sts if s.speaker == "united_states"]
    # "…, he said" after "Ukraine would not trade land": the pronoun, i.e. Zelensky, speaks
    assert _one(sts, "zelensky", "trade land for promises").rule == "speech-verb"
    witkoff = _one(sts, "witkoff", "people familiar with the talks")
    assert witkoff.reported_by == "unnamed reports" and "donbas" in witkoff.issues
