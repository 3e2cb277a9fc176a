"""The public API is guarded: any change to a public name, signature, field or member fails here
until the checked-in snapshot (tests/public_api.txt) is regenerated and the change is recorded in
the CHANGELOG (the policy: docs, API reference, "Compatibility")."""

from __future__ import annotations

import difflib

import pytest

from .conftest import load_tool

HOW = (
    "The public API differs from tests/public_api.txt. If the change is deliberate, regenerate "
    "the snapshot with `python tools/api_snapshot.py --write`, review its diff, and add an entry "
    "to CHANGELOG.md under 'Unreleased' (marked 'breaking' when it removes or changes something "
    "callers use; see the compatibility policy in the API reference)."
)


def test_the_public_api_matches_the_snapshot() -> None:
    import attrs

    import cigref_ecf

    # Whether or not another test (hypothesis' st.builds) resolved the attrs fields' types into
    # objects first, the snapshot reads the annotations as the source writes them.
    for name in cigref_ecf.__all__:
        obj = getattr(cigref_ecf, name)
        if isinstance(obj, type) and attrs.has(obj):
            attrs.resolve_types(obj)
    snapshot = load_tool("api_snapshot")
    expected = snapshot.SNAPSHOT.read_text(encoding="utf-8")
    actual = snapshot.text()
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(),
            actual.splitlines(),
            "tests/public_api.txt (checked in)",
            "the package now",
            lineterm="",
        )
        raise AssertionError(HOW + "\n" + "\n".join(diff))


def test_the_snapshot_sees_every_public_name() -> None:
    import cigref_ecf
    import cigref_ecf.exceptions

    lines = load_tool("api_snapshot").lines()
    named = {
        line.split()[1].split("(")[0]
        for line in lines
        if line.startswith("  ") and not line.startswith("    ")
    }
    assert named == set(cigref_ecf.__all__) | set(cigref_ecf.exceptions.__all__)


def test_a_changed_default_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshot holds what callers rely on: here, one default of ``search`` changed."""
    import cigref_ecf

    snapshot = load_tool("api_snapshot")
    before = snapshot.lines()
    original = cigref_ecf.search

    def search(
        text: str, *, kind: object = None, limit: int | None = 20, nomenclature: object = None
    ) -> object:
        return original(text)

    monkeypatch.setattr(cigref_ecf, "search", search)
    after = snapshot.lines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(before) == len(after) and len(changed) == 1
    assert "limit: int | None = 10" in changed[0][0]
    assert "limit: int | None = 20" in changed[0][1]
