"""Helpers of the RDF and SQL export tests: small and company nomenclatures, graph comparison."""

from __future__ import annotations

import functools
import json
from collections import Counter
from typing import Any

import cigref_ecf

CECF = "https://cigref-ecf.github.io/cigref-ecf/vocab#"
PREFIXES = f"""
PREFIX cecf: <{CECF}>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


@functools.cache
def _bundled() -> str:
    return cigref_ecf.to_json()


def bundled_data() -> dict[str, Any]:
    """A fresh copy of the bundled data, to change."""
    data: dict[str, Any] = json.loads(_bundled())
    return data


def small_data(mission: str = "Builds things.") -> dict[str, Any]:
    """A valid nomenclature of one area (B, with B1 and B3 only), one family (3) and one profile
    (3.2, requiring B1 and B3), with ``mission`` as the profile's mission."""
    data = bundled_data()
    kept = ["B1", "B3"]
    data["dimensions"] = [dict(d, competences=kept) for d in data["dimensions"] if d["code"] == "B"]
    data["competences"] = [c for c in data["competences"] if c["code"] in kept]
    data["families"] = [dict(f, profiles=["3.2"]) for f in data["families"] if f["code"] == "3"]
    profile = next(p for p in data["profiles"] if p["code"] == "3.2")
    profile["competences"] = [r for r in profile["competences"] if r["competence"] in kept]
    profile["annex1"] = None
    profile["mission"] = mission
    data["profiles"] = [profile]
    data["errata"] = []
    return data


@functools.cache
def _small() -> cigref_ecf.Nomenclature:
    return cigref_ecf.load_json(json.dumps(small_data()))


def with_mission(text: str) -> cigref_ecf.Nomenclature:
    """The small nomenclature with ``text`` as its profile's mission, built in code: a file
    cannot carry every text (a lone surrogate is refused on load), a program can."""
    import attrs

    n = _small()
    profile = attrs.evolve(n.profiles[0], mission=text)
    return attrs.evolve(n, profiles=(profile,))


def with_annex1(values: list[str], alignment: list[str | None]) -> cigref_ecf.Nomenclature:
    """The small nomenclature whose profile (3.2, requiring B1 and B3) has this Annex 1 row."""
    import attrs

    n = _small()
    row = cigref_ecf.Annex1Row(line=7, title="CONCEPTEUR", values=values, alignment=alignment)
    return attrs.evolve(n, profiles=(attrs.evolve(n.profiles[0], annex1=row),))


def company_data() -> dict[str, Any]:
    """The bundled data under a company's own convention, plus a family ``DATA`` of two profiles
    with company codes, a range and alternatives, English texts, and an erratum of its own."""
    data = bundled_data()
    data["meta"]["convention"] = None
    data["families"].append(
        {
            "code": "DATA",
            "title": "Data",
            "description": "Data engineering and analytics.",
            "profiles": ["DATA-ENG", "IT-ARCH-03"],
        }
    )

    def profile(code: str, title: str, requirements: list[tuple[str, str]]) -> dict[str, Any]:
        return {
            "code": code,
            "family": "DATA",
            "title": title,
            "english_titles": [title],
            "mission": f"The {title.lower()} of the company.",
            "activities": [{"heading": "Build", "intro": "Designs:", "tasks": ["Pipelines"]}],
            "competences": [{"competence": c, "level": lv} for c, lv in requirements],
            "indicators_intro": "Each quarter:",
            "indicators": ["Uptime"],
        }

    data["profiles"] += [
        profile("DATA-ENG", "Data engineer", [("B1", "3-4"), ("B3", "3"), ("D6", "3-4")]),
        profile("IT-ARCH-03", "Data architect", [("A3", "3"), ("B3", "1/3")]),
    ]
    data["errata"].append(
        {
            "id": "ACME-1",
            "kind": "other",
            "profile": "IT-ARCH-03",
            "competence": "B3",
            "field": "level",
            "line": None,
            "source": "our 2024 review",
            "decision": "level 1 or 3",
            "value": "1/3",
            "reason": "two kinds of architect",
        }
    )
    return data


def company() -> cigref_ecf.Nomenclature:
    return cigref_ecf.load_json(json.dumps(company_data()))


def tree_signature(graph: Any) -> Counter[tuple[str, str, str]]:
    """The triples of ``graph`` with every blank node replaced by a text of what hangs below it.

    Equal signatures mean isomorphic graphs when every blank node is the object of at most one
    triple and no cycle goes through blank nodes (lists and activity groups are such trees);
    this is asserted, so the shortcut never passes a graph it cannot judge. rdflib's general
    isomorphism test takes minutes on the thousands of list cells of the nomenclature.
    """
    import rdflib

    incoming: Counter[Any] = Counter(o for o in graph.objects() if isinstance(o, rdflib.BNode))
    assert all(count == 1 for count in incoming.values()), "a blank node is shared"
    memo: dict[Any, str] = {}

    def term(node: Any, depth: int = 0) -> str:
        if not isinstance(node, rdflib.BNode):
            text: str = node.n3()
            return text
        assert depth < 1000, "a cycle through blank nodes"
        if node not in memo:
            parts = sorted(
                f"{p.n3()} {term(o, depth + 1)}" for p, o in graph.predicate_objects(node)
            )
            memo[node] = "[" + " ; ".join(parts) + "]"
        return memo[node]

    # Triples under a blank node are in its text; a blank node no triple points to is a root.
    return Counter(
        (term(s), p.n3(), term(o))
        for s, p, o in graph
        if not isinstance(s, rdflib.BNode) or s not in incoming
    )


def same_graph(a: Any, b: Any) -> bool:
    """Whether two graphs of tree-shaped blank nodes are isomorphic (see :func:`tree_signature`);
    the number of triples must agree too (a signature folds blank-node subjects in)."""
    return len(a) == len(b) and tree_signature(a) == tree_signature(b)


def page_queries(language: str) -> list[tuple[str, list[str], list[list[str]]]]:
    """Each ```language block of docs/interoperability.md with the table shown after it:
    (query, header, rows)."""
    import re

    from .conftest import ROOT

    page = (ROOT / "docs" / "interoperability.md").read_text(encoding="utf-8")
    found = []
    pattern = rf"```{language}\n(.*?)```\n\n((?:\|[^\n]*\|\n)+)"
    for query, table in re.findall(pattern, page, re.S):
        lines = [
            [cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in table.splitlines()
        ]
        found.append((query, lines[0], lines[2:]))
    return found
