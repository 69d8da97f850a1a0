"""The fast YAML path reads every file exactly as the round-trip parser does, or hands it over.

The oracle is ruamel's round-trip parser (YAML 1.2), which read every scenario before the C
parser was added: for each document, the fast path must give the same plain data or decline
(None), never something else. Error messages stay ruamel's (tests/scenario/test_validation.py).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import accord
from accord.errors import ScenarioError
from accord.scenario.builtin import builtin_ids, builtin_path
from accord.scenario.io.yaml import _plain, fast_plain, read_tree

REPO = Path(__file__).resolve().parents[2]
# the evidence set's git-ignored cache holds the labellers' working files (lists of passages,
# not scenarios) where they exist: not repository files
IGNORED = REPO / "benchmarks" / "evidence" / "cache"
YAML_FILES = sorted({*(builtin_path(i) for i in builtin_ids()), *REPO.glob("tests/**/*.yaml"),
                     *(p for p in REPO.glob("benchmarks/**/*.yaml")
                       if not p.is_relative_to(IGNORED))})


def ruamel_plain(text: str):
    return _plain(read_tree(text, None))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_yaml_file_in_the_repository_reads_the_same(path):
    text = path.read_text(encoding="utf-8")
    fast = fast_plain(text)
    if path.parent.name == "builtin":
        assert fast is not None  # the built-ins must take the fast path
    if fast is not None:
        assert fast == ruamel_plain(text)
        assert [type(v) for v in fast.values()] == [type(v) for v in ruamel_plain(text).values()]


# Scalars where YAML 1.1 (PyYAML's default) and 1.2 (ruamel's) disagree, and forms the fast
# path leaves to ruamel. Each value is what ruamel reads.
SCALARS = [
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("y", "y"), ("NO", "NO"),
    ("true", True), ("False", False), ("~", None), ("null", None), ("", None),
    ("1e3", 1000.0), ("-2.5E-1", -0.25), ("7", 7), ("-0", 0), (".5", 0.5), ("3.", 3.0),
    ("2026-01-30", __import__("datetime").date(2026, 1, 30)), ("1:20", "1:20"),
    ("'017'", "017"), ('"1e3"', "1e3"), ("0x_z", "0x_z"),
]


@pytest.mark.parametrize("raw, value", SCALARS)
def test_scalars_read_as_yaml_1_2(raw, value):
    text = f"v: {raw}\n"
    assert ruamel_plain(text) == {"v": value}  # the oracle agrees with the table
    fast = fast_plain(text)
    assert fast == {"v": value} and type(fast["v"]) is type(value)


@pytest.mark.parametrize("text", [
    "v: 017\n", "v: 0o17\n", "v: 1_000\n", "v: 0x1F\n", "v: .inf\n", "v: 2026-01-30 10:00:00\n",
    "a: 1\na: 2\n", "base: &b {x: 1}\nv:\n  <<: *b\n", "%YAML 1.1\n---\nv: no\n",
    "v: !!set {a, b}\n", "v: [1, 2\n",
])
def test_what_only_ruamel_decides_is_handed_over(text):
    assert fast_plain(text) is None


def _bomb(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for k in range(1, levels):
        ref = f"*a{k - 1}"
        lines.append(f"a{k}: &a{k} [{', '.join([ref] * 10)}]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_once_with_its_line(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(_bomb(9), encoding="utf-8")    # 10**9 leaves once expanded
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as exc:
        accord.load(path)
    assert time.perf_counter() - start < 5  # refused while reading, never expanded
    # the node a5 (line 6) is the first whose expansion passes 10**6: 1 + 10·(1 + 10·(…)) nodes
    assert str(exc.value) == (f"{path}:6: YAML aliases expand this document past 1,000,000 "
                              "nodes; expected a scenario without alias bombs")


def test_recursive_alias_is_refused(tmp_path):
    path = tmp_path / "loop.yaml"
    path.write_text("id: x\ntitle: &t [a, *t]\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        accord.load(path)
    assert "refers to the node that contains it" in str(exc.value) and ":2:" in str(exc.value)
