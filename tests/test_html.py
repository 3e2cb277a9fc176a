"""Notebook views and table forms of every public record and result, rendered from the
nomenclature the object came from (a company's own titles, escaped)."""

from __future__ import annotations

import json
import pickle
from collections.abc import Hashable
from html.parser import HTMLParser
from typing import Any

import attrs
import pandas as pd
import pytest

import cigref_ecf
from cigref_ecf import CompetenceRequirement, LevelRequirement

EVIL_PROFILE = "Architecte <SI> & Cie"
EVIL_COMPETENCE = "Conception <sûre> & rapide"
EVIL_B1 = "Développement <maison>"
EVIL_FAMILY = "Informatique <maison> & co"
CODE = "IT-ARCH-03"


@pytest.fixture(scope="module")
def company() -> cigref_ecf.Nomenclature:
    """The bundled nomenclature plus a company competence (B9), family (IT) and profile
    (IT-ARCH-03)."""
    base = cigref_ecf.job_profile("3.2")
    b9 = attrs.evolve(
        cigref_ecf.competence("B1"), code="B9", title=EVIL_COMPETENCE, description="<b>x</b>"
    )
    mine = attrs.evolve(
        base,
        code=CODE,
        family="IT",
        title=EVIL_PROFILE,
        competences=(
            *base.competences,
            CompetenceRequirement(competence="B9", level=LevelRequirement.parse("3")),
        ),
    )
    it = cigref_ecf.Family(code="IT", title=EVIL_FAMILY, description="<b>ours</b>")
    return cigref_ecf.extend(competences=[b9], families=[it], profiles=[mine])


