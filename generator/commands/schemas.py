"""JSON Schemas for editors, generated from the pydantic models (the single source of truth).

They are committed under ``schemas/`` and each YAML file names its own in a first line
``# yaml-language-server: $schema=…``, so that editors complete fields and flag mistakes.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from ..content.model import FILE_MODELS, PROJECTS_DIR, Project, Record

SCHEMAS_DIR = "schemas"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_name(content_file: str) -> str:
    """``timeline.yml`` → ``timeline.schema.json``; a project sheet → ``project.schema.json``."""
    if content_file.startswith(PROJECTS_DIR + "/"):
        return "project.schema.json"
    return Path(content_file).stem + ".schema.json"


def _models() -> dict[str, type[Record]]:
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
            for name, model in sorted(_models().items())}


def write(root: Path) -> list[Path]:
    folder = root / SCHEMAS_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in generate().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def modeline(content_file: str) -> str:
    """The first line that points an editor at the file's schema."""
    target = posixpath.relpath(f"{SCHEMAS_DIR}/{schema_name(content_file)}",
                               posixpath.dirname(content_file) or ".")
    return f"# yaml-language-server: $schema={target}"
