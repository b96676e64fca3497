"""The content as CSV tables, one per kind of record, each described by a Table Schema.

The files are made to open as they are in a spreadsheet with French settings: UTF-8 with a
byte order mark (so that Excel reads the accents), ``;`` between columns (the list separator
of French settings, where ``,`` is the decimal mark), CRLF between records, fields quoted when
they hold a ``;``, a quote or a line break (a summary's paragraphs stay in one cell). A text
cell that a spreadsheet would run as a formula is neutralised (:func:`spreadsheet_safe`).
Several values in one cell are separated by :data:`LIST_SEPARATOR`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ...content.dates import PartialDate, french_span
from ...content.model import Event
from ...content.site import Site
from ...pages.citations import split_name
from ...text.markup import plain_text
from ...text.urls import Urls, article_slugs

LIST_SEPARATOR = " | "
DELIMITER = ";"
BOM = "\ufeff"
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"

Cell = str | int | None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula (OWASP's CSV injection list)."""


def spreadsheet_safe(text: str) -> str:
    """A text cell that no spreadsheet runs: one starting like a formula gets an apostrophe
    in front, which Excel and LibreOffice show as text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Column:
    """One column: its name in the header, its Table Schema type, what it holds (French)."""

    name: str
    description: str
    type: Literal["string", "integer"] = "string"
    required: bool = False
    pattern: str | None = None


@dataclass(frozen=True)
class Table:
    """One CSV file and its schema."""

    name: str
    """File name without extension (``evenements``)."""
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Sequence[tuple[Cell, ...]]
    primary_key: tuple[str, ...] = ("id",)
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    """(column, other table, its column)."""

    @property
    def path(self) -> str:
        return f"donnees/{self.name}.csv"

    @property
    def schema_path(self) -> str:
        return f"donnees/{self.name}.schema.json"

    def csv(self) -> bytes:
        return to_csv([c.name for c in self.columns], self.rows)

    def schema(self) -> dict[str, Any]:
        """The Table Schema (frictionless) of the file."""
        fields = []
        for column in self.columns:
            field: dict[str, Any] = {"name": column.name, "type": column.type,
                                     "description": column.description}
            constraints: dict[str, Any] = {}
            if column.required:
                constraints["required"] = True
            if column.pattern:
                constraints["pattern"] = column.pattern
            if column.type == "integer":
                constraints["minimum"] = 0
            if constraints:
                field["constraints"] = constraints
            fields.append(field)
        schema: dict[str, Any] = {"fields": fields, "missingValues": [""],
                                  "primaryKey": list(self.primary_key)}
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": column, "reference": {"resource": table, "fields": other}}
                for column, table, other in self.foreign_keys]
        return schema


def to_csv(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """Rows as CSV bytes in the format described above."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else str(v) if isinstance(v, int)
                         else spreadsheet_safe(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def joined(values: Sequence[str]) -> str | None:
    return LIST_SEPARATOR.join(values) if values else None


def date_parts(date: PartialDate | None) -> tuple[int | None, int | None, int | None]:
    if date is None:
        return None, None, None
    return date.year, date.month, date.day


PRECISION_FR = {"year": "année", "month": "mois", "day": "jour"}

_ID = Column("id", "Identifiant stable (minuscules, chiffres et tirets) : l'ancre de son "
                   "adresse sur le site, et ce que les autres tables citent.",
             required=True, pattern=ID_PATTERN)
_URL = Column("url", "Adresse de la fiche sur le site.", required=True)


def _ids(name: str, what: str) -> Column:
    return Column(name, f"Identifiants des {what}, séparés par « | ».")


def event_columns() -> tuple[Column, ...]:
    return (
        _ID,
        Column("debut", "Date de début, à sa précision : AAAA, AAAA-MM ou AAAA-MM-JJ.",
               required=True, pattern=DATE_PATTERN),
        Column("fin", "Date de fin d'une période, à sa précision ; vide pour un événement "
                      "daté d'un seul point.", pattern=DATE_PATTERN),
        Column("precision", "Précision de la date de début : année, mois ou jour.",
               required=True, pattern="^(année|mois|jour)$"),
        Column("date_affichee", "La date telle que le site l'affiche (« avril – juillet "
                                "2023 »)."),
        Column("annee", "Année de début.", "integer", required=True),
        Column("mois", "Mois de début (1 à 12), vide si la date ne le donne pas.", "integer"),
        Column("jour", "Jour de début, vide si la date ne le donne pas.", "integer"),
        Column("fin_annee", "Année de fin.", "integer"),
        Column("fin_mois", "Mois de fin.", "integer"),
        Column("fin_jour", "Jour de fin.", "integer"),
        Column("titre", "Titre de l'événement.", required=True),
        _ids("categories", "catégories de la légende"),
        Column("categories_libelles", "Libellés de ces catégories, séparés par « | »."),
        Column("resume", "Résumé en texte brut ; paragraphes séparés par une ligne vide.",
               required=True),
        _ids("terrains", "terrains (table terrains)"),
        _ids("personnes", "personnes (table personnes)"),
        _ids("organisations", "organisations (table organisations)"),
        _ids("notions", "notions du glossaire (table glossaire)"),
        Column("url", "Adresse de l'événement sur le site (la chronologie et son ancre).",
               required=True),
    )


def event_row(site: Site, urls: Urls, event: Event) -> tuple[Cell, ...]:
    return (
        event.id, event.date.iso(), event.end.iso() if event.end else None,
        PRECISION_FR[event.date.precision], french_span(event.date, event.end),
        *date_parts(event.date), *date_parts(event.end),
        event.title, joined(event.categories),
        joined([site.categories[c].label for c in event.categories]),
        plain_text(event.summary), joined(event.projects), joined(event.people),
        joined(event.organisations), joined(event.terms), urls.event(event.id),
    )


def build_tables(site: Site, urls: Urls) -> list[Table]:
    """Every table, rows in the site's order (events by date, people as declared…)."""
    tables = [Table("evenements", "Événements de la chronologie",
                    "Un événement par ligne, dans l'ordre chronologique.",
                    event_columns(), [event_row(site, urls, e) for e in site.events])]

    projects = [(
        p.id, p.name, p.acronym, joined([str(y) for y in p.years]), p.where,
        plain_text(p.summary), plain_text(p.actors) if p.actors else None,
        "\n".join(f"- {plain_text(x)}" for x in p.learnings) or None,
        joined(p.people), joined(p.organisations), joined(p.terms),
        joined([e.id for e in site.events_of[f"project:{p.id}"]]), urls.project(p.id),
    ) for p in site.projects.values()]
    tables.append(Table("terrains", "Terrains de recherche", "Une fiche terrain par ligne.", (
        _ID, Column("nom", "Nom du terrain.", required=True), Column("sigle", "Sigle."),
        Column("annees", "Années où le programme l'a suivi, séparées par « | »."),
        Column("lieu", "Où."), Column("resume", "Le projet, en texte brut.", required=True),
        Column("acteurs", "Qui, en texte brut."),
        Column("apprentissages", "Ce que le programme en a appris, un point par ligne."),
        _ids("personnes", "personnes"), _ids("organisations", "organisations"),
        _ids("notions", "notions du glossaire"), _ids("evenements", "événements qui le citent"),
        _URL), projects))

    people = []
    for person in site.people.values():
        seats = site.seats_of[f"person:{person.id}"]
        people.append((
            person.id, person.name, split_name(person).family, person.role, person.discipline,
            person.affiliation, joined(person.organisations),
            joined(list(dict.fromkeys(s.committee.id for s in seats))),
            joined([_seat(s.committee.name, s.role, s.organisation.name if s.organisation
                          else None) for s in seats]),
            joined([e.id for e in site.events_of[f"person:{person.id}"]]),
            urls.person(person.id)))
    tables.append(Table("personnes", "Personnes", "Une personne par ligne.", (
        _ID, Column("nom", "Nom complet.", required=True),
        Column("nom_de_famille", "Nom de famille, pour trier et citer."),
        Column("role", "Rôle ou fonction."), Column("discipline", "Discipline."),
        Column("affiliation", "Affiliation."), _ids("organisations", "organisations"),
        _ids("comites", "comités où elle siège (table du jeu JSON)"),
        Column("sieges", "Sièges aux comités : « comité : rôle (organisation) », séparés par "
                         "« | »."),
        _ids("evenements", "événements qui la citent"), _URL), people))

    organisations = [(o.id, o.name, o.acronym, o.kind, o.website,
                      plain_text(o.summary) if o.summary else None, urls.organisation(o.id))
                     for o in site.organisations.values()]
    tables.append(Table("organisations", "Organisations", "Une organisation par ligne.", (
        _ID, Column("nom", "Nom.", required=True), Column("sigle", "Sigle."),
        Column("type", "Nature de l'organisation."), Column("site_web", "Site web."),
        Column("resume", "Présentation, en texte brut."), _URL), organisations))

    definitions = []
    for term in site.terms.values():
        for number, definition in enumerate(term.definitions, start=1):
            definitions.append((
                term.id, number, term.term, term.acronym,
                definition.date.iso() if definition.date else None, definition.event,
                definition.source, plain_text(definition.text), joined(term.see_also),
                urls.term(term.id)))
    tables.append(Table("glossaire", "Glossaire : notions et définitions datées",
                        "Une définition par ligne ; une notion qui en a plusieurs occupe "
                        "plusieurs lignes, de la plus ancienne à la plus récente.", (
        Column("id", "Identifiant de la notion.", required=True, pattern=ID_PATTERN),
        Column("numero", "Rang de la définition pour cette notion (1, 2…).", "integer",
               required=True),
        Column("terme", "La notion.", required=True), Column("sigle", "Son sigle."),
        Column("date", "Date de la définition, à sa précision.", pattern=DATE_PATTERN),
        Column("evenement", "Identifiant de l'événement où elle a été posée.",
               pattern=ID_PATTERN),
        Column("source", "Source de la définition."),
        Column("definition", "La définition, en texte brut.", required=True),
        _ids("voir_aussi", "notions liées"), _URL), definitions,
        primary_key=("id", "numero"), foreign_keys=(("evenement", "evenements", "id"),)))

    publications = [(
        p.id, p.title, p.status, p.date.iso() if p.date else None, p.publisher,
        site.organisations[p.publisher].name if p.publisher else None, p.issue,
        plain_text(p.summary) if p.summary else None, len(p.articles),
        urls.publication(p.id)) for p in site.publications]
    tables.append(Table("publications", "Publications", "Une publication par ligne.", (
        _ID, Column("titre", "Titre.", required=True), Column("statut", "Statut.",
                                                              required=True),
        Column("date", "Date, à sa précision.", pattern=DATE_PATTERN),
        Column("editeur", "Identifiant de l'organisation qui la publie.", pattern=ID_PATTERN),
        Column("editeur_nom", "Nom de cette organisation."),
        Column("numero", "Numéro de la revue."),
        Column("resume", "Présentation, en texte brut."),
        Column("articles", "Nombre d'articles connus (table articles).", "integer",
               required=True), _URL), publications,
        foreign_keys=(("editeur", "organisations", "id"),)))

    articles = []
    for publication in site.publications:
        slugs = article_slugs(publication.articles)
        for number, (article, article_slug) in enumerate(
                zip(publication.articles, slugs, strict=True), start=1):
            articles.append((
                publication.id, number, article.title, article.kind,
                joined(article.authors), joined([site.people[i].name for i in article.authors]),
                joined(article.contributors),
                joined([site.people[i].name for i in article.contributors]),
                article.page, urls.article(publication.id, article_slug)))
    tables.append(Table("articles", "Articles des publications",
                        "Un article par ligne, dans l'ordre de sa publication.", (
        Column("publication", "Identifiant de la publication (table publications).",
               required=True, pattern=ID_PATTERN),
        Column("numero", "Rang de l'article dans la publication.", "integer", required=True),
        Column("titre", "Titre.", required=True), Column("rubrique", "Rubrique."),
        _ids("auteurs", "auteurs (table personnes)"),
        Column("auteurs_noms", "Noms des auteurs, séparés par « | »."),
        _ids("contributeurs", "contributeurs (table personnes)"),
        Column("contributeurs_noms", "Noms des contributeurs, séparés par « | »."),
        Column("page", "Page où l'article commence.", "integer"),
        Column("url", "Adresse de la notice de l'article sur le site.", required=True)),
        articles, primary_key=("publication", "numero"),
        foreign_keys=(("publication", "publications", "id"),)))
    return tables


def _seat(committee: str, role: str | None, organisation: str | None) -> str:
    text = committee + (f" : {role}" if role else "")
    return text + (f" ({organisation})" if organisation else "")


def data_package(tables: list[Table], title: str, description: str,
                 updated: str | None, homepage: str) -> dict[str, Any]:
    """The Data Package that lists the tables, their dialect and their schemas."""
    package: dict[str, Any] = {
        "name": "regard", "title": title, "description": description, "homepage": homepage,
        "resources": [{
            "name": t.name, "title": t.title, "description": t.description,
            "path": t.path.removeprefix("donnees/"),
            "schema": t.schema_path.removeprefix("donnees/"),
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
            "dialect": {"delimiter": DELIMITER, "lineTerminator": "\r\n", "quoteChar": '"',
                        "doubleQuote": True, "header": True},
        } for t in tables],
    }
    if updated:
        package["created"] = f"{updated}T00:00:00Z"
    return package

