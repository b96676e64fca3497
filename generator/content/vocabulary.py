"""The words staff read for each kind of record and each field: one table for the checker's
messages, ``regard diff``'s summary and ``regard new``.

Per kind of record: its French nouns (with their agreement), the file that declares its
records and where in it, the fields that name a record, the heading of its section in a
summary. And the French label of each field, as the guide names them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import PROJECTS_DIR


@dataclass(frozen=True)
class RecordKind:
    """How staff name one kind of record, and where they write it."""

    noun: str
    """« catégorie »."""
    plural: str
    """« catégories »."""
    feminine: bool
    """Agreement: « inconnue », « ajoutée »."""
    with_article: str
    """« la catégorie », « l'événement »."""
    this: str
    """« cette catégorie »; for a project, « la fiche de ce terrain »."""
    file: str
    """The file that declares the records (the projects' folder: one record per file)."""
    records_at: tuple[str, ...]
    """Where in that file: ``("legend", "*")``, ``*`` standing for each item of a list."""
    declared_in: str
    """Where the records are declared, as a message says it: « timeline.yml (legend) »."""
    unchecked: str
    """The records of a file that cannot be read: « les catégories »."""
    named_by: tuple[str, ...]
    """Fields that name a record, the title first: a reference written with one of them
    instead of the id gets a hint."""
    heading: str
    """Section title of a summary of changes: « Catégories de la légende »."""
    name_label: str = "nom"
    """The naming field's French label in a hint: « libellé », « titre »."""

    @property
    def unknown(self) -> str:
        """« inconnu » agreeing with the noun."""
        return "inconnue" if self.feminine else "inconnu"


KINDS: dict[str, RecordKind] = {
    "category": RecordKind(
        "catégorie", "catégories", True, "la catégorie", "cette catégorie",
        "timeline.yml", ("legend", "*"), "timeline.yml (legend)", "les catégories",
        ("label",), "Catégories de la légende", "libellé"),
    "period": RecordKind(
        "période", "périodes", True, "la période", "cette période",
        "timeline.yml", ("periods", "*"), "timeline.yml (periods)", "les périodes",
        ("title",), "Périodes", "titre"),
    "event": RecordKind(
        "événement", "événements", False, "l'événement", "cet événement",
        "timeline.yml", ("events", "*"), "timeline.yml", "les événements",
        ("title",), "Événements", "titre"),
    "project": RecordKind(
        "terrain", "terrains", False, "le terrain", "la fiche de ce terrain",
        PROJECTS_DIR, (), PROJECTS_DIR + "/", "le terrain",
        ("name", "acronym"), "Terrains"),
    "term": RecordKind(
        "terme", "termes", False, "le terme", "ce terme",
        "content/glossary.yml", ("terms", "*"), "content/glossary.yml", "les termes",
        ("term", "acronym"), "Glossaire", "terme"),
    "person": RecordKind(
        "personne", "personnes", True, "la personne", "cette personne",
        "content/people.yml", ("people", "*"), "content/people.yml", "les personnes",
        ("name",), "Personnes"),
    "organisation": RecordKind(
        "organisation", "organisations", True, "l'organisation", "cette organisation",
        "content/organisations.yml", ("organisations", "*"), "content/organisations.yml",
        "les organisations", ("name", "acronym"), "Organisations"),
    "committee": RecordKind(
        "comité", "comités", False, "le comité", "ce comité",
        "content/committees.yml", ("committees", "*"), "content/committees.yml",
        "les comités", ("name",), "Comités"),
    "publication": RecordKind(
        "publication", "publications", True, "la publication", "cette publication",
        "content/publications.yml", ("publications", "*"), "content/publications.yml",
        "les publications", ("title",), "Publications", "titre"),
}
"""Every kind of record that another can refer to, by its id."""

HOME = RecordKind(
    "texte de l'accueil", "textes de l'accueil", False, "le texte de l'accueil",
    "ce texte de l'accueil", "content/home.yml", (), "content/home.yml",
    "le texte de l'accueil", ("title",), "Page d'accueil", "titre")
"""The home page's texts: one record, never referred to."""

FIELD_LABELS = {
    "acronym": "sigle", "actors": "acteurs", "affiliation": "affiliation",
    "aliases": "autres graphies", "alt": "texte alternatif", "articles": "articles",
    "attribution": "attribution", "axes": "axes", "categories": "catégories", "colour": "couleur",
    "committees": "comités", "date": "date", "definitions": "définitions",
    "description": "description", "discipline": "discipline", "end": "fin", "events": "événements",
    "exhaustive": "liste complète des articles", "featured": "personnes mises à l'honneur",
    "hosts": "hôtes", "icon": "symbole", "id": "identifiant", "intro": "introduction",
    "kind": "type", "label": "libellé", "learnings": "apprentissages", "legend": "légende",
    "media": "images", "members": "membres", "mission": "mission", "name": "nom",
    "organisations": "organisations", "people": "personnes", "projects": "terrains",
    "publications": "publications", "publisher": "éditeur", "quote": "citation",
    "quotes": "citations", "resources": "ressources", "role": "rôle", "see_also": "voir aussi",
    "sort_name": "clé de tri", "src": "fichier", "start": "début", "status": "statut",
    "summary": "résumé", "tagline": "accroche", "tags": "mots-clés", "term": "terme",
    "terms": "termes", "text": "texte", "title": "titre", "website": "site web", "where": "lieu",
    "years": "années",
}
"""French names of the fields, as staff know them from the guide (checker's messages, the
summary of changes); a field without one keeps its YAML name."""


def field_label(name: str) -> str:
    """The French name of a field, or its YAML name."""
    return FIELD_LABELS.get(name, name)
