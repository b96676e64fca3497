"""JSON Schemas for editors, generated from the pydantic models (the single source of truth).

Two sets. The model's schemas are committed under ``schemas/`` (``regard schemas`` writes
them): the shape of each file, no ids. The site publishes, under ``schemas/`` too and built
with it, the same schemas where every reference to another record lists the ids the
content has now, each with its record's name: editors that read them offer the existing
people, terms or categories. Nothing committed holds those lists, so that a staff addition
never leaves a committed file stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..content.model import FILE_MODELS, PROJECTS_DIR, Project, Record
from ..content.site import Site
from ..content.validate.references import REFERENCES

SCHEMAS_DIR = "schemas"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_name(content_file: str) -> str:
    """``timeline.yml`` → ``timeline.schema.json``; a project sheet → ``project.schema.json``."""
    if content_file.startswith(PROJECTS_DIR + "/"):
        return "project.schema.json"
    return Path(content_file).stem + ".schema.json"


def schema_models() -> dict[str, type[Record]]:
    """Each schema file's name and the model it describes."""
    models = {schema_name(path): model for path, model in FILE_MODELS.items()}
    models["project.schema.json"] = Project
    return models


# What editors show when hovering a record: French, for the people who edit the content.
DESCRIPTIONS = {
    "Timeline": "La chronologie : légende (catégories), périodes et événements.",
    "Category": "Une catégorie de la légende : id, libellé, couleur (#RRGGBB) et symbole.",
    "Period": "Une période de l'histoire du programme, avec un début et une fin facultative.",
    "Event": "Un événement daté de la chronologie.",
    "Resource": "Un document lié à un événement, par exemple un compte rendu.",
    "Quote": "Une citation et la personne ou la source à qui l'attribuer.",
    "Media": "Une image : fichier, texte alternatif (obligatoire) et crédit photo.",
    "Project": "Une fiche : un terrain de recherche du programme, ou une étude de cas (kind).",
    "Glossary": "Le glossaire : les notions et les sigles du programme.",
    "Term": "Une notion ou un sigle, avec une ou plusieurs définitions datées.",
    "Definition": "Une définition, avec sa date et l'événement qui l'a posée si on les connaît.",
    "People": "Les personnes citées par le programme.",
    "Person": "Une personne : nom, rôle, discipline, affiliation, organisations.",
    "Organisations": "Les organisations citées par le programme.",
    "Organisation": "Une organisation.",
    "Committees": "Les comités du programme.",
    "Committee": "Un comité : nom, mission et sièges.",
    "Seat": "Un siège de comité : une ou plusieurs personnes, pour une organisation ou non.",
    "Publications": "Les publications du programme.",
    "Publication": "Une publication et ses articles.",
    "Article": "Un article, avec ses auteurs, contributeurs et personnes à l'honneur (ids).",
    "Home": "Les textes de la page d'accueil.",
    "Axis": "Un axe de RegarD.",
}


def _describe(schema: dict[str, Any]) -> dict[str, Any]:
    for definition in [schema, *schema.get("$defs", {}).values()]:
        title = definition.get("title")
        if title in DESCRIPTIONS:
            definition["description"] = DESCRIPTIONS[title]
    return schema


def schema_for(model: type[Record]) -> dict[str, Any]:
    schema = _describe(model.model_json_schema())
    return {"$schema": SCHEMA_DIALECT, **schema}


def generate() -> dict[str, str]:
    """Every schema file's name and its exact text."""
    return {name: json.dumps(schema_for(model), ensure_ascii=False, indent=2) + "\n"
            for name, model in sorted(schema_models().items())}


def _titles(site: Site) -> dict[str, dict[str, str]]:
    """Per kind, each current id and what names it in an editor's list."""
    return {
        "category": {c.id: c.label for c in site.timeline.legend},
        "period": {p.id: p.title for p in site.timeline.periods},
        "event": {e.id: f"{e.date.iso()} — {e.title}" for e in site.events},
        "project": {p.id: p.name for p in site.projects.values()},
        "term": {t.id: f"{t.acronym} — {t.term}" if t.acronym else t.term
                 for t in site.terms.values()},
        "person": {p.id: p.name for p in site.people.values()},
        "organisation": {o.id: o.name for o in site.organisations.values()},
        "committee": {c.id: c.name for c in site.committees},
        "publication": {p.id: p.title for p in site.publications},
    }


def _string_schema(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """The string branch of a schema node: through ``$ref`` and an optional value's
    ``anyOf``."""
    while True:
        if "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        elif "anyOf" in node:
            node = next(n for n in node["anyOf"] if n.get("type") != "null")
        else:
            return node


def _at(schema: dict[str, Any], pattern: tuple[str, ...]) -> dict[str, Any]:
    """The schema node of the values at ``pattern`` (« * »: each item of a list)."""
    node = schema
    for part in pattern:
        node = _string_schema(schema, node)
        node = node["items"] if part == "*" else node["properties"][part]
    return _string_schema(schema, node)


def with_ids(site: Site) -> dict[str, dict[str, Any]]:
    """Every schema, each reference to a record listing the content's current ids
    (``enum``) and their names (``enumDescriptions``, which editors show beside them)."""
    titles = _titles(site)
    schemas = {name: schema_for(model) for name, model in sorted(schema_models().items())}
    for file, pattern, kind in REFERENCES:
        name = "project.schema.json" if file == PROJECTS_DIR else schema_name(file)
        node = _at(schemas[name], pattern)
        ids = sorted(titles[kind])
        node.pop("pattern", None)
        node["enum"] = ids
        node["enumDescriptions"] = [titles[kind][i] for i in ids]
    return schemas


def published(site: Site) -> list[tuple[str, bytes]]:
    """The schemas the site publishes (path under the site, bytes)."""
    return [(f"{SCHEMAS_DIR}/{name}",
             (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
            for name, schema in with_ids(site).items()]
