"""Open data: the checked content as files a reader can download, reuse and cite.

:func:`open_data` is the one entry point, for any engine: from a :class:`~generator.content.site.
Site`, the site's address and the content's last change, it returns every file (path under
``donnees/`` and bytes) and the « Données ouvertes » page that describes them. Nothing here
reads the clock or the disk, so two builds of the same content give the same bytes.

- ``tables``: CSV tables with their Table Schemas and a Data Package;
- ``dataset``: the whole content as JSON, one JSON per kind, their JSON Schema;
- ``timelinejs``: the chronology for TimelineJS 3;
- ``feeds``: the chronology as Atom and iCalendar;
- citations (:mod:`generator.outputs.citation_formats`): BibTeX and RIS, per record and in bulk.

``OpenData.files`` and ``OpenData.citation_files`` together are every file to publish.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field

from ...content.site import Site
from ...pages.chronology import Chronology, split
from ...pages.citations import Citations, Reference
from ...pages.pages import GeneratedPage, Renderer
from ...text.markup import plain_text
from ...text.urls import Urls, article_slugs, citation_file
from .. import editor_schemas
from ..citation_formats import bibtex, ris
from . import dataset, feeds, tables, timelinejs

PAGE_PATH = "donnees/index.md"
TITLE = "RegarD — chronologie du programme de R&D de Clus'Ter Jura"
DATASET_TITLE = "RegarD, centre de ressources R&D de Clus'Ter Jura : données ouvertes"
BIBTEX_PATH = "donnees/citations.bib"
RIS_PATH = "donnees/citations.ris"
TIMELINE_PATH = "donnees/chronologie.timeline.json"
PACKAGE_PATH = "donnees/datapackage.json"


@dataclass(frozen=True)
class Download:
    """One file described on « Données ouvertes »."""

    path: str
    title: str
    format: str
    description: str
    content: bytes
    fields: tuple[tuple[str, str], ...] = ()
    """(name, what it holds) of its columns or fields."""

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def link(self) -> str:
        """Its address relative to the page that lists it (``donnees/``)."""
        return posixpath.relpath(self.path, posixpath.dirname(PAGE_PATH))


@dataclass
class OpenData:
    """Everything :func:`open_data` makes."""

    downloads: dict[str, list[Download]] = field(default_factory=dict)
    """Files described on the page, by section."""
    files: list[tuple[str, bytes]] = field(default_factory=list)
    """The files the pages link to (downloads and schemas), by path."""
    citation_files: list[tuple[str, bytes]] = field(default_factory=list)
    """One BibTeX and one RIS file per citable record (``donnees/citer/``): many, linked
    only from « Citer » boxes, so an engine may copy them without indexing them."""
    pages: list[GeneratedPage] = field(default_factory=list)
    updated: dt.date | None = None
    """The content's last change, the date every file carries."""


def references(site: Site, citations: Citations) -> list[Reference]:
    """Every citable record's reference, in the site's order."""
    refs = [citations.event(e) for e in site.events]
    refs += [citations.project(p) for p in site.projects.values()]
    refs += [citations.term(t) for t in site.terms.values()]
    for publication in site.publications:
        refs.append(citations.publication(publication))
        refs += [citations.article(publication, article, slug) for article, slug in
                 zip(publication.articles, article_slugs(publication.articles), strict=True)]
    return refs


