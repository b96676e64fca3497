"""The whole content as JSON, with its JSON Schema, and one JSON file per kind of record.

Records are written as the model validated them (the YAML's own field names, dates at their
precision as ``AAAA``, ``AAAA-MM`` or ``AAAA-MM-JJ``, Markdown fields as written), each with
its ``url`` on the site; cross-references are ids, as in the YAML. The schema is generated from
the same pydantic models as the editors' schemas, so the two cannot disagree. A file per kind
holds the same metadata and only that kind's list: the one schema validates them all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from pydantic.json_schema import models_json_schema

from ...content.model import (
    Category,
    Committee,
    Event,
    Organisation,
    Period,
    Person,
    Project,
    Publication,
    Record,
    Term,
)
from ...content.site import Site
from ...pages.citations import PUBLISHER
from ...text.urls import Urls

SCHEMA_PATH = "donnees/regard.schema.json"
DATASET_PATH = "donnees/regard.json"

# key in the JSON: (model, file of that kind, French name of the kind)
KINDS: dict[str, tuple[type[Record], str, str]] = {
    "legend": (Category, "categories", "catégories de la légende"),
    "periods": (Period, "periodes", "périodes"),
    "events": (Event, "evenements", "événements"),
    "projects": (Project, "terrains", "terrains"),
    "terms": (Term, "glossaire", "notions du glossaire"),
    "people": (Person, "personnes", "personnes"),
    "organisations": (Organisation, "organisations", "organisations"),
    "committees": (Committee, "comites", "comités"),
    "publications": (Publication, "publications", "publications"),
}
WITH_URL = {"events", "projects", "terms", "people", "organisations", "committees",
            "publications"}

METADATA_FR = {
    "title": "Titre du jeu de données.",
    "publisher": "Qui le publie.",
    "url": "Adresse du site.",
    "updated": "Date de la dernière modification du contenu (AAAA-MM-JJ), ou null.",
    "licence": "Licence de réutilisation : null, le contenu n'en indique aucune.",
}


def _urls(urls: Urls) -> dict[str, Callable[[Any], str]]:
    return {
        "events": lambda r: urls.event(r.id),
        "projects": lambda r: urls.project(r.id),
        "terms": lambda r: urls.term(r.id),
        "people": lambda r: urls.person(r.id),
        "organisations": lambda r: urls.organisation(r.id),
        "committees": lambda r: urls.committee(r.id),
        "publications": lambda r: urls.publication(r.id),
    }


def records(site: Site) -> dict[str, list[Any]]:
    """Each kind's records, in the site's order."""
    return {
        "legend": site.timeline.legend, "periods": site.timeline.periods,
        "events": site.events, "projects": list(site.projects.values()),
        "terms": list(site.terms.values()), "people": list(site.people.values()),
        "organisations": list(site.organisations.values()), "committees": site.committees,
        "publications": site.publications,
    }


def build_dataset(site: Site, urls: Urls, updated: dt.date | None, title: str
                  ) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The metadata and every kind's records as JSON values."""
    url_of = _urls(urls)
    metadata: dict[str, Any] = {
        "$schema": urls.file(SCHEMA_PATH), "title": title, "publisher": PUBLISHER,
        "url": urls.root, "updated": updated.isoformat() if updated else None, "licence": None,
    }
    kinds: dict[str, list[dict[str, Any]]] = {}
    for key, items in records(site).items():
        dumped = []
        for record in items:
            value = record.model_dump(mode="json")
            if key in url_of:
                value["url"] = url_of[key](record)
            dumped.append(value)
        kinds[key] = dumped
    return metadata, kinds


def dumps(value: Any, *, compact: bool = False) -> bytes:
    """JSON as the site publishes it: UTF-8, keys in a fixed order, one trailing newline;
    indented, or ``compact`` for the data files (smaller, and written by the standard
    library's C encoder, which indentation turns off)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":")) if compact \
        else json.dumps(value, ensure_ascii=False, indent=1)
    return (text + "\n").encode("utf-8")


def json_schema(urls: Urls) -> dict[str, Any]:
    """The JSON Schema of :func:`build_dataset`'s files, generated from the models."""
    _, generated = models_json_schema(
        [(model, "serialization") for model, _, _ in KINDS.values()],
        ref_template="#/$defs/{model}")
    defs: dict[str, Any] = generated["$defs"]
    properties: dict[str, Any] = {
        "$schema": {"type": "string"},
        "title": {"type": "string", "description": METADATA_FR["title"]},
        "publisher": {"type": "string", "description": METADATA_FR["publisher"]},
        "url": {"type": "string", "format": "uri", "description": METADATA_FR["url"]},
        "updated": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}],
                    "description": METADATA_FR["updated"]},
        "licence": {"type": ["string", "null"], "description": METADATA_FR["licence"]},
    }
    for key, (model, _, french) in KINDS.items():
        name = model.__name__
        if key in WITH_URL:
            definition = defs[name]
            definition["properties"]["url"] = {
                "type": "string", "format": "uri", "description": "Adresse sur le site."}
            definition["required"] = [*definition.get("required", []), "url"]
        properties[key] = {"type": "array", "description": f"Les {french}.",
                           "items": {"$ref": f"#/$defs/{name}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": urls.file(SCHEMA_PATH),
        "title": "RegarD : jeu de données complet ou par type d'enregistrement",
        "description": "Chaque fichier porte les métadonnées et une ou plusieurs listes "
                       "d'enregistrements ; les renvois entre enregistrements sont des "
                       "identifiants (id).",
        "type": "object",
        "properties": properties,
        "required": ["title", "publisher", "url", "updated", "licence"],
        "additionalProperties": False,
        "$defs": defs,
    }
