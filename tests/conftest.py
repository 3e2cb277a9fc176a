from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import cigref_ecf

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sources" / "cigref-nomenclature-2010.txt"


@pytest.fixture(scope="session")
def nomenclature() -> cigref_ecf.Nomenclature:
    return cigref_ecf.load()
