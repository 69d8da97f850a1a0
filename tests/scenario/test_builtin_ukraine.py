"""The built-in scenario of the Russia–Ukraine–US talks as of 30 January 2026.

The scenario is authored by hand from two seed articles (German) and the reports behind the
project's research notes; these tests hold it to its sources: every German quote is
character-for-character in its seed, every report is cited with its kind, chain and address
and no number rests on the notes themselves, nothing is dated after the scenario,
every stance cites evidence, the reposter's opinion is kept apart from Korybko's article, and
the source card of the Portnikov translation is transcribed faithfully.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from accord.scenario.builtin import builtin_path, load_builtin, source_text_path
from accord.scenario.io.yaml import load_yaml, save_yaml
from accord.scenario.reliability import evidence_basis, source_reliability
from accord.scenario.sources import SOURCE_KINDS
from shared_data import require_shared

SCENARIO_ID = "ukraine-talks-2026-01"
SCENARIO_DATE = dt.date(2026, 1, 30)
SEED_FILES = {"seed-000-korybko": "000_e41624a6a8d50914.txt",
              "seed-001-portnikov": "001_fb6bf0052e4176c4.txt"}
NOTES_SOURCE = "talks-2026-notes"
PARTIES = ["russia", "ukraine", "united_states", "european_coalition"]


@pytest.fixture(scope="module")
def scenario():
    return load_builtin(SCENARIO_ID)


def packaged_seed(name: str) -> str:
    return source_text_path(name).read_text(encoding="utf-8")


def shared_seed(name: str) -> str:
    return require_shared("seeds", name).read_text(encoding="utf-8")


# --- quotes are exact ---------------------------------------------------------------------


@pytest.mark.parametrize("reader", [packaged_seed, shared_seed], ids=["packaged", "shared"])
def test_every_seed_quote_is_an_exact_substring_of_its_seed(scenario, reader):
    checked = 0
    for ev in scenario.evidence:
        if ev.source in SEED_FILES:
            text = reader(SEED_FILES[ev.source])
            assert ev.quote in text, f"{ev.id}: quote not found verbatim in {ev.source}"
            checked += 1
    assert checked >= 30  # both seeds are quoted throughout, not just once


def test_packaged_seeds_are_the_shared_seeds():
    for name in SEED_FILES.values():
        assert packaged_seed(name) == shared_seed(name)


def test_seed_sources_name_their_packaged_files(scenario):
    for source_id, name in SEED_FILES.items():
        assert scenario.source(source_id).file == name
        assert source_text_path(name).exists()


def test_no_number_rests_on_the_research_notes(scenario):
    # The first version cited the project's notes (talks-2026.md) for 39 facts; each now cites
    # the report the notes summarised: outlet, date, an address where the text can be read.
    assert NOTES_SOURCE not in {s.id for s in scenario.sources}
    assert not any(ev.id.startswith("n-") for ev in scenario.evidence)
    reports = [s for s in scenario.sources if s.id not in SEED_FILES]
    assert len(reports) >= 30
    for src in reports:
        assert src.kind in SOURCE_KINDS and src.chain, src.id
        assert src.url and re.match(r"https?://", src.url), src.id
    quoted = [ev for ev in scenario.evidence if ev.source not in SEED_FILES]
    assert len(quoted) >= 39
    for ev in quoted:
        assert ev.date is not None and ev.date <= SCENARIO_DATE, ev.id
        if re.search("[А-яЁё]", ev.quote):      # Russian originals carry our translation
            assert ev.translation, ev.id


def test_every_source_says_what_it_is_and_who_leans(scenario):
    korybko, portnikov = scenario.source("seed-000-korybko"), scenario.source("seed-001-portnikov")
    assert (korybko.kind, portnikov.kind) == ("repost", "translation")
    assert [link.role for link in korybko.chain] == ["author", "translator", "reposter"]
    assert [link.role for link in portnikov.chain] == ["author", "translator"]
    for src in (korybko, portnikov):
        assert src.is_partisan() and src.second_hand_hops() >= 1
        assert all(lean.reason for _, lean in src.leanings())
    # by the rule of docs/sources.md: .7 (a repost of a commentary) × .8² (translated,
    # reposted) × .7 (partisan) and .7 × .8 × .7
    assert source_reliability(korybko).value == pytest.approx(0.3136, abs=1e-12)
    assert source_reliability(portnikov).value == pytest.approx(0.392, abs=1e-12)
    # the only number resting on Korybko alone — the limited US leverage on the Donbas — is
    # flagged as such
    flags = {(c.actor, c.issue): evidence_basis(scenario, c.evidence).flag(scenario)
             for c in scenario.capabilities}
    assert flags[("united_states", "donbas")] == \
        "single partisan and second-hand source: seed-000-korybko (pro-Kremlin)"


def test_deferred_terms_carry_who_when_and_how_credibly(scenario):
    expected = {"donbas": (["ukraine"], "after_ceasefire"),
                "security_guarantees": (["united_states"], "post_war"),
                "foreign_troops": (["european_coalition"], "after_ceasefire"),
                "reconstruction": (["united_states", "european_coalition"], "post_war")}
    for issue_id, (by, when) in expected.items():
        c = scenario.issue(issue_id).commitment
        assert (c.by, c.when) == (by, when), issue_id
        assert 0 < c.credibility < 1 and c.credibility_range[0] < c.credibility_range[1]
        assert c.evidence and c.conditions and c.note, issue_id
        assert scenario.issue(issue_id).status_quo is not None
    for issue in scenario.issues:
        if issue.id not in expected:
            assert issue.commitment is None, issue.id


def test_trades_over_two_deferred_issues_are_worth_their_credibility(scenario):
    # Korybko's quid pro quo in the exchange model: Russia moves on guarantees, Ukraine on the
    # Donbas. Both issues are delivered with credibility 0.4, so every part of each trader's
    # gain counts 0.4 times: the credible gain is 0.4 × the face gain.
    from accord.api import trades

    [t] = [t for t in trades(scenario, top=20)
           if {t["i"]["supply_issue"], t["j"]["supply_issue"]} == {"security_guarantees", "donbas"}]
    assert t["credible"]["credibility"] == {"security_guarantees": 0.4, "donbas": 0.4}
    for side in ("i", "j"):
        assert t["credible"]["gains"][t[side]["actor"]] == \
            pytest.approx(0.4 * t[side]["gain"], abs=1e-12)


def test_seed_quotes_are_german_with_an_english_translation(scenario):
    for ev in scenario.evidence:
        if ev.source in SEED_FILES:
            assert ev.translation, f"{ev.id} has no translation"
            assert ev.translation != ev.quote


def test_the_seed_typo_rubo_is_kept(scenario):
    # Seed 000 misspells Rubio once; the quote keeps the typo and the alias list knows it.
    assert any(ev.quote.startswith("Rubo erklärte") for ev in scenario.evidence)
    assert "Rubo" in scenario.actor("rubio").aliases


# --- evidence coverage ----------------------------------------------------------------------


def test_every_stance_capability_and_outside_option_cites_evidence(scenario):
    known = {e.id for e in scenario.evidence}
    for st in scenario.stances:
        assert st.evidence, f"stance {st.actor}/{st.issue} cites nothing"
        assert set(st.evidence) <= known
        assert st.note, f"stance {st.actor}/{st.issue} has no reasoning note"
    for c in scenario.capabilities:
        assert c.evidence and c.note
    for o in scenario.outside_options:
        assert o.evidence and o.note


def test_speakers_and_reporters_are_actors(scenario):
    actors = {a.id for a in scenario.actors}
    for ev in scenario.evidence:
        for who in (ev.speaker, ev.reported_by):
            assert who is None or who in actors, f"{ev.id}: {who!r} is not an actor id"


def test_media_only_report(scenario):
    media = {"financial_times", "new_york_times"}
    assert {scenario.actor(m).kind for m in media} == {"organisation"}
    assert not [st for st in scenario.stances if st.actor in media]
    reporters = {ev.reported_by for ev in scenario.evidence}
    assert media <= reporters


# --- no hindsight -------------------------------------------------------------------------


def test_scenario_is_dated_30_january_2026_and_nothing_is_later(scenario):
    assert scenario.date == SCENARIO_DATE
    for ev in scenario.evidence:
        assert ev.date is None or ev.date <= SCENARIO_DATE, ev.id
    for src in scenario.sources:
        for d in (src.published, src.original_published):
            assert d is None or d <= SCENARIO_DATE, src.id


# --- actors and names -----------------------------------------------------------------------

PEOPLE = {
    "russia": {"putin": ["Putin", "Путин"],
               "peskov": ["Peskow", "Peskov", "Песков"],
               "ushakov": ["Uschakow", "Ushakov", "Ушаков"],
               "lavrov": ["Lawrow", "Lavrov", "Лавров"]},
    "ukraine": {"zelensky": ["Selenskyj", "Zelensky", "Zelenskyy", "Зеленський", "Зеленский"],
                "budanov": ["Budanow", "Budanov", "Буданов"],
                "umerov": ["Umjerow", "Umerov", "Умєров"],
                "arakhamia": ["Arachamija", "Arakhamia", "Арахамія"]},
    "united_states": {"trump": ["Trump", "Трамп"],
                      "rubio": ["Rubio", "Рубио"],
                      "witkoff": ["Witkoff", "Уиткофф"],
                      "kushner": ["Kushner", "Кушнер"],
                      "driscoll": ["Driscoll", "Дрисколл"]},
}
ROLES = {"peskov": ["Kremlsprecher", "Kremlin spokesman"],
         "ushakov": ["Putins engster Berater"],
         "rubio": ["US-Außenminister", "Secretary of State"],
         "driscoll": ["Heeresminister"],
         "witkoff": ["Sondergesandter"],
         "budanov": ["Leiter des Präsidialamtes"]}


def test_parties_exist_with_their_kinds(scenario):
    kinds = {a.id: a.kind for a in scenario.actors}
    assert [kinds[p] for p in PARTIES] == ["state", "state", "state", "coalition"]
    coalition = scenario.actor("european_coalition")
    assert set(coalition.members) == {"france", "united_kingdom", "germany"}
    for m in coalition.members:
        assert scenario.actor(m).kind == "state"
        assert "european_coalition" in scenario.actor(m).member_of


@pytest.mark.parametrize("state", sorted(PEOPLE))
def test_people_are_members_with_their_aliases(scenario, state):
    assert set(PEOPLE[state]) <= set(scenario.actor(state).members)
    for person, names in PEOPLE[state].items():
        actor = scenario.actor(person)
        assert actor.kind == "person"
        assert state in actor.member_of
        for name in names:
            assert name in actor.names(), f"{person} lacks the alias {name!r}"


def test_role_phrases(scenario):
    for person, roles in ROLES.items():
        for role in roles:
            assert role in scenario.actor(person).roles, f"{person} lacks the role {role!r}"


def test_every_person_named_in_a_seed_is_found_by_some_name(scenario):
    # The German spellings the seeds actually use resolve to an actor.
    text = packaged_seed(SEED_FILES["seed-000-korybko"]) + packaged_seed(SEED_FILES["seed-001-portnikov"])
    for person in ["peskov", "ushakov", "rubio", "witkoff", "kushner", "zelensky", "trump",
                   "putin", "budanov", "umerov", "arakhamia", "driscoll"]:
        assert any(n in text for n in scenario.actor(person).names()), person


def test_role_phrases_as_the_seeds_use_them(scenario):
    # People the seeds name by office are found by a role phrase in the seeds' own wording
    # (German declension included: "dem Sondergesandten", "der Vorsitzende").
    text = packaged_seed(SEED_FILES["seed-000-korybko"]) + packaged_seed(SEED_FILES["seed-001-portnikov"])
    for person in ["peskov", "ushakov", "rubio", "budanov", "umerov", "arakhamia", "witkoff",
                   "kushner", "driscoll"]:
        assert any(r in text for r in scenario.actor(person).roles), person


def test_names_and_roles_denote_one_actor_each(scenario):
    # A name shared by two actors would make evidence extraction guess; capitals that also
    # occur in other names ("Paris Declaration") are therefore not aliases of France.
    owner: dict[str, str] = {}
    for actor in scenario.actors:
        assert actor.name not in actor.aliases, actor.id
        assert len(set(actor.aliases)) == len(actor.aliases), actor.id
        for name in [*actor.names(), *actor.roles]:
            assert owner.setdefault(name, actor.id) == actor.id, (name, owner[name], actor.id)
    assert "Paris" not in scenario.actor("france").names()


# --- issues ---------------------------------------------------------------------------------


def test_at_least_six_issues_with_three_anchors_and_codes(scenario):
    assert len(scenario.issues) >= 6
    required = {"donbas", "security_guarantees", "foreign_troops", "arms_aid", "sequencing",
                "reconstruction"}
    assert required <= {i.id for i in scenario.issues}
    for issue in scenario.issues:
        assert (issue.low, issue.high) == (0, 100)
        assert len(issue.anchors) >= 3, issue.id
        assert issue.codes, issue.id
        assert "Terr" not in issue.codes  # PA-X "Terr" is terrorism, not territory
    assert "StBor" in scenario.issue("donbas").codes
    assert "SsrGua" in scenario.issue("security_guarantees").codes
    assert "Ce" in scenario.issue("sequencing").codes


def test_every_party_has_a_stance_on_every_issue(scenario):
    # One exception, by the sources: Russia states no position on reconstruction money for
    # Ukraine (its only money position is on the frozen reserves, russian_reserves).
    for party in PARTIES:
        for issue in scenario.issues:
            st = scenario.stance(party, issue.id)
            if (party, issue.id) == ("russia", "reconstruction"):
                assert st is None
                continue
            assert st is not None, f"{party} has no stance on {issue.id}"
            assert st.position_range and st.salience_range


def test_donbas_stances_follow_the_sources(scenario):
    # Russia demands withdrawal (100 = full withdrawal), Ukraine refuses it (0 = freeze at the line).
    assert scenario.stance("russia", "donbas").position >= 75
    assert scenario.stance("ukraine", "donbas").position <= 25
    assert (scenario.stance("ukraine", "donbas").position
            < scenario.stance("united_states", "donbas").position
            < scenario.stance("russia", "donbas").position)


# --- provenance of the two seeds ----------------------------------------------------------


def test_reposter_opinion_is_recorded_and_not_korybkos(scenario):
    src = scenario.source("seed-000-korybko")
    seed = packaged_seed(SEED_FILES["seed-000-korybko"])
    opinion = src.reposter_opinion
    assert opinion and opinion.startswith("‼Meine Meinung:")
    assert opinion.endswith("gespielt wird‼")
    assert opinion in seed
    assert src.author == "Andrew Korybko"
    assert src.reposted_by and "Korybko" not in src.reposted_by
    assert "NOT Korybko" in src.note
    # No evidence item quotes the reposter, least of all as Korybko.
    for ev in scenario.evidence:
        if ev.source == "seed-000-korybko":
            assert ev.quote not in opinion, f"{ev.id} quotes the reposter's opinion"


def _card(text: str, label: str) -> str:
    m = re.search(rf"^{re.escape(label)}:\s*(.+?)\s*$", text, flags=re.M)
    assert m, f"no {label!r} line in the source card"
    return m.group(1)


def test_portnikov_source_card_is_transcribed(scenario):
    text = packaged_seed(SEED_FILES["seed-001-portnikov"])
    src = scenario.source("seed-001-portnikov")
    assert src.title == _card(text, "Titel des Originals")
    assert src.author == _card(text, "Autor")
    day, month, year = _card(text, "Veröffentlichung / Entstehung").rstrip(".").split(".")
    assert src.original_published == dt.date(int(year), int(month), int(day))
    assert src.original_language == _card(text, "Originalsprache")
    assert src.platform == _card(text, "Plattform / Quelle")
    translator = re.search(r"Deutsche Übersetzung von (.+?),", text).group(1)
    assert src.translator == translator
    blog = re.search(r"veröffentlicht auf\s+(\S+?)\.?\s*$", text).group(1)
    assert src.reposted_by == blog and blog in src.url
    assert src.language == "de"


def test_korybko_source_card(scenario):
    text = packaged_seed(SEED_FILES["seed-000-korybko"])
    src = scenario.source("seed-000-korybko")
    assert text.startswith(src.title + "\n")
    assert "Andrew Korybko 30. Januar 2026" in text
    assert src.published == SCENARIO_DATE and src.language == "de"


# --- outside options, outcome classes, deal space -------------------------------------------


def _utility(scenario, actor: str, choice: dict[str, str]) -> float:
    """Additive utility of a package from the scenario's own deal-space numbers (weights
    rescaled to sum to 1, as the deal solver does)."""
    issues = [di for di in scenario.deal_space.issues if actor in di.weights]
    total_w = sum(di.weights[actor] for di in issues)
    return sum(di.weights[actor] / total_w *
               next(o for o in di.options if o.id == choice[di.issue]).values[actor]
               for di in issues)


STATUS_QUO_PACKAGE = {"donbas": "freeze", "security_guarantees": "none", "foreign_troops": "none",
                      "arms_aid": "purl", "sequencing": "settlement-first",
                      "russian_reserves": "frozen", "reconstruction": "eu-loans",
                      "army_nato": "no-limits", "zaporizhzhia_npp": "russian-control"}


def test_status_quo_package_is_every_issue_at_its_status_quo(scenario):
    for di in scenario.deal_space.issues:
        option = next(o for o in di.options if o.id == STATUS_QUO_PACKAGE[di.issue])
        assert option.position == scenario.issue(di.issue).status_quo.value, di.issue


def test_reservations_are_derived_from_the_war_parameters(scenario):
    # The formula written in the scenario: r = q_R·u(R) + q_U·u(U) + (1 − q_R − q_U)·u(S) − c,
    # S the status-quo package, R it with the Donbas ceded, U it with a ceasefire first; q the
    # per-year win chances of Russia and Ukraine, c the party's own per-year cost.
    opts = {o.actor: o for o in scenario.outside_options}
    q_r, q_u = opts["russia"].per_period_win, opts["ukraine"].per_period_win
    assert (q_r, q_u) == (0.15, 0.08)
    s = STATUS_QUO_PACKAGE
    r_pkg, u_pkg = dict(s, donbas="withdrawal"), dict(s, sequencing="ceasefire-first")
    for party in PARTIES:
        o = opts[party]
        value = (q_r * _utility(scenario, party, r_pkg) + q_u * _utility(scenario, party, u_pkg)
                 + (1 - q_r - q_u) * _utility(scenario, party, s) - o.per_period_cost)
        assert o.reservation == pytest.approx(value, abs=5e-4), party
        lo, hi = o.ranges["reservation"]
        assert lo <= o.reservation <= hi
        # no Fearon or attrition numbers that would value war on another scale
        assert o.win_probability is None and o.cost is None and o.discount is None


def test_red_lines_cite_statements_and_sit_beyond_the_positions(scenario):
    red = [st for st in scenario.stances if st.red_line is not None]
    assert {(st.actor, st.issue) for st in red} == {
        ("russia", "donbas"), ("ukraine", "donbas"), ("russia", "security_guarantees"),
        ("russia", "foreign_troops"), ("russia", "sequencing"), ("russia", "army_nato")}
    quotes = {e.id: e for e in scenario.evidence}
    for st in red:
        assert st.red_line.evidence and all(quotes[e].quote for e in st.red_line.evidence)
        assert st.red_line.note
        assert st.red_line.accepts(st.position, st.red_line_side())


def test_arms_are_the_suppliers_own_decision(scenario):
    rule = scenario.rule("arms_aid")
    assert rule.kind == "single_actor" and rule.actor == "united_states" and rule.evidence


def _classes_holding(scenario, ids, point):
    out = []
    for oc in scenario.outcome_classes:
        if oc.id in ids and all(lo <= point[i] <= hi for i, (lo, hi) in oc.ranges.items()):
            out.append(oc.id)
    return out


def test_outcome_classes_partition_their_scales(scenario):
    territory = {"ukraine-keeps-line", "demilitarised-zone", "withdrawal"}
    agreement = {"ceasefire", "armistice", "treaty", "treaty-on-current-line",
                 "settlement-on-russian-terms", "settlement-on-current-line"}
    # "no agreement" is not a region of positions (every forecast adds it as 1 − P)
    assert "no-deal" not in {oc.id for oc in scenario.outcome_classes}
    assert territory | agreement <= {oc.id for oc in scenario.outcome_classes}
    grid = [0, 12.5, 37.5, 37.6, 50, 62.5, 62.6, 80, 100]
    for d in grid:
        for s in grid:
            for g in [0, 25, 50, 50.1, 75, 100]:
                point = {"donbas": d, "sequencing": s, "security_guarantees": g}
                assert len(_classes_holding(scenario, territory, point)) == 1, point
                assert len(_classes_holding(scenario, agreement, point)) == 1, point


def test_deal_space_follows_the_stances(scenario):
    # Rule (scenario notes): value = 1 − |x − p| / max(p, 100 − p), rounded to 0.01;
    # weight = salience / sum of the actor's saliences. Hand-checked examples:
    # Russia on Donbas, p = 95: full withdrawal (100) → 1 − 5/95 = 0.947 → 0.95; freeze → 0.
    # Ukraine on Donbas, p = 5: freeze (0) → 1 − 5/95 → 0.95; withdrawal (100) → 0.
    ds = scenario.deal_space
    donbas = next(di for di in ds.issues if di.issue == "donbas")
    opts = {o.id: o for o in donbas.options}
    assert opts["withdrawal"].values["russia"] == 0.95
    assert opts["freeze"].values["russia"] == 0.0
    assert opts["freeze"].values["ukraine"] == 0.95
    assert opts["withdrawal"].values["ukraine"] == 0.0
    assert {di.issue for di in ds.issues} == {i.id for i in scenario.issues}
    for party in PARTIES:
        mine = [di for di in ds.issues if scenario.stance(party, di.issue) is not None]
        assert [di for di in ds.issues if party in di.weights] == mine
        total = sum(di.weights[party] for di in mine)
        assert total == pytest.approx(1.0, abs=0.005)
        saliences = {di.issue: scenario.stance(party, di.issue).salience for di in mine}
        for di in mine:
            assert di.weights[party] == pytest.approx(saliences[di.issue] / sum(saliences.values()),
                                                      abs=0.0005)
            p = scenario.stance(party, di.issue).position
            for o in di.options:
                expected = max(0.0, 1 - abs(o.position - p) / max(p, 100 - p))
                # rounding to 0.01 can be off by half a unit either way (0.625 → 0.62)
                assert o.values[party] == pytest.approx(expected, abs=0.0051), (party, di.issue, o.id)


# --- file behaviour ---------------------------------------------------------------------------


def test_round_trips_through_yaml(tmp_path):
    original = load_yaml(builtin_path(SCENARIO_ID))
    out = tmp_path / "again.yaml"
    save_yaml(original, out)
    again = load_yaml(out)
    assert again == original
    assert again.content_hash() == original.content_hash()


def test_forecast_without_arguments_uses_this_scenario(tmp_path):
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")
    done = subprocess.run([sys.executable, "-m", "accord", "forecast"], capture_output=True,
                          text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    scenario = load_builtin(SCENARIO_ID)
    assert scenario.title in done.stdout
    for issue in scenario.issues:
        assert issue.name in done.stdout, issue.name


def test_forecast_in_process(capsys):
    from accord.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["forecast"])
    assert exc.value.code == 0
    out = " ".join(capsys.readouterr().out.split())  # narrow terminals wrap table titles
    for issue in load_builtin(SCENARIO_ID).issues:
        assert " ".join(issue.name.split()) in out


def test_korybkos_trade_crosses_ukraines_red_line(scenario):
    # Seed 000, point 3: Ukraine withdraws from the Donbas for US guarantees and a NATO troop
    # presence. Withdrawal (100) lies past Ukraine's red line (≤ 25, at most 50 in its range):
    # whatever the guarantees are worth to it, the package is refused.
    st = scenario.stance("ukraine", "donbas")
    assert st.red_line_side() == "at_most" and max(st.red_line.value_range) < 100
    assert not st.red_line.accepts(100, "at_most")


def test_no_zone_on_the_donbas_names_both_red_lines(scenario):
    # Russia: at least 50 (a demilitarised zone after Ukrainian withdrawal); Ukraine: at most 25.
    # The highest lower limit passes the lowest upper one, so no outcome is inside both.
    from accord.whether.agreement import assess

    a = assess(scenario, n=0)
    donbas = a.to_dict()["issues"]["donbas"]
    assert donbas == {"status_quo": 0.0, "zone": None, "blocking": ["russia", "ukraine"]}
    assert "no zone on Donbas territory: Russia's red line ≥ 50, Ukraine's red line ≤ 25" in a.line()
