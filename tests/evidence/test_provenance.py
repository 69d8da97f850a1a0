"""Source cards, bylines, reposters' opinions and boilerplate."""

from __future__ import annotations

import datetime as dt

SEEDS = ("000_e41624a6a8d50914.txt", "001_fb6bf0052e4176c4.txt")
ENGLISH = "unseen_en.txt"


def test_source_card_fields_are_parsed_exactly(parsed):
    p = parsed[SEEDS[1]]
    assert p.card == {
        "kind": "Artikel",
        "original_title": "Нові перемовини у Вашингтоні | Віталій Портников. 17.01.2026.",
        "author": "Vitaly Portnikov",
        "original_published": "17.01.2026.",
        "original_language": "uk",
        "platform": "YouTube",
        "link": "Original ansehen",
        "translator": "Viktoriya Limbach",
        "published_on": "uebersetzungenzuukraine.data.blog",
    }
    s = p.source
    assert (s.author, s.translator, s.original_language, s.language) == \
        ("Vitaly Portnikov", "Viktoriya Limbach", "uk", "de")
    assert s.original_published == dt.date(2026, 1, 17) and s.published is None
    assert s.platform == "YouTube" and s.form == "article" and s.kind == "translation"
    assert s.reposted_by == "uebersetzungenzuukraine.data.blog"
    assert s.url is None and "Original ansehen" in s.note  # the card gives link text, no URL
    assert p.reference_date == dt.date(2026, 1, 17)
    card = [seg for seg in p.segments if seg.label == "source_card"]
    assert len(card) == 1 and card[0].text.startswith("🔗 Originalquelle")
    assert card[0].text.endswith("uebersetzungenzuukraine.data.blog.")


def test_byline_title_and_date(parsed):
    p = parsed[SEEDS[0]]
    assert p.byline == {"author": "Andrew Korybko", "date": "2026-01-30", "date_text": "30. Januar 2026"}
    s = p.source
    assert s.title == "Fünf Erkenntnisse zu den trilateralen Gesprächen zwischen Russland, der Ukraine und den USA"
    assert s.author == "Andrew Korybko" and s.published == dt.date(2026, 1, 30)
    assert s.translator is None


def test_reposter_opinion_and_boilerplate_are_split_off(parsed):
    p = parsed[SEEDS[0]]
    original = p.document.original
    labels = [seg.label for seg in p.segments]
    assert labels[:4] == ["title", "byline", "body", "reposter_opinion"]
    opinion = [seg for seg in p.segments if seg.label == "reposter_opinion"]
    assert len(opinion) == 1
    op = opinion[0]
    assert op.text.startswith("‼Meine Meinung:") and op.text.endswith("gespielt wird‼")
    assert original[op.original_start:op.original_end] == op.text
    assert p.source.reposter_opinion == op.text
    # the article resumes with Peskov
    after = p.segments[labels.index("reposter_opinion") + 1]
    assert after.label == "body" and after.text.startswith("Kremlsprecher Dmitri Peskow")
    tail = p.segments[-1]
    assert tail.label == "boilerplate" and tail.text.startswith("Schreibe einen Kommentar")
    assert "Erforderliche Felder" in tail.text
    for seg in p.segments:
        assert original[seg.original_start:seg.original_end] == seg.text


def test_opinion_without_closing_mark_ends_where_the_article_resumes():
    from accord.evidence.ingest import document_from_text
    from accord.evidence.provenance import parse_provenance

    text = ("Titel des Beitrags\n\nMeine Meinung: Ich halte das für falsch.\nWir sollten abwarten!!\n\n"
            "Außenminister Lawrow sagte am Montag, Russland werde keine Truppen abziehen. Die Gespräche "
            "sollen in Genf fortgesetzt werden, wie mehrere Diplomaten bestätigten.\n\nTeilen mit:\nFacebook\n")
    p = parse_provenance(document_from_text(text, language="de"))
    by_label = {seg.label: seg.text for seg in p.segments}
    assert by_label["reposter_opinion"] == "Meine Meinung: Ich halte das für falsch.\nWir sollten abwarten!!"
    assert by_label["body"].startswith("Außenminister Lawrow sagte")
    assert by_label["boilerplate"] == "Teilen mit:\nFacebook"


def test_english_byline_and_share_box(parsed):
    p = parsed[ENGLISH]
    assert p.source.author == "Jane Doe" and p.source.published == dt.date(2026, 1, 28)
    assert p.source.language == "en"
    assert [s.label for s in p.segments][-1] == "boilerplate"
    assert p.segments[-1].text.startswith("Share this:")


def test_html_metadata_bylines_and_datelines(tmp_path):
    """A user's saved news page: author, date and title come from its <meta> tags and <title>;
    the dateline's place and agency are noted; statements date from the article's date."""
    from accord.evidence.ingest import read_document
    from accord.evidence.provenance import parse_provenance

    page = tmp_path / "talks.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Kyiv rejects land swap | Example News</title>"
        "<meta name='author' content='Jane Doe'>"
        "<meta property='article:published_time' content='2026-01-28T09:15:00+00:00'>"
        "</head><body><article><h1>Kyiv rejects land swap</h1>"
        "<p>KYIV, Jan 28 (Reuters) - Ukrainian President Volodymyr Zelensky said on Tuesday "
        "that Ukraine would not withdraw from the Donbas.</p>"
        "<p>The talks are due to resume next week in Abu Dhabi, officials said.</p>"
        "</article></body></html>", encoding="utf-8")
    p = parse_provenance(read_document(page))
    s = p.source
    assert (s.author, s.published, s.title) == ("Jane Doe", dt.date(2026, 1, 28),
                                                "Kyiv rejects land swap")
    assert "dateline: KYIV, Reuters" in s.note
    assert p.reference_date == dt.date(2026, 1, 28)
