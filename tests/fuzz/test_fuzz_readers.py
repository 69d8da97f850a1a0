"""Fuzzing every reader: mutated seed files, bytes of any kind, and every text encoding — each
loads or is refused with a located message, never a traceback (see fuzzing.py)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fuzzing import FUZZ, NEEDS_SEEDS, SEEDS, files_of, mutated, read, seed_files
from hypothesis import assume, given
from hypothesis import strategies as st

from accord.errors import AccordError
from accord.scenario.model import Scenario

pytestmark = NEEDS_SEEDS


@pytest.mark.parametrize("name", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_a_mutated_file_loads_or_is_refused_with_a_located_message(name, data):
    with tempfile.TemporaryDirectory() as tmp:
        target = seed_files(name, Path(tmp))
        victim = data.draw(st.sampled_from(files_of(target)))
        text = victim.read_text(encoding="utf-8-sig")
        victim.write_text(data.draw(mutated(text)), encoding="utf-8")
        read(target)


@pytest.mark.parametrize("suffix", [".yaml", ".csv", ".xml", ".json", ".txt", ""])
@FUZZ
@given(blob=st.binary(max_size=3000) | st.text(max_size=3000).map(str.encode))
def test_any_bytes_load_or_are_refused(suffix, blob):
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"input{suffix}"
        target.write_bytes(blob)
        read(target)


@pytest.mark.parametrize("name", ["scenario.yaml", "simple.csv", "ktab.csv", "ktab.xml",
                                  "decide.csv", "geniusweb"])
@FUZZ
@given(codec=st.sampled_from(["utf-8-sig", "utf-16", "utf-32", "utf-16-le", "utf-16-be",
                              "latin-1", "cp1252"]),
       accent=st.booleans())
def test_every_encoding_reads_as_its_utf8_original_or_is_refused(name, codec, accent):
    # A byte-order mark says the encoding: such a file reads exactly as its UTF-8 original.
    # Any other encoding of non-ASCII text is refused, never guessed (ASCII is UTF-8 already).
    with tempfile.TemporaryDirectory() as tmp:
        target = seed_files(name, Path(tmp))
        victim = files_of(target)[-1]
        text = victim.read_text(encoding="utf-8-sig")
        if accent:  # a non-ASCII character in a name (any format's first quoted or named text)
            text = text.replace("Netherlands", "Nederländerna").replace("China", "Chïna") \
                .replace("Alice", "Alïce").replace("Food", "Föod").replace("EU", "EÜ", 1)
        victim.write_text(text, encoding="utf-8")
        plain = read(target)
        xml = victim.suffix == ".xml"
        if xml:  # the declaration must name what the bytes are
            declared = {"utf-16": "UTF-16", "utf-32": "UTF-32", "utf-16-le": "UTF-16LE",
                        "utf-16-be": "UTF-16BE", "latin-1": "ISO-8859-1",
                        "cp1252": "windows-1252"}.get(codec, "UTF-8")
            text = text.replace('encoding="UTF-8"', f'encoding="{declared}"')
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:  # the text has characters this code page cannot hold
            assume(False)
        victim.write_bytes(data)
        again = read(target)
        bom = codec in ("utf-8-sig", "utf-16", "utf-32")
        if xml or bom or text.isascii() and codec in ("latin-1", "cp1252"):
            same = again == plain if isinstance(plain, Scenario) else \
                isinstance(again, AccordError)
            assert same, (codec, again)
        elif not text.isascii() or codec.startswith("utf-16"):
            assert isinstance(again, AccordError), codec
