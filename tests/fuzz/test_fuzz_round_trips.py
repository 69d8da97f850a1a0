"""Round trips, fuzzed: any scenario a format can hold is written and read back unchanged.

Scenarios are generated (names in any script, numbers across the range, one to five actors,
one to three issues); each format is checked on what it holds (DESIGN: lossless where the
format allows): YAML everything; the Actor,Capability,Position,Salience CSV one issue with
names, capabilities, positions, saliences and the scale; KTAB's CSV and XML names,
descriptions, capabilities, positions and saliences on its 0–100 scale; decide's file actors,
issues with their scales, stances and capabilities."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fuzzing import FUZZ
from hypothesis import assume, given
from hypothesis import strategies as st

import accord
from accord.scenario.io import slug
from accord.scenario.model import Actor, Capability, Issue, Scenario, Stance

# Text a name may hold: any letter, digit, punctuation or space of any script; no control
# characters (refused on reading), no line breaks, no surrounding spaces (readers strip cells).
NAME = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")),
               min_size=1, max_size=16).map(str.strip).filter(bool)
NUMBER = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def scenarios(draw, *, issues: tuple[int, int] = (1, 3), ktab: bool = False) -> Scenario:
    names = draw(st.lists(NAME, min_size=1, max_size=5, unique_by=lambda n: slug(n).lower()))
    actors = [Actor(id=slug(n), name=n) for n in names]
    n_issues = draw(st.integers(*issues))
    issue_list = []
    for k in range(n_issues):
        if ktab:
            low, high = 0.0, 100.0
        else:
            low = draw(NUMBER)
            high = draw(st.floats(low + 1e-3, low + 1e6, allow_nan=False))
        issue_list.append(Issue(id=f"i{k}", name=draw(NAME), low=low, high=high))
    stances, caps = [], []
    for a in actors:
        budget = 100.0
        total = 0.0
        for issue in issue_list:
            if ktab:
                # KTAB holds a salience as a percentage P of the actor's attention (at most 100
                # in all) and KTAB reads P / 100: what it can hold is such a quotient.
                percent = float(f"{draw(st.floats(0, budget)):.2f}")
                salience = percent / 100.0
                budget = max(0.0, budget - percent)
                total += percent  # summed as KTAB sums them: 98.4 + 0.62 + 0.98 > 100
                assume(total <= 100.0)
            else:
                salience = draw(st.floats(0, 1.0))
            stances.append(Stance(actor=a.id, issue=issue.id, salience=salience,
                                  position=draw(st.floats(issue.low, issue.high))))
        caps.append(Capability(actor=a.id, value=draw(st.floats(0, 1e6))))
    return Scenario(id="fuzz", title=draw(NAME), actors=actors, issues=issue_list,
                    stances=stances, capabilities=caps)


def numbers(s: Scenario) -> list[tuple]:
    return [(a.name, s.capability(a.id), *[(s.stance(a.id, i.id).position,
                                            s.stance(a.id, i.id).salience) for i in s.issues])
            for a in s.actors]


def saved_and_read(s: Scenario, name: str, fmt: str) -> Scenario:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        accord.save(s, path, format=fmt)
        return accord.load(str(path), format=fmt)


@FUZZ
@given(s=scenarios())
def test_yaml_holds_everything(s):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "s.yaml"
        accord.save(s, path)
        again = accord.load(str(path))
        assert again == s
        accord.save(again, Path(tmp) / "t.yaml")
        assert (Path(tmp) / "t.yaml").read_bytes() == path.read_bytes()


@FUZZ
@given(s=scenarios(issues=(1, 1)))
def test_the_simple_csv_holds_one_issue(s):
    again = saved_and_read(s, "s.csv", "simple-csv")
    assert numbers(again) == numbers(s)
    assert (again.issues[0].low, again.issues[0].high) == (s.issues[0].low, s.issues[0].high)


@pytest.mark.parametrize("fmt,name", [("ktab-csv", "k.csv"), ("ktab-xml", "k.xml")])
@FUZZ
@given(s=scenarios(ktab=True), data=st.data())
def test_ktab_holds_names_descriptions_and_numbers(fmt, name, s, data):
    described = s.model_copy(update={"actors": [
        a.model_copy(update={"note": data.draw(st.none() | NAME)}) for a in s.actors]})
    again = saved_and_read(described, name, fmt)
    assert numbers(again) == numbers(described)
    assert [a.note for a in again.actors] == [a.note for a in described.actors]
    assert [i.name for i in again.issues] == [i.name for i in described.issues]
    assert again.title == described.title


@FUZZ
@given(s=scenarios())
def test_decide_holds_actors_issues_and_stances(s):
    again = saved_and_read(s, "d.csv", "decide")
    assert [(a.id, a.name) for a in again.actors] == [(a.id, a.name) for a in s.actors]
    assert [(i.id, i.name, i.low, i.high) for i in again.issues] == \
        [(i.id, i.name, i.low, i.high) for i in s.issues]
    assert numbers(again) == numbers(s)
