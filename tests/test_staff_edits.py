"""No edit that `regard check` accepts can stop publishing (issue 17, « Done when »).

A set of valid staff edits is applied to a copy of the live content: events, people, terms,
organisations and project sheets added, changed, renamed (with every reference and link to
them) and deleted (with theirs), the staff guide's own examples pasted as the guide says,
and the records today's tests use deleted when they are there. Then `regard check`, the
shipped-content tests (``tests/test_shipped_content.py``, run by pytest against the copy)
and the deploy workflow's ``run:`` steps, as written, all pass.

The records are picked from whatever the content holds, never by id, but for the guide's
examples and ``DELETE_IF_PRESENT``. The edits are printed (``pytest -s``) and kept in
``modifications.txt`` beside the copy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.commands.cli import main
from generator.content.site import Site
from generator.content.validate import load_site

from .frozen_content import guide_examples, make_project
from .staff_edits import NOUNS, Edits, guide_place, held, paste_guide_example
from .support import ROOT, git, load_workflow, run_step

DELETE_IF_PRESENT = {
    "event": ["atelier-efc-ecosystemes", "sortie-terrain-chatel", "premier-comite-innovation",
              "naissance-clus-ter-jura", "sortie-terrain-pat", "formation-rd-sociale"],
    "person": ["cecile-colson", "blandine-chenderowsky", "laura-douchet", "claire-pinet"],
    "term": ["rd-sociale", "rd-territoriale"],
    "organisation": ["ademe"],
    "project": ["chatel", "crepite", "fbi"],
}
"""Records the tests used as anchors before they read the frozen copy (the corpus's and
the pages' tests), deleted when the live content has them and no guide example needs them;
the other edits leave them alone, so that each edit shows in the result."""
REPOSITORY_FILES = (".github", "pyproject.toml", "README.md")
"""What a clone has besides the project's files, for the workflow's steps to find."""
EXAMPLE_FIELDS = {"projects": "project", "people": "person", "organisations": "organisation",
                  "terms": "term", "event": "event"}


# ---- What the guide's examples need ------------------------------------------------------


def _referenced(data: Any) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    if isinstance(data, list):
        for item in data:
            found |= _referenced(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            kind = EXAMPLE_FIELDS.get(key)
            if kind and isinstance(value, list):
                found |= {(kind, str(v)) for v in value}
            elif kind and isinstance(value, str):
                found.add((kind, value))
            else:
                found |= _referenced(value)
    return found


def guide_needs() -> set[tuple[str, str]]:
    """(kind, id) of every record a guide example refers to or is pasted into."""
    needed: set[tuple[str, str]] = set()
    for example in guide_examples():
        needed |= _referenced(yaml.safe_load(example))
        _, path = guide_place(example)
        if path and len(path) > 1 and isinstance(path[1], dict):
            needed.add(("term", path[1]["id"]))
    return needed


def guide_adds() -> list[tuple[str, str]]:
    """(kind, id) of the records the guide's examples add."""
    added = []
    for example in guide_examples():
        relative, _ = guide_place(example)
        data = yaml.safe_load(example)
        kind = {"timeline.yml": "event", "content/people.yml": "person"}.get(
            relative, "project" if relative.startswith("content/projects/") else None)
        if kind:
            added.append((kind, str((data[0] if isinstance(data, list) else data)["id"])))
    return added


# ---- The edits ---------------------------------------------------------------------------


def add_minimal(edits: Edits, site: Site, kind: str, record_id: str, said: str) -> None:
    """Add a record with only the fields it needs."""
    name = record_id.replace("-", " ").capitalize()
    if kind == "project":
        edits.add_project(f"id: {record_id}\nname: {name}\nsummary: {name}.\nyears: [2026]\n",
                          said)
        return
    edits.add(kind, {
        "event": f"- id: {record_id}\n  date: 2025\n  title: {name}\n"
                 f"  categories: [{site.timeline.legend[0].id}]\n  summary: {name}.\n",
        "person": f"- id: {record_id}\n  name: {name}\n",
        "organisation": f"- id: {record_id}\n  name: {name}\n",
        "term": f"- id: {record_id}\n  term: {name}\n  definitions:\n    - text: {name}.\n",
    }[kind], said)


class Picker:
    """Records picked for the edits: never one the guide's examples need, nor one of
    ``DELETE_IF_PRESENT``, nor one picked before."""

    def __init__(self, edits: Edits) -> None:
        self.edits = edits
        self.site = load_site(edits.root)
        self.ids = held(self.site)
        self.taken = guide_needs() | {(kind, i) for kind, ids in DELETE_IF_PRESENT.items()
                                      for i in ids}

    def pick(self, kind: str, candidates: list[str]) -> str:
        """The first candidate free for an edit; when the content has none, a record added
        for it."""
        for record_id in candidates:
            if (kind, record_id) not in self.taken and record_id in self.ids[kind]:
                self.taken.add((kind, record_id))
                return record_id
        added = self.fresh(kind, "a-modifier")
        add_minimal(self.edits, self.site, kind, added,
                    f"ajouté {NOUNS[kind]} « {added} », le contenu n'en ayant pas d'autre à "
                    "modifier")
        self.taken.add((kind, added))
        return added

    def fresh(self, kind: str, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.ids[kind]:
            candidate, n = f"{base}-{n}", n + 1
        self.ids[kind].add(candidate)
        return candidate


def _linked_from_pages(root: Path) -> list[str]:
    """Event ids that hand-written pages link to, in page order."""
    texts = [p.read_text("utf-8") for p in sorted((root / "content/pages").rglob("*.md"))]
    return [m for text in texts for m in re.findall(r"chronologie/(?:index\.md)?#([\w-]+)", text)]


def edit_events(edits: Edits, picker: Picker) -> None:
    site = picker.site
    events = [e.id for e in site.events]
    defined = [e for e in events if site.definitions_of_event.get(e)]
    linked = _linked_from_pages(edits.root)
    renamed = picker.pick("event", [*(e for e in linked if e in defined), *defined,
                                    *linked, *events])
    edits.rename("event", renamed, picker.fresh("event", f"{renamed}-renomme"))
    deleted = picker.pick("event", [*linked, *reversed(defined), *events])
    edits.delete("event", deleted)
    changed = picker.pick("event", list(reversed(events)))
    title = load_site(edits.root).event_by_id[changed].title
    edits.set_field("event", changed, "title", f"{title} (compte rendu)",
                    f"changé le titre de l'événement « {changed} »")
    new = picker.fresh("event", "reunion-equipe-regard")
    latest = site.events[-1].date.year if site.events else 2026
    block = (f"- id: {new}\n  date: {latest}-06\n  title: Réunion de l'équipe RegarD\n"
             f"  categories: [{site.timeline.legend[0].id}]\n  summary: >-\n"
             "    L'équipe fait le point sur le centre de ressources.\n")
    if site.projects:
        block += f"  projects: [{next(iter(site.projects))}]\n"
    edits.add("event", block, f"ajouté l'événement « {new} »")


def edit_people(edits: Edits, picker: Picker) -> None:
    site = picker.site
    people = list(site.people)
    seated = [p for p in people if site.seats_of.get(f"person:{p}")]
    renamed = picker.pick("person", [*seated, *people])
    edits.rename("person", renamed, picker.fresh("person", f"{renamed}-renomme"))
    busy = [p for p in seated if site.events_of.get(f"person:{p}")]
    deleted = picker.pick("person", [*busy, *seated, *people])
    edits.delete("person", deleted)
    changed = picker.pick("person", [*seated, *people])
    edits.set_field("person", changed, "affiliation", "Université de Franche-Comté",
                    f"changé l'affiliation de la personne « {changed} »")
    new = picker.fresh("person", "camille-martin")
    edits.add("person", f"- id: {new}\n  name: Camille Martin\n  discipline: Sociologie\n",
              f"ajouté la personne « {new} »")
    seated_on = next((c.id for c in site.committees if c.members), None)
    if seated_on:
        edits.paste("content/committees.yml", ("committees", {"id": seated_on}, "members"),
                    f"- people: [{new}]\n  role: Invitée\n",
                    f"donné à « {new} » un siège au comité « {seated_on} »",
                    ("change", "committee"))


def edit_terms(edits: Edits, picker: Picker) -> None:
    site = picker.site
    terms = list(site.terms)
    referred = [t for t in terms if site.events_of.get(f"term:{t}")]
    seen_also = [s for t in site.terms.values() for s in t.see_also]
    renamed = picker.pick("term", [*referred, *seen_also, *terms])
    edits.rename("term", renamed, picker.fresh("term", f"{renamed}-renomme"))
    deleted = picker.pick("term", [*seen_also, *referred, *reversed(terms)])
    edits.delete("term", deleted)
    # A term the source only names (mentions, no definition) has no list to add to.
    defined = [t for t in reversed(terms) if site.terms[t].definitions]
    changed = picker.pick("term", defined)
    edits.paste("content/glossary.yml", ("terms", {"id": changed}, "definitions"),
                "- text: >-\n    Une définition plus récente, écrite par l'équipe.\n"
                "  date: 2026-01\n",
                f"ajouté une définition au terme « {changed} »", ("change", "term"))
    new = picker.fresh("term", "tiers-lieu")
    edits.add("term", f"- id: {new}\n  term: Tiers-lieu\n  definitions:\n    - text: >-\n"
                      "        Un lieu partagé où des activités différentes se croisent.\n",
              f"ajouté le terme « {new} »")


def edit_organisations(edits: Edits, picker: Picker) -> None:
    site = picker.site
    organisations = list(site.organisations)
    seated = [o for o in organisations if site.seats_of.get(f"organisation:{o}")]
    publishers = [p.publisher for p in site.publications if p.publisher]
    of_people = [o for p in site.people.values() for o in p.organisations]
    renamed = picker.pick("organisation", [*seated, *organisations])
    edits.rename("organisation", renamed,
                 picker.fresh("organisation", f"{renamed}-renomme"))
    deleted = picker.pick("organisation", [*publishers, *of_people, *organisations])
    edits.delete("organisation", deleted)
    changed = picker.pick("organisation", list(reversed(organisations)))
    name = load_site(edits.root).organisations[changed].name
    edits.set_field("organisation", changed, "name", f"{name} (nouveau nom)",
                    f"changé le nom de l'organisation « {changed} »")
    new = picker.fresh("organisation", "atelier-du-jura")
    edits.add("organisation", f"- id: {new}\n  name: L'Atelier du Jura\n  kind: Association\n",
              f"ajouté l'organisation « {new} »")


def edit_projects(edits: Edits, picker: Picker) -> None:
    site = picker.site
    projects = list(site.projects)
    referred = [p for p in projects if site.events_of.get(f"project:{p}")]
    renamed = picker.pick("project", [*referred, *projects])
    edits.rename("project", renamed, picker.fresh("project", f"{renamed}-renomme"))
    deleted = picker.pick("project", [*reversed(referred), *projects])
    edits.delete("project", deleted)
    changed = picker.pick("project", projects)
    edits.set_field("project", changed, "where", "Jura",
                    f"changé le lieu de la fiche terrain « {changed} »")
    new = picker.fresh("project", "recyclerie-de-lons")
    edits.add_project(
        "# yaml-language-server: $schema=https://clus-ter-jura.github.io/regard/schemas/"
        "project.schema.json\n"
        f"id: {new}\nname: Recyclerie de Lons\nsummary: >-\n  Une recyclerie coopérative.\n"
        "years: [2026]\n", f"ajouté la fiche terrain « {new} »")


def delete_if_present(edits: Edits) -> None:
    needed = guide_needs()
    for kind, ids in DELETE_IF_PRESENT.items():
        for record_id in ids:
            if record_id in held(edits.root)[kind] and (kind, record_id) not in needed:
                edits.delete(kind, record_id)


def paste_guide_examples(edits: Edits) -> None:
    """The guide's examples, pasted as it says: what they refer to is added first when the
    content no longer has it, and a record of theirs already there is deleted first."""
    site = load_site(edits.root)
    for kind, record_id in sorted(guide_needs()):
        if record_id not in held(edits.root)[kind]:
            add_minimal(edits, site, kind, record_id,
                        f"ajouté {NOUNS[kind]} « {record_id} », que le guide cite")
    for kind, record_id in guide_adds():
        if record_id in held(edits.root)[kind]:
            edits.delete(kind, record_id)
    for example in guide_examples():
        relative, path = paste_guide_example(edits.root, example)
        where = f"à la fin de la liste {path[-1]} de {relative}" if path \
            else f"dans le nouveau fichier {relative}"
        record = yaml.safe_load(example)
        record = record[0] if isinstance(record, list) else record
        what = f"« {record['id']} »" if "id" in record else "(une définition)"
        edits.said("guide", relative, f"collé l'exemple du guide {what} {where}")


def apply_staff_edits(root: Path) -> Edits:
    """Apply the edits to the content under ``root``; the edits, said in French."""
    edits = Edits(root)
    picker = Picker(edits)
    for edit in (edit_events, edit_people, edit_terms, edit_organisations, edit_projects):
        edit(edits, picker)
    delete_if_present(edits)
    paste_guide_examples(edits)
    return edits


# ---- The test ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Edits]:
    """A clone of the repository with the live content, edits committed on main, and the
    project's virtual environment at .venv."""
    repo = make_project(tmp_path_factory.mktemp("equipe") / "depot", ROOT)
    for name in REPOSITORY_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name)
        else:
            shutil.copy2(source, repo / name)
    edits = apply_staff_edits(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "modifications de l'équipe")
    (repo / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    listing = "\n".join(f"- {line}" for line in edits.log)
    (repo.parent / "modifications.txt").write_text(listing + "\n", "utf-8")
    print(f"\n{len(edits.log)} modifications du contenu vivant :\n{listing}")
    return repo, edits


def test_the_edits_add_change_rename_and_delete_every_kind_of_record(edited):
    _, edits = edited
    kinds = ("event", "person", "term", "organisation", "project")
    assert {(what, kind) for what in ("add", "change", "rename", "delete") for kind in kinds} \
        <= edits.done, edits.log
    assert {relative for what, relative in edits.done if what == "guide"} == {
        guide_place(e)[0] for e in guide_examples()}


def test_the_edits_apply_to_any_content_even_a_tiny_one(minimal, capsys):
    """Where the content has no record fit for an edit, one is added for it; what the
    guide's examples refer to is added when missing."""
    edits = apply_staff_edits(minimal)
    kinds = ("event", "person", "term", "organisation", "project")
    assert {(what, kind) for what in ("add", "change", "rename", "delete") for kind in kinds} \
        <= edits.done, edits.log
    assert main(["--root", str(minimal), "check"]) == 0, capsys.readouterr().out


def test_regard_check_accepts_the_edited_content(edited):
    repo, edits = edited
    log = edits.log
    result = subprocess.run([str(repo / ".venv/bin/regard"), "check"], cwd=repo,
                            capture_output=True, text=True)
    assert result.returncode == 0, "\n".join([*log, result.stdout, result.stderr])
    site = load_site(repo)
    for kind, record_id in guide_adds():
        assert record_id in held(site)[kind]


def test_the_shipped_content_tests_pass_on_the_edited_content(edited):
    repo, edits = edited
    log = edits.log
    # In pytest's own process (-n 0): the module's tests share one build, so pyproject's
    # « -n auto » would only start workers that wait.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "0",
         str(ROOT / "tests" / "test_shipped_content.py")],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "REGARD_CONTENT_ROOT": str(repo)})
    assert result.returncode == 0, "\n".join([*log, result.stdout[-3000:], result.stderr])
    assert re.match(r"\d+ passed in ", result.stdout.strip().splitlines()[-1]), result.stdout


def test_the_deploy_workflow_s_steps_as_written_pass_on_the_edited_content(edited, tmp_path):
    repo, edits = edited
    log = edits.log
    workflow = load_workflow("publier.yml")
    build_job = next(job for job in workflow["jobs"].values()
                     if any(s.get("uses", "").startswith("actions/upload-pages-artifact@")
                            for s in job["steps"]))
    ran = []
    for step in build_job["steps"]:
        if "run" not in step or step.get("name", "").startswith("Installer"):
            continue
        result = run_step(step, repo, GITHUB_STEP_SUMMARY=str(tmp_path / "resume.md"))
        assert result.returncode == 0, "\n".join(
            [*log, f"« {step.get('name')} » : {step['run']}", result.stdout[-3000:],
             result.stderr[-3000:]])
        ran.append(step.get("name"))
    assert ran == ["Vérifier le contenu", "Construire le site", "Vérifier le site construit"]
    assert (repo / "site" / "index.html").is_file()