def open_data(site: Site, site_url: str, updated: dt.date | None,
              chronology: Chronology | None = None) -> OpenData:
    """Every open-data file of the site and the page that lists them. ``chronology`` says
    which page shows each event (a large chronology is split by year)."""
    chronology = chronology or split(site.events)
    urls = Urls(site_url, chronology.page_of)
    result = OpenData(updated=updated)
    table_list = tables.build_tables(site, urls)
    result.downloads["Tableaux (CSV)"] = [
        Download(t.path, t.title, "CSV", t.description, t.csv(),
                 tuple((c.name, c.description) for c in t.columns)) for t in table_list]
    package = tables.data_package(table_list, DATASET_TITLE,
                                  "Les tableaux CSV de RegarD et leurs schémas.",
                                  updated.isoformat() if updated else None, urls.root)
    result.downloads["Descriptions des tableaux"] = [Download(
        PACKAGE_PATH, "Data Package", "JSON",
        "La liste des tableaux CSV, leur format (séparateur, encodage) et leurs schémas "
        "(Table Schema), lisible par frictionless et les outils de l'Open Knowledge "
        "Foundation.", dataset.dumps(package))]
    schemas = [(t.schema_path, dataset.dumps(t.schema())) for t in table_list]

    metadata, kinds = dataset.build_dataset(site, urls, updated, DATASET_TITLE)
    fields = tuple((key, f"Les {french} (un objet par enregistrement).")
                   for key, (_, _, french) in dataset.KINDS.items())
    json_downloads = [Download(
        dataset.DATASET_PATH, "Jeu de données complet", "JSON",
        "Tout le contenu du site : chaque enregistrement avec ses champs tels que le site "
        "les valide, son adresse (url) et ses renvois aux autres par identifiant.",
        dataset.dumps(metadata | kinds, compact=True),
        tuple((k, v) for k, v in dataset.METADATA_FR.items()) + fields)]
    for key, (_, name, french) in dataset.KINDS.items():
        json_downloads.append(Download(
            f"donnees/{name}.json", french.capitalize(), "JSON",
            f"Les {french} seuls, avec les mêmes métadonnées.",
            dataset.dumps(metadata | {key: kinds[key]}, compact=True),
            ((key, f"Les {french}."),)))
    json_downloads.append(Download(
        dataset.SCHEMA_PATH, "Schéma des fichiers JSON", "JSON Schema",
        "Le schéma (JSON Schema 2020-12) de tous les fichiers JSON ci-dessus, généré à "
        "partir du modèle qui valide le contenu.", dataset.dumps(dataset.json_schema(urls))))
    result.downloads["Données (JSON)"] = json_downloads

    result.downloads["Chronologie"] = [
        Download(TIMELINE_PATH, "Chronologie pour TimelineJS", "JSON (TimelineJS 3)",
                 "À charger dans TimelineJS 3 : une diapositive par événement, datée à sa "
                 "précision, regroupée par catégorie, les périodes en bandeaux (eras).",
                 dataset.dumps(timelinejs.timeline(site, urls, TITLE), compact=True), (
                     ("title", "Diapositive de titre."),
                     ("events", "Un événement par diapositive : start_date, end_date pour une "
                                "période, text (titre et résumé), group (catégorie), media."),
                     ("eras", "Les périodes du programme."))),
        Download(feeds.FEED_PATH, "Flux Atom", "Atom 1.0",
                 "Pour suivre la chronologie dans un lecteur de flux : un article par "
                 "événement, du plus récent au plus ancien, avec son lien sur le site.",
                 feeds.atom(site, urls, updated, TITLE)),
        Download(feeds.CALENDAR_PATH, "Calendrier", "iCalendar",
                 "À importer dans un agenda : chaque événement sur toute la journée, à sa "
                 "précision (un jour, un mois entier, une année entière pour un événement "
                 "daté d'une année seulement).", feeds.icalendar(site, urls, updated, TITLE)),
    ]

    citations = Citations(site, site_url, updated, plain_text, chronology.page_of)
    refs = references(site, citations)
    bib = [bibtex(r) for r in refs]
    ris_records = [ris(r) for r in refs]
    result.downloads["Citations"] = [
        Download(BIBTEX_PATH, "Toutes les références (BibTeX)", "BibTeX",
                 "Les références de chaque événement, terrain, notion, publication et article, "
                 "pour Zotero, JabRef ou LaTeX.", "\n".join(bib).encode("utf-8")),
        Download(RIS_PATH, "Toutes les références (RIS)", "RIS",
                 "Les mêmes références au format RIS (Zotero, EndNote, Mendeley).",
                 "".join(ris_records).encode("utf-8")),
    ]
    for downloads in result.downloads.values():
        result.files += [(d.path, d.content) for d in downloads]
    result.files += schemas
    # The editors' schemas, with the current ids: built with the site, never committed.
    result.files += editor_schemas.published(site)
    for ref, entry, record in zip(refs, bib, ris_records, strict=True):
        result.citation_files.append((citation_file(ref.key, "bib"), entry.encode("utf-8")))
        result.citation_files.append((citation_file(ref.key, "ris"), record.encode("utf-8")))
    result.pages.append(Renderer(site, chronology, site_url, updated).page(
        "open_data.md.j2", PAGE_PATH, downloads=result.downloads, updated=updated,
        schemas={t.path: t.schema_path for t in table_list}))
    return result
