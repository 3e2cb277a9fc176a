"""Mutation test of tools/check_source.py: single corruptions of the data must not pass.

Each mutation is one corruption a careless edit could make, applied to a deep copy of the
bundled data. The check must report it, with a message that names the place (a JSON path, an
erratum or the sheet). A check weakened the way the old one was (an erratum that switches the
check off instead of pinning its decision; codes matched as substrings) lets some through.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import pytest

from .conftest import SOURCE, load_tool

TOOL = load_tool("check_source")
Doc = dict[str, Any]


@dataclass(frozen=True)
class Mutation:
    kind: str
    apply: Callable[[Doc], str]
    """Corrupts the document in place; returns the text a problem must contain (the place)."""


def _profile(doc: Doc, code: str) -> tuple[int, dict[str, Any]]:
    return next((i, p) for i, p in enumerate(doc["profiles"]) if p["code"] == code)


def _competence(doc: Doc, code: str) -> tuple[int, dict[str, Any]]:
    return next((i, c) for i, c in enumerate(doc["competences"]) if c["code"] == code)


def _requirement(doc: Doc, profile: str, code: str) -> tuple[str, dict[str, Any]]:
    i, p = _profile(doc, profile)
    j, r = next((j, r) for j, r in enumerate(p["competences"]) if r["competence"] == code)
    return f"$.profiles[{i}].competences[{j}]", r


def _erratum(doc: Doc, ident: str) -> tuple[str, dict[str, Any]]:
    i, e = next((i, e) for i, e in enumerate(doc["errata"]) if e["id"] == ident)
    return f"$.errata[{i}]", e


# ------------------------------------------------------------------------------ the mutations


def drop_task(doc: Doc) -> str:
    i, p = _profile(doc, "2.1")
    del p["activities"][0]["tasks"][1]
    return f"$.profiles[{i}] (sheet 2.1)"


def truncate_task(doc: Doc) -> str:
    i, p = _profile(doc, "3.2")
    tasks = p["activities"][1]["tasks"]
    tasks[0] = " ".join(tasks[0].split()[:-3])
    return f"$.profiles[{i}] (sheet 3.2)"


def truncate_mission(doc: Doc) -> str:
    i, p = _profile(doc, "1.2")
    p["mission"] = p["mission"].rsplit(" ", 4)[0]
    return f"$.profiles[{i}] (sheet 1.2)"


def append_foreign_sentence(doc: Doc) -> str:
    i, p = _profile(doc, "1.2")
    _, other = _profile(doc, "7.1")
    p["mission"] += " " + other["mission"].split("\n\n")[0]
    return f"$.profiles[{i}].mission#"


def invent_deliverable(doc: Doc) -> str:
    i, p = _profile(doc, "4.4")
    p["deliverables"][0] = "Rapport mensuel d'activité"
    return f"$.profiles[{i}].deliverables[0]"


def swap_competence_descriptions(doc: Doc) -> str:
    i, b1 = _competence(doc, "B1")
    _, b2 = _competence(doc, "B2")
    b1["description"], b2["description"] = b2["description"], b1["description"]
    return f"$.competences[{i}].description"


def move_knowledge_into_skills(doc: Doc) -> str:
    i, c = _competence(doc, "C1")
    c["skills"].append(c["knowledge"].pop(0))
    return f"$.competences[{i}]"


def change_dimension(doc: Doc) -> str:
    i, c = _competence(doc, "B3")
    c["dimension"] = "C"
    return f"$.competences[{i}].dimension"


def change_family(doc: Doc) -> str:
    i, p = _profile(doc, "3.2")
    p["family"] = "4"
    return f"$.profiles[{i}].family"


def level_with_erratum(profile: str, code: str, level: str) -> Callable[[Doc], str]:
    def mutate(doc: Doc) -> str:
        _, r = _requirement(doc, profile, code)
        assert r["level"] != level
        r["level"] = level
        return f"{profile} {code} level"

    return mutate


def level_without_erratum(doc: Doc) -> str:
    path, r = _requirement(doc, "3.3", "B3")
    r["level"] = "2"
    return f"{path}.level"


def remove_competence_with_annex1_erratum(doc: Doc) -> str:
    i, p = _profile(doc, "4.1")
    p["competences"] = [r for r in p["competences"] if r["competence"] != "C3"]
    return f"$.profiles[{i}]"


def change_printed_level(doc: Doc) -> str:
    path, r = _requirement(doc, "1.1", "A3")
    r["evidence"]["printed_level"] = "3"
    return f"{path}.evidence.printed_level"


def change_descriptor_level(doc: Doc) -> str:
    path, r = _requirement(doc, "1.1", "A4")
    r["evidence"]["descriptor_level"] = "4"
    return f"{path}.evidence.descriptor_level"


def evidence_on_a_d10_row(doc: Doc) -> str:
    """D1's evidence pointed at the D10 row: "D1" is a substring of "D10", not a code there."""
    path, d1 = _requirement(doc, "6.3", "D1")
    _, d10 = _requirement(doc, "6.3", "D10")
    d1["evidence"]["line"] = d10["evidence"]["line"]
    return f"{path}.evidence.line"