class _Checker(HTMLParser):
    """Collects tags and text; HTML with an unescaped ``<SI>`` would show an ``si`` tag."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def render(obj: object) -> str:
    html = obj._repr_html_()  # type: ignore[attr-defined]
    assert isinstance(html, str)
    checker = _Checker()
    checker.feed(html)
    assert checker.tags <= {"h4", "p", "table", "tr", "th", "td", "i", "br", "span"}, checker.tags
    return "".join(checker.text)


def test_every_record_and_result_has_a_notebook_view(company: cigref_ecf.Nomenclature) -> None:
    n = company
    profile = cigref_ecf.job_profile(CODE, nomenclature=n)
    team = cigref_ecf.read_assessments(
        {"<ana>": {"B9": 2, "B1": 3}, "bob": {"B3": 2}}, nomenclature=n
    )
    report = cigref_ecf.gap(profile, team["<ana>"], nomenclature=n)
    needs = cigref_ecf.training_needs(profile, team, nomenclature=n)
    options = cigref_ecf.mobility("3.2", team["<ana>"], limit=None, nomenclature=n)
    shown = {
        "JobProfile": (profile, [EVIL_PROFILE, EVIL_COMPETENCE]),
        "Family": (cigref_ecf.family("IT", nomenclature=n), [EVIL_FAMILY, EVIL_PROFILE, "<b>ours"]),
        "Competence": (cigref_ecf.competence("B9", nomenclature=n), [EVIL_COMPETENCE, "<b>x</b>"]),
        "Level": (cigref_ecf.level(3, nomenclature=n), ["Senior Professional/Manager"]),
        "Dimension": (cigref_ecf.dimension("B", nomenclature=n), ["BUILD"]),
        "Erratum": (cigref_ecf.errata(nomenclature=n)[0], [cigref_ecf.errata()[0].id]),
        "Assessment": (team["<ana>"], [EVIL_COMPETENCE]),
        "Team": (team, ["<ana>", "B9"]),
        "GapReport": (report, [EVIL_PROFILE, EVIL_COMPETENCE]),
        "GapItem": (report.items[-1], ["B9"]),
        "Ranking": (cigref_ecf.rank_profiles(team["<ana>"], nomenclature=n), [EVIL_PROFILE]),
        "MobilityOptions": (options, [EVIL_PROFILE]),
        "MobilityOption": (next(o for o in options if o.profile.code == CODE), [EVIL_COMPETENCE]),
        "SimilarProfiles": (cigref_ecf.similar_profiles("3.2", nomenclature=n), [EVIL_PROFILE]),
        "TrainingNeeds": (needs, [EVIL_COMPETENCE, "<ana>"]),
        "TrainingNeed": (next(t for t in needs if t.competence == "B9"), [EVIL_COMPETENCE]),
        "SearchHits": (cigref_ecf.search("architecte", nomenclature=n), [EVIL_PROFILE]),
        "SearchHit": (cigref_ecf.search(CODE, nomenclature=n)[0], [EVIL_PROFILE, CODE]),
        "Matrix": (cigref_ecf.matrix(nomenclature=n), [CODE, "B9"]),
    }
    for name, (obj, texts) in shown.items():
        text = render(obj)
        for expected in texts:
            assert expected in text, (name, expected)
    raw = profile._repr_html_()
    assert "Architecte &lt;SI&gt; &amp; Cie" in raw


def test_a_profile_shows_the_titles_of_its_own_nomenclature() -> None:
    data = json.loads(cigref_ecf.to_json())
    next(c for c in data["competences"] if c["code"] == "B1")["title"] = EVIL_B1
    ours = cigref_ecf.load_json(json.dumps(data))
    text = render(cigref_ecf.job_profile("3.2", nomenclature=ours))
    assert EVIL_B1 in text
    assert "Design and Development" not in text
    assert "Design and Development" in render(cigref_ecf.job_profile("3.2"))
    report = cigref_ecf.gap("3.2", {"B1": 3}, nomenclature=ours)
    assert EVIL_B1 in render(report)
    assert report.to_records()[2]["title"] == EVIL_B1


def test_every_collection_is_a_table(company: cigref_ecf.Nomenclature) -> None:
    n = company
    team = {"ana": {"B9": 2, "B1": 3}, "bob": {"B3": 2}}
    results: dict[str, tuple[Any, tuple[str, ...]]] = {
        "rank_profiles": (
            cigref_ecf.rank_profiles(team["ana"], limit=3, nomenclature=n),
            ("rank", "profile", "title", "score", "met", "required", "shortfall"),
        ),
        "mobility": (
            cigref_ecf.mobility("3.2", team["ana"], nomenclature=n),
            (
                "rank",
                "profile",
                "title",
                "score",
                "met",
                "required",
                "shortfall",
                "similarity",
                "to_develop",
            ),
        ),
        "similar_profiles": (
            cigref_ecf.similar_profiles("3.2", nomenclature=n),
            ("profile", "title", "similarity"),
        ),
        "training_needs": (
            cigref_ecf.training_needs(CODE, team, nomenclature=n),
            ("competence", "title", "people", "total_shortfall", "shortfalls"),
        ),
        "search": (
            cigref_ecf.search("architecte", nomenclature=n),
            ("kind", "code", "title", "field", "matched", "score"),
        ),
        "gap": (
            cigref_ecf.gap(CODE, team["ana"], nomenclature=n),
            ("competence", "title", "requirement", "assessed", "status", "shortfall"),
        ),
        "team": (
            cigref_ecf.read_assessments(team, nomenclature=n),
            ("person", "competence", "level"),
        ),
    }
    for name, (result, columns) in results.items():
        records = result.to_records()
        assert records, name
        assert all(tuple(r) == columns for r in records), name
        json.dumps(records)  # plain values only
        frame = result.to_pandas()
        assert isinstance(frame, pd.DataFrame), name
        assert tuple(frame.columns) == columns, name
        plain = frame.astype(object).where(frame.notna(), None)
        assert plain.to_dict("records") == records, name
    ranking: Any = results["rank_profiles"][0]
    assert isinstance(ranking, tuple)  # still the tuple it was
    assert isinstance(ranking, cigref_ecf.Ranking)
    assert ranking == tuple(ranking) and ranking[0] is next(iter(tuple(ranking)))
    assert [r["rank"] for r in ranking.to_records()] == [1, 2, 3]
    assert pickle.loads(pickle.dumps(ranking)) == ranking
    empty = cigref_ecf.search("zzzz", nomenclature=n)
    assert list(empty.to_pandas().columns) == list(results["search"][1])
    needs: Any = results["training_needs"][0]
    b9 = next(r for r in needs.to_records() if r["competence"] == "B9")
    assert b9 == {
        "competence": "B9",
        "title": EVIL_COMPETENCE,
        "people": 2,
        "total_shortfall": 4,
        "shortfalls": "bob:3 ana:1",
    }
    hits = results["search"][0]
    assert cigref_ecf.to_data(hits) == [cigref_ecf.to_data(h) for h in hits]


def test_training_needs_print_readably() -> None:
    needs = cigref_ecf.training_needs("3.3", {"ana": {"B3": 2}, "bob": {"B3": 3}})
    assert repr(needs[0]) == "<TrainingNeed D10: 2 people, shortfall 6>"


def _overlay(title: str) -> cigref_ecf.Nomenclature:
    """The bundled nomenclature with profile 3.2 retitled (an overlay)."""
    return cigref_ecf.load_json(json.dumps({"base": "cigref", "rename_profiles": {"3.2": title}}))


def test_each_nomenclature_shows_its_own_titles_whatever_was_built_last() -> None:
    """A record's view uses the nomenclature it was built into, not the newest one in the
    process: two overlays made one after the other each show their own profile titles."""
    first, second = _overlay("Développeur <un>"), _overlay("Développeur <deux>")
    for n, mine, other in ((first, "<un>", "<deux>"), (second, "<deux>", "<un>")):
        text = render(cigref_ecf.family("3", nomenclature=n))
        assert f"Développeur {mine}" in text
        assert other not in text
    bundled = render(cigref_ecf.family("3"))
    assert "Concepteur - développeur" in bundled
    assert "<un>" not in bundled
    assert "<deux>" not in bundled
    # the bundled records themselves are untouched: still the bundled nomenclature's
    unchanged = cigref_ecf.job_profile("3.3", nomenclature=first)
    assert unchanged == cigref_ecf.job_profile("3.3")
    assert "Testing" in render(unchanged)


def test_no_nomenclature_is_kept_alive_for_the_views() -> None:
    """Nothing process-wide holds a nomenclature: once dropped it is freed, and its records,
    still held, show their own fields and codes with no titles (none is guessed)."""
    import gc
    import weakref

    n = _overlay("Développeur <seul>")
    family = cigref_ecf.family("3", nomenclature=n)
    profile = cigref_ecf.job_profile("3.2", nomenclature=n)
    assert "Développeur <seul>" in render(family)
    assert "Design and Development" in render(profile)
    ref = weakref.ref(n)
    del n
    gc.collect()
    assert ref() is None
    alone = render(family)
    assert "3.2" in alone
    assert "<seul>" not in alone
    assert "Design and Development" not in render(profile)
    assert "Développeur <seul>" in render(profile)  # its own title still shows


def test_a_copied_or_unpickled_record_is_equal_and_belongs_to_no_nomenclature() -> None:
    import copy

    profile = cigref_ecf.job_profile("3.2")
    for clone in (
        pickle.loads(pickle.dumps(profile)),
        copy.deepcopy(profile),
        copy.copy(profile),
    ):
        assert clone == profile
        assert hash(clone) == hash(profile)
        assert "Design and Development" not in render(clone)
        assert "Concepteur - développeur" in render(clone)
    family = cigref_ecf.family("3")
    assert pickle.loads(pickle.dumps(family)) == family


class _Styled(HTMLParser):
    """Each text with the inline styles of the elements around it, and the h4 headings."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.texts: list[tuple[str, str]] = []
        self.headings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append((tag, dict(attrs).get("style") or ""))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        styles = ";".join(style for _, style in self.stack)
        self.texts.append((data, styles))
        if self.stack and self.stack[-1][0] == "h4":
            self.headings.append(data)


