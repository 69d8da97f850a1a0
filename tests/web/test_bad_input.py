"""Bad input to the workbench gets a clear 4xx naming the field, the value given and what is
expected — never a silent clamp or default — and stores nothing (December 2026 sweep)."""

from __future__ import annotations

import html as htmllib

import pytest

EC = "ec-emissions-1994"


def stored_scenarios(app) -> int:
    with app.state.store.connection() as conn:
        return conn.execute("SELECT count(*) FROM scenarios").fetchone()[0]


# --- a scenario upload with a YAML tag ----------------------------------------------------------

@pytest.mark.parametrize("text,line,tag", [
    ("id: x\ntitle: T\nactors:\n  - {id: a, name: !!python/object/apply:os.system [ls]}\n", 4,
     "!!python/object/apply:os.system"),
    ("- !!python/tuple [1, 2]\n", 1, "!!python/tuple"),
    ("id: x\ntitle: !custom T\n", 2, "!custom"),
])
def test_a_yaml_tag_is_refused_with_its_line_and_nothing_stored(app, client, token, text, line,
                                                                 tag):
    r = client.post("/scenarios", files={"file": ("tagged.yaml", text.encode())},
                    data={"csrf_token": token})
    assert r.status_code == 422
    assert (f"tagged.yaml:{line}: YAML tag {tag!r}: tags are not allowed in a scenario"
            in htmllib.unescape(r.text))
    assert stored_scenarios(app) == 0
