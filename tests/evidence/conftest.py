"""Shared, session-scoped fixtures: the scenario, one extractor (the tagger and lingua are built once),
the seed articles read and parsed once, the hand annotations, and the labelled set's loader and
scorer (``benchmarks/evidence/dataset.py``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

HERE = Path(__file__).parent
DATASET = HERE.parents[1] / "benchmarks" / "evidence" / "dataset.py"


def _article_path(name: str) -> Path:
    """A seed article as packaged with Accord, or a test article next to this file."""
    from accord.scenario.builtin import source_text_path

    local = HERE / name
    return local if local.exists() else source_text_path(name)


@pytest.fixture(scope="session")
def ds():
    """``benchmarks/evidence/dataset.py`` (a script beside the labelled set, not a package)."""
    spec = importlib.util.spec_from_file_location("evidence_dataset", DATASET)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def article_path():
    return _article_path


@pytest.fixture(scope="session")
def scenario():
    from accord.api import load

    return load("ukraine-talks-2026-01")


@pytest.fixture(scope="session")
def mini_scenario():
    from accord.api import load

    return load(HERE / "talks-mini.yaml")


@pytest.fixture(scope="session")
def extractor(scenario):
    from accord.evidence.extract import Extractor

    return Extractor(scenario)


@pytest.fixture(scope="session")
def annotations():
    return YAML(typ="safe").load((HERE / "annotations.yaml").read_text(encoding="utf-8"))["sources"]


@pytest.fixture(scope="session")
def parsed(annotations):
    """name → ParsedSource for every annotated article (the seeds and the test articles)."""
    from accord.evidence.ingest import read_document
    from accord.evidence.provenance import parse_provenance

    return {name: parse_provenance(read_document(_article_path(name))) for name in annotations}


@pytest.fixture(scope="session")
def statements(parsed, extractor):
    return {name: extractor.extract(p) for name, p in parsed.items()}