def styled(obj: object) -> _Styled:
    parser = _Styled()
    parser.feed(obj._repr_html_())  # type: ignore[attr-defined]
    return parser


def test_training_needs_view_names_the_target(company: cigref_ecf.Nomenclature) -> None:
    team = {"ana": {"B3": 2}, "bob": {"B1": 2}}
    one = styled(cigref_ecf.training_needs("3.3", team))
    assert one.headings == ["Training needs towards 3.3 Testeur"]
    targets: dict[Hashable, str | cigref_ecf.JobProfile] = {"ana": "3.3", "bob": "3.2"}
    both = styled(cigref_ecf.training_needs(targets, team))
    assert both.headings == ["Training needs towards 3.3 Testeur, 3.2 Concepteur - développeur"]
    ours = cigref_ecf.training_needs(CODE, team, nomenclature=company)
    assert ours.targets == (cigref_ecf.job_profile(CODE, nomenclature=company),)
    assert styled(ours).headings == [f"Training needs towards {CODE} {EVIL_PROFILE}"]
    assert "Architecte &lt;SI&gt; &amp; Cie" in ours._repr_html_()
    assert pickle.loads(pickle.dumps(ours)).targets == ours.targets


def test_ranges_do_not_wrap(company: cigref_ecf.Nomenclature) -> None:
    """Every requirement of several levels ("2-4", "1/3") shown in a view is in an element
    styled ``white-space:nowrap``."""
    views = {
        "matrix": cigref_ecf.matrix(nomenclature=company),
        "profile": cigref_ecf.job_profile("3.4", nomenclature=company),
        "gap": cigref_ecf.gap("3.2", {"B1": 3}, nomenclature=company),
        "mobility": cigref_ecf.mobility("3.3", limit=None, nomenclature=company)[0],
    }
    several = {str(r) for _, _, r in cigref_ecf.matrix() if len(r.levels) > 1}
    assert {"2-4", "1/3"} <= several
    for name, obj in views.items():
        found = [(text, style) for text, style in styled(obj).texts if text in several]
        assert found, name
        for text, style in found:
            assert "white-space:nowrap" in style, (name, text)
