"""The built-ins' validated form in the cache folder (accord.scenario.builtin.validated, issue 18).

What is checked: a scenario from the cache equals the one parsed from its YAML, field for field;
an entry made from other bytes is never used; a damaged entry is ignored and written again; a
cache folder that cannot be used changes nothing; ``XDG_CACHE_HOME`` is where the entry goes
when ``ACCORD_CACHE_DIR`` is not set.
"""

from __future__ import annotations

import json
import shutil

import pytest

from accord.scenario import builtin
from accord.scenario.builtin import builtin_ids, builtin_path, load_builtin
from accord.scenario.builtin import validated as cache
from accord.scenario.io.yaml import load_yaml


@pytest.fixture
def fresh(monkeypatch, tmp_path):
    """An empty cache folder and no scenario kept in this process, before and after."""
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(tmp_path / "cache"))
    builtin._load.cache_clear()
    yield tmp_path / "cache"
    builtin._load.cache_clear()


def no_yaml(monkeypatch):
    """Make parsing YAML fail: a load that succeeds then came from the cache."""
    import accord.scenario.io.yaml as yaml_io

    def fail(*args, **kwargs):
        raise AssertionError("parsed the YAML although the cache holds the scenario")
    monkeypatch.setattr(yaml_io, "scenario_from_yaml_text", fail)


@pytest.mark.parametrize("scenario_id", builtin_ids())
def test_cached_equals_parsed(scenario_id, fresh, monkeypatch):
    parsed = load_yaml(builtin_path(scenario_id))
    first = load_builtin(scenario_id)            # parses and keeps the entry
    assert (fresh / f"scenario-{scenario_id}.json").is_file()
    builtin._load.cache_clear()
    with monkeypatch.context() as m:
        no_yaml(m)
        cached = load_builtin(scenario_id)       # from the entry alone
    assert cached.model_dump() == first.model_dump() == parsed.model_dump()
    assert cached == parsed


def test_a_changed_file_is_parsed_again(fresh, monkeypatch, tmp_path):
    """An entry is found by the SHA-256 of the file's bytes: an edited file is read afresh and
    its entry replaced."""
    folder = tmp_path / "builtin"
    folder.mkdir()
    shutil.copy(builtin_path("ec-emissions-1994"), folder / "ec-emissions-1994.yaml")
    monkeypatch.setattr(builtin, "_dir", lambda: folder)
    before = load_builtin("ec-emissions-1994")
    entry = fresh / "scenario-ec-emissions-1994.json"
    old_header = entry.read_bytes().partition(b"\n")[0]

    path = folder / "ec-emissions-1994.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"title: {before.title}" in text
    path.write_text(text.replace(f"title: {before.title}", "title: Edited title", 1),
                    encoding="utf-8")
    builtin._load.cache_clear()
    after = load_builtin("ec-emissions-1994")
    assert after.title == "Edited title" and before.title != "Edited title"
    assert json.loads(entry.read_bytes().partition(b"\n")[0])["key"] != \
        json.loads(old_header)["key"]


def test_other_reading_code_is_another_key(monkeypatch):
    """Entries depend on the code that reads the file too: other code, other key."""
    data = builtin_path("ec-emissions-1994").read_bytes()
    key = cache.entry_key(data)
    monkeypatch.setattr(cache, "code_fingerprint", lambda: b"other reader")
    assert cache.entry_key(data) != key


@pytest.mark.parametrize("damage", ["garbage", "truncated", "payload edited", "other id",
                                    "empty"])
def test_a_damaged_entry_is_ignored_and_rewritten(damage, fresh):
    expected = load_builtin("ec-emissions-1994")
    entry = fresh / "scenario-ec-emissions-1994.json"
    good = entry.read_bytes()
    header, _, payload = good.partition(b"\n")
    if damage == "garbage":
        entry.write_bytes(b"\x00\xffnot json at all")
    elif damage == "truncated":
        entry.write_bytes(good[: len(good) // 2])
    elif damage == "payload edited":  # the checksum in the header no longer matches
        assert b"Netherlands" in payload
        entry.write_bytes(header + b"\n" + payload.replace(b"Netherlands", b"Netherlandz", 1))
    elif damage == "other id":
        meta = json.loads(header)
        meta["id"] = "ukraine-talks-2026-01"
        entry.write_bytes(json.dumps(meta).encode() + b"\n" + payload)
    else:
        entry.write_bytes(b"")
    builtin._load.cache_clear()
    assert load_builtin("ec-emissions-1994").model_dump() == expected.model_dump()
    assert entry.read_bytes() == good          # written again, whole


def test_an_unusable_cache_folder_changes_nothing(monkeypatch, tmp_path):
    """A cache "folder" that is a file: nothing can be read or written there; loading works."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("ACCORD_CACHE_DIR", str(blocker))
    builtin._load.cache_clear()
    try:
        s = load_builtin("ec-emissions-1994")
    finally:
        builtin._load.cache_clear()
    assert s.model_dump() == load_yaml(builtin_path("ec-emissions-1994")).model_dump()
    assert blocker.read_text() == "x"


def test_no_fingerprint_no_cache(fresh, monkeypatch):
    """When the reading code cannot be fingerprinted (its sources are not files, say), the
    built-in is parsed and nothing is kept."""
    def unreadable():
        raise OSError("no sources")
    monkeypatch.setattr(cache, "code_fingerprint", unreadable)
    s = load_builtin("ec-emissions-1994")
    assert s.model_dump() == load_yaml(builtin_path("ec-emissions-1994")).model_dump()
    assert not fresh.exists() or not any(fresh.iterdir())


def test_xdg_cache_home_is_respected(monkeypatch, tmp_path):
    monkeypatch.delenv("ACCORD_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    builtin._load.cache_clear()
    try:
        load_builtin("ec-emissions-1994")
    finally:
        builtin._load.cache_clear()
    assert (tmp_path / "xdg" / "accord" / "scenario-ec-emissions-1994.json").is_file()


def test_a_user_file_is_never_cached(fresh, tmp_path):
    """Only built-ins are kept: a user's copy of one is parsed (and its errors located) as
    before, and leaves nothing in the cache folder."""
    import accord

    copy = tmp_path / "mine.yaml"
    shutil.copy(builtin_path("ec-emissions-1994"), copy)
    accord.load(str(copy))
    assert not fresh.exists() or not any(fresh.iterdir())