def evidence_on_another_row(doc: Doc) -> str:
    path, a3 = _requirement(doc, "1.1", "A3")
    _, a4 = _requirement(doc, "1.1", "A4")
    a3["evidence"]["line"] = a4["evidence"]["line"]
    return f"{path}.evidence"


def move_task_between_groups(doc: Doc) -> str:
    i, p = _profile(doc, "2.2")
    p["activities"][1]["tasks"].insert(0, p["activities"][0]["tasks"].pop())
    return f"$.profiles[{i}].activities[1].tasks[0]"


def swap_tasks(doc: Doc) -> str:
    i, p = _profile(doc, "4.4")
    tasks = p["activities"][0]["tasks"]
    tasks[0], tasks[1] = tasks[1], tasks[0]
    return f"$.profiles[{i}].activities[0].tasks["


def change_erratum_line(doc: Doc) -> str:
    _, e = _erratum(doc, "E058")
    e["line"] += 1
    return "E058"


def change_erratum_value(doc: Doc) -> str:
    _, e = _erratum(doc, "E212")
    e["value"] = "5"
    return "7.5 A3"


def change_erratum_excerpt(doc: Doc) -> str:
    _, e = _erratum(doc, "E163")
    e["excerpt"] = e["excerpt"].replace("pérennité", "sécurité")
    return "E163"


def change_descriptor_level_number(doc: Doc) -> str:
    i, c = _competence(doc, "A7")
    c["levels"][0]["level"] = 3
    return f"$.competences[{i}].levels[0]"


def swap_descriptor_texts(doc: Doc) -> str:
    i, c = _competence(doc, "C3")
    first, second = c["levels"][0], c["levels"][1]
    first["description"], second["description"] = second["description"], first["description"]
    return f"$.competences[{i}].levels["


def truncate_descriptor(doc: Doc) -> str:
    i, c = _competence(doc, "E6")
    c["levels"][-1]["description"] = c["levels"][-1]["description"].rsplit(". ", 1)[0] + "."
    return f"$.competences[{i}]"


def remove_knowledge_item(doc: Doc) -> str:
    i, c = _competence(doc, "A1")
    del c["knowledge"][2]
    return f"$.competences[{i}]"


def remove_skill_item(doc: Doc) -> str:
    i, c = _competence(doc, "B1")
    del c["skills"][1]
    return f"$.competences[{i}]"


def change_competence_title(doc: Doc) -> str:
    i, c = _competence(doc, "D8")
    c["title"] = "Contracts Management"
    return f"$.competences[{i}].title"


def swap_annex1_alignment(doc: Doc) -> str:
    i, p = _profile(doc, "1.1")
    alignment = p["annex1"]["alignment"]
    alignment[0], alignment[1] = alignment[1], alignment[0]
    return f"$.profiles[{i}].annex1.alignment"


def unalign_annex1_value(doc: Doc) -> str:
    i, p = _profile(doc, "1.2")
    p["annex1"]["alignment"][0] = None
    return f"$.profiles[{i}].annex1.alignment[0]"


def change_annex1_value(doc: Doc) -> str:
    i, p = _profile(doc, "1.3")
    p["annex1"]["values"][0] = "3"
    return f"$.profiles[{i}].annex1"


def lead_in_back_into_tasks(doc: Doc) -> str:
    i, p = _profile(doc, "7.4")
    group = p["activities"][0]
    group["tasks"].insert(0, group["intro"])
    group["intro"] = None
    return f"$.profiles[{i}].activities[0]"


def task_as_intro(doc: Doc) -> str:
    i, p = _profile(doc, "2.1")
    group = p["activities"][0]
    group["intro"] = group["tasks"].pop(0)
    return f"$.profiles[{i}].activities[0].intro"


def indicator_lead_in_as_item(doc: Doc) -> str:
    i, p = _profile(doc, "1.1")
    p["indicators"].insert(0, p["indicators_intro"])
    p["indicators_intro"] = None
    return f"$.profiles[{i}]"


def drop_other_title(doc: Doc) -> str:
    i, p = _profile(doc, "1.1")
    del p["other_titles"][1]
    return f"$.profiles[{i}] (sheet 1.1)"


def drop_a_title_printed_twice(doc: Doc) -> str:
    """7.2 prints 'Dirigeant de service informatique' twice; an erratum excuses one printing."""
    i, p = _profile(doc, "7.2")
    p["other_titles"].remove("Dirigeant de service informatique")
    return f"$.profiles[{i}] (sheet 7.2)"


def reorder_titles(doc: Doc) -> str:
    i, p = _profile(doc, "4.1")
    titles = p["other_titles"]
    titles[1], titles[2] = titles[2], titles[1]
    return f"$.profiles[{i}].other_titles["


def english_title_as_french(doc: Doc) -> str:
    i, p = _profile(doc, "1.1")
    p["other_titles"].append(p["english_titles"].pop(0))
    return f"$.profiles[{i}].other_titles[4]"


def drop_trends_paragraph(doc: Doc) -> str:
    i, p = _profile(doc, "1.3")
    p["trends"] = p["trends"].split("\n\n", 1)[1]
    return f"$.profiles[{i}] (sheet 1.3)"


def truncate_career(doc: Doc) -> str:
    i, p = _profile(doc, "1.1")
    p["career"]["experience"] = p["career"]["experience"].split(". ")[0] + "."
    return f"$.profiles[{i}] (sheet 1.1)"


def change_family_title(doc: Doc) -> str:
    doc["families"][1]["title"] = "Management de projets"
    return "E001"


def drop_family_paragraph(doc: Doc) -> str:
    family = doc["families"][0]
    family["description"] = family["description"].split("\n\n", 1)[1]
    return "$.families[0] (family page 1)"


def swap_profiles(doc: Doc) -> str:
    profiles = doc["profiles"]
    profiles[0], profiles[1] = profiles[1], profiles[0]
    return "$.profiles: not in the order of the sheets"


def add_competence_not_on_sheet(doc: Doc) -> str:
    i, p = _profile(doc, "1.1")
    last = p["competences"][-1]
    p["competences"].append(
        {"competence": "E9", "level": "4", "evidence": dict(last["evidence"], printed_level="4")}
    )
    return f"$.profiles[{i}].competences[{len(p['competences']) - 1}]"


MUTATIONS = [
    Mutation("drop a task", drop_task),
    Mutation("truncate a task", truncate_task),
    Mutation("truncate a mission", truncate_mission),
    Mutation("append a sentence from another sheet", append_foreign_sentence),
    Mutation("invent a deliverable", invent_deliverable),
    Mutation("swap two competences' descriptions", swap_competence_descriptions),
    Mutation("move a knowledge item into the skills", move_knowledge_into_skills),
    Mutation("change a competence's dimension", change_dimension),
    Mutation("change a profile's family", change_family),
    Mutation("level of a cell with an erratum: 7.5 A3", level_with_erratum("7.5", "A3", "5")),
    Mutation("level of a cell with an erratum: 1.3 E5", level_with_erratum("1.3", "E5", "4")),
    Mutation("level of a cell with an erratum: 3.1 C3", level_with_erratum("3.1", "C3", "2")),
    Mutation("level of a cell with an erratum: 2.1 E6", level_with_erratum("2.1", "E6", "4")),
    Mutation("level of a cell without erratum", level_without_erratum),
    Mutation("remove a competence with an Annex 1 erratum", remove_competence_with_annex1_erratum),
    Mutation("change a printed level", change_printed_level),
    Mutation("change a descriptor level", change_descriptor_level),
    Mutation("evidence on a D10 row for D1", evidence_on_a_d10_row),
    Mutation("evidence on another competence's row", evidence_on_another_row),
    Mutation("move a task to another group", move_task_between_groups),
    Mutation("swap two tasks", swap_tasks),
    Mutation("change an erratum's line", change_erratum_line),
    Mutation("change an erratum's value", change_erratum_value),
    Mutation("change an erratum's excerpt", change_erratum_excerpt),
    Mutation("change a level descriptor's level", change_descriptor_level_number),
    Mutation("swap two level descriptors", swap_descriptor_texts),
    Mutation("truncate a level descriptor", truncate_descriptor),
    Mutation("remove a knowledge item", remove_knowledge_item),
    Mutation("remove a skill item", remove_skill_item),
    Mutation("change a competence's title", change_competence_title),
    Mutation("swap an Annex 1 alignment", swap_annex1_alignment),
    Mutation("unalign an Annex 1 value", unalign_annex1_value),
    Mutation("change an Annex 1 value", change_annex1_value),
    Mutation("a lead-in back among the tasks", lead_in_back_into_tasks),
    Mutation("a lead-in back among the indicators", indicator_lead_in_as_item),
    Mutation("a task as the intro of its group", task_as_intro),
    Mutation("drop a title", drop_other_title),
    Mutation("drop a title printed twice", drop_a_title_printed_twice),
    Mutation("reorder titles", reorder_titles),
    Mutation("an English title among the French ones", english_title_as_french),
    Mutation("drop a paragraph of trends", drop_trends_paragraph),
    Mutation("truncate a career cell", truncate_career),
    Mutation("change a family's title", change_family_title),
    Mutation("drop a paragraph of a family", drop_family_paragraph),
    Mutation("swap two profiles", swap_profiles),
    Mutation("add a competence the sheet does not list", add_competence_not_on_sheet),
]


# ------------------------------------------------------------------------------ the tests


@pytest.fixture(scope="module")
def source() -> Any:
    return TOOL.Source(SOURCE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def doc() -> Doc:
    text = (files("cigref_ecf") / "data" / "nomenclature.json").read_text("utf-8")
    data: Doc = json.loads(text)
    return data


def _outcome(mutation: Mutation, doc: Doc, source: Any) -> tuple[str, list[str]]:
    """The place the mutation must be reported at, and what the check reports."""
    mutant = copy.deepcopy(doc)
    place = mutation.apply(mutant)
    return place, TOOL.check(mutant, source)


def survivors(doc: Doc, source: Any, mutations: list[Mutation]) -> list[str]:
    """The kinds of mutation that the check does not report at their place."""
    left = []
    for mutation in mutations:
        place, problems = _outcome(mutation, doc, source)
        if not any(place in problem for problem in problems):
            left.append(mutation.kind)
    return left


def test_there_are_at_least_thirty_kinds() -> None:
    assert len({m.kind.split(":")[0] for m in MUTATIONS}) >= 30


def test_the_unmutated_data_passes(doc: Doc, source: Any) -> None:
    assert TOOL.check(copy.deepcopy(doc), source) == []


@pytest.mark.parametrize("mutation", MUTATIONS, ids=lambda m: m.kind)
def test_each_mutation_is_reported_at_its_place(mutation: Mutation, doc: Doc, source: Any) -> None:
    place, problems = _outcome(mutation, doc, source)
    assert problems, f"{mutation.kind}: the check passed"
    assert any(place in p for p in problems), (place, problems)


def test_errata_that_switch_checks_off_let_mutations_through(
    doc: Doc, source: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old behaviour: any erratum about a cell excuses it, whatever the data holds."""
    about_errata = [
        m for m in MUTATIONS if "with an erratum" in m.kind or m.kind.startswith("change an err")
    ]
    assert survivors(doc, source, about_errata) == []
    monkeypatch.setattr(sys.modules["source_check.errata"], "pins", lambda e, value: True)
    left = survivors(doc, source, about_errata)
    assert "level of a cell with an erratum: 7.5 A3" in left
    assert "level of a cell with an erratum: 1.3 E5" in left
    assert "change an erratum's value" in left


def test_codes_as_substrings_let_a_mutation_through(
    doc: Doc, source: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old behaviour: "D1" found in a line that names D10."""
    import re

    competences = sys.modules["source_check.competences"]
    monkeypatch.setattr(competences, "code_pattern", lambda code: re.compile(re.escape(code)))
    mutation = next(m for m in MUTATIONS if m.kind == "evidence on a D10 row for D1")
    place, problems = _outcome(mutation, doc, source)
    assert not any(place in p for p in problems), problems
