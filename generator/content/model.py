"""The shape of every content file: the single source of truth.

Pydantic models validate the data read by :mod:`generator.content.load`; messages
raised here are French because they reach the people who edit the content.
Cross-references between files are checked later, in :mod:`generator.content.validate`.

Over 500 lines as one concept: the shape of the content, one model per file and record.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from ..text.slugs import slug
from .characters import cleaned, described, odd_indexes, shown
from .dates import FIRST_YEAR, LAST_YEAR, PartialDate

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ID = ID_PATTERN
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
PLACEHOLDER = "À compléter."
"""What ``regard new`` writes where staff must write the text; ``check`` refuses it."""


def invisible(text: str) -> tuple[str, str] | None:
    """``text`` with its unusual spaces, invisible characters and look-alikes of « - »
    shown as ``⟨U+00A0⟩``, and what the first one is; None if it has none. Word processors
    and web pages leave them where staff see an ordinary space, a hyphen, or nothing."""
    odd = odd_indexes(text)
    if not odd:
        return None
    return shown(text), described(text[odd[0]])


MAX_ID_LENGTH = 80
"""An id names a page file on some records: far below the 255 bytes a file name may have."""


def _check_id(value: str) -> str:
    odd = invisible(value)
    if odd:
        seen, what = odd
        raise ValueError(f"identifiant « {seen} » invalide : il contient {what} ; écrivez "
                         f"« {slug(cleaned(value))} »")
    if not _ID.match(value):
        # With the exact fix to write, a second, unrelated example would only confuse.
        better = slug(value)
        rule = "lettres minuscules sans accent, chiffres et tirets seulement"
        if better:
            raise ValueError(f"identifiant « {value} » invalide : écrivez « {better} » ({rule})")
        raise ValueError(f"identifiant « {value} » invalide ({rule}, par exemple "
                         "« sortie-terrain-chatel »)")
    if len(value) > MAX_ID_LENGTH:
        raise ValueError(f"identifiant trop long ({len(value)} caractères, {MAX_ID_LENGTH} au "
                         "plus) : raccourcissez-le")
    return value


def _check_page_id(value: str) -> str:
    # A project's or a person's id names its page: « index » would replace the page that
    # lists them all.
    if value == "index":
        raise ValueError("identifiant « index » réservé : c'est le nom de la page qui les "
                         "liste tous ; choisissez-en un autre")
    return value


def _check_colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise ValueError(f"couleur « {value} » invalide : écrivez-la #RRGGBB (par exemple #2e7d32)")
    return value


EMPTY_TEXT = "texte vide : écrivez quelque chose ou retirez le champ"
"""Raised for a blank text; validation says it with the field's name."""


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError(EMPTY_TEXT)
    return value.strip()


_ID_SCHEMA = {"type": "string", "pattern": _ID.pattern, "maxLength": MAX_ID_LENGTH,
              "description": "Identifiant : minuscules sans accent, chiffres et tirets, par "
                             "exemple sortie-terrain-chatel."}
Id = Annotated[str, AfterValidator(_check_id), WithJsonSchema(_ID_SCHEMA)]
"""The id a record declares."""
PageId = Annotated[str, AfterValidator(_check_id), AfterValidator(_check_page_id),
                   WithJsonSchema({**_ID_SCHEMA, "not": {"const": "index"}})]
"""The id of a record that has its own page (a project, a person)."""
def _check_reference(value: str) -> str:
    if not value.strip():
        raise ValueError(EMPTY_TEXT)
    return value.strip()


Ref = Annotated[str, AfterValidator(_check_reference), WithJsonSchema(_ID_SCHEMA)]
"""The id of another record. Its spelling is checked with the reference itself, in
:mod:`generator.content.validate`, so that a name written instead of an id gets one message that
names the right id."""
Text = Annotated[str, AfterValidator(_check_text),
                 WithJsonSchema({"type": "string", "minLength": 1})]


class Markdown:
    """Marks a text field the pages render as Markdown (the templates' ``markdown``
    filter): validation renders each one as the build will, and reports a text the
    Markdown engine cannot read at the field's line."""


MarkdownText = Annotated[str, AfterValidator(_check_text), Markdown(),
                         WithJsonSchema({"type": "string", "minLength": 1,
                                         "description": "Texte en Markdown (*italique*, "
                                                        "**gras**, listes, liens)."})]

_URL_CHARS = re.compile(r"^[\w.~/%#?=&+-]+$")
_DOMAIN = re.compile(r"^(www\.[^/]+|[a-z0-9-]+(\.[a-z0-9-]+)*\.(fr|com|org|net|eu|info|coop|"
                     r"io|be|ch|de|es|it|uk))(/.*)?$", re.IGNORECASE)
"""A web address written without its scheme (``www.exemple.fr``): not a path of the site."""


def _check_url(value: str) -> str:
    """http(s), mailto: or a path inside the site; nothing that could run or escape."""
    if "\\" in value or re.match(r"^(file:|[A-Za-z]:[/\\])", value):
        raise ValueError(f"adresse « {value} » refusée : c'est un fichier de votre ordinateur, "
                         "que le site ne peut pas montrer ; déposez-le dans content/pages/"
                         "documents/ et écrivez documents/nom-du-fichier.pdf")
    if any(ch.isspace() for ch in value):
        raise ValueError(f"adresse « {value} » refusée : une adresse s'écrit sans espace ; "
                         "remplacez chaque espace par %20 (ou renommez le fichier avec des "
                         "tirets)")
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        if not parts.netloc or parts.netloc.startswith(("-", ".")):
            raise ValueError(f"adresse « {value} » incomplète : écrivez le nom du site après "
                             f"« {scheme}:// »")
        return value
    if scheme == "mailto":
        if "@" not in parts.path:
            raise ValueError(f"adresse « {value} » incomplète : écrivez une adresse e-mail "
                             "après « mailto: »")
        return value
    if scheme or value.startswith("//"):
        raise ValueError(f"adresse « {value} » refusée : seules les adresses https:// (ou "
                         "http://), mailto: et les chemins de fichiers du site "
                         "(documents/cr-comite.pdf) sont acceptés")
    if value.startswith("/"):
        raise ValueError(f"chemin « {value} » refusé : un chemin du site ne commence pas par "
                         f"« / » ; écrivez « {value.lstrip('/')} »")
    if _DOMAIN.match(value):
        raise ValueError(f"adresse « {value} » : il manque https:// au début ; écrivez "
                         f"https://{value}")
    if not _URL_CHARS.match(value):
        raise ValueError(f"chemin « {value} » refusé : un chemin du site s'écrit avec des "
                         "lettres, chiffres, tirets, points et « / »")
    normalised = posixpath.normpath(parts.path) if parts.path else "."
    if normalised == ".." or normalised.startswith("../"):
        raise ValueError(f"chemin « {value} » refusé : il sort du site (les chemins partent du "
                         "dossier content/pages/)")
    return value


Url = Annotated[str, AfterValidator(_check_text), AfterValidator(_check_url),
                WithJsonSchema({"type": "string", "minLength": 1,
                                "pattern": r"^(https?://[^\s/]|mailto:[^\s]+@|[\w.~%-])"
                                           r"[^\s\\]*$",
                                "description": "https://…, mailto:… ou un chemin du site à "
                                               "partir de content/pages/ (media/photo.jpg)."})]


def _check_image(value: str) -> str:
    """An image is a file of the site: the site loads nothing from other hosts."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE) or value.startswith("//"):
        raise ValueError(f"image « {value} » refusée : le site ne charge rien depuis un autre "
                         "site ; déposez le fichier dans content/pages/media/ et écrivez "
                         "media/nom-du-fichier.jpg")
    if any(ch.isspace() for ch in value):
        raise ValueError(f"image « {value} » refusée : un chemin d'image s'écrit sans espace ; "
                         "renommez le fichier avec des tirets (media/sortie-terrain.jpg)")
    return _check_url(value)


ImageSrc = Annotated[str, AfterValidator(_check_text), AfterValidator(_check_image),
                     WithJsonSchema({"type": "string", "minLength": 1,
                                     "pattern": r"^[\w.~%-][^\s\\:]*$",
                                     "description": "Image déposée dans content/pages/media/, "
                                                    "écrite media/nom-du-fichier.jpg."})]


def _check_year(value: int) -> int:
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValueError(f"année {value} hors limites ({FIRST_YEAR} à {LAST_YEAR})")
    return value


Year = Annotated[int, AfterValidator(_check_year),
                 WithJsonSchema({"type": "integer", "minimum": FIRST_YEAR,
                                 "maximum": LAST_YEAR})]
Page = Annotated[int, Field(ge=1, le=10_000)]
Colour = Annotated[str, AfterValidator(_check_colour),
                   WithJsonSchema({"type": "string", "pattern": _COLOUR.pattern})]
Date = Annotated[
    PartialDate,
    BeforeValidator(PartialDate.parse),
    PlainSerializer(lambda d: d.iso(), return_type=str),
    WithJsonSchema({
        "description": "Une année (2014), un mois (2023-03) ou un jour (2025-11-28).",
        "anyOf": [
            {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
            {"type": "string",
             "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"},
        ]}),
]


class Record(BaseModel):
    """Base of every record: unknown fields are errors, text is stripped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              arbitrary_types_allowed=True)


_FORMER_IDS = ("Anciens identifiants de l'élément, après un renommage : ses anciennes adresses "
               "(page et ancre) mènent encore à lui. Aucun ne peut être l'identifiant, actuel "
               "ou ancien, d'un autre élément du même type.")
FormerIds = Annotated[list[Id], Field(description=_FORMER_IDS)]
"""The ids a record had before it was renamed: its old addresses keep leading to it."""
FormerPageIds = Annotated[list[PageId], Field(description=_FORMER_IDS)]
"""The former ids of a record that has its own page: each keeps a page address."""


class Category(Record):
    """A legend category of the chronology."""

    id: Id
    label: Text = Field(description="Nom affiché, par exemple « Éléments théoriques ».")
    colour: Colour
    icon: Text = Field(description="Symbole affiché avec le libellé (un caractère).")
    description: MarkdownText | None = None
    former_ids: FormerIds = []


class Period(Record):
    """A stretch of the programme's history."""

    id: Id
    title: Text
    start: Date
    end: Date | None = None
    summary: MarkdownText | None = None
    former_ids: FormerIds = []

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: PartialDate | None, info: ValidationInfo) -> Any:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise ValueError(f"la fin ({end}) précède le début ({start})")
        return end


class Resource(Record):
    """A document tied to an event, such as a meeting's minutes."""

    title: Text
    url: Url | None = Field(None, description="Adresse du document : https://…, ou un chemin "
                                              "du site (documents/cr-comite.pdf).")


class Quote(Record):
    text: Text
    attribution: Text


class Media(Record):
    """An image; ``alt`` is required so that every reader gets its content."""

    src: ImageSrc
    alt: Text
    credit: Text | None = None


class Spanned(Record):
    """A record dated by a start and an optional end."""

    date: Date
    end: Date | None = None

    @field_validator("end")
    @classmethod
    def _end_after_start(cls, end: PartialDate | None, info: ValidationInfo) -> Any:
        start = info.data.get("date")
        if end is not None and start is not None and end < start:
            raise ValueError(f"la fin ({end}) précède le début ({start})")
        return end


class Event(Spanned):
    """One dated entry of the chronology."""

    id: Id
    title: Text
    categories: list[Ref] = Field(min_length=1)
    summary: MarkdownText
    projects: list[Ref] = []
    people: list[Ref] = []
    organisations: list[Ref] = []
    terms: list[Ref] = []
    resources: list[Resource] = []
    quote: Quote | None = None
    quotes: list[Quote] = Field([], description="Plusieurs citations, chacune avec text et "
                                "attribution ; elles s'affichent après « quote ».")
    media: list[Media] = []
    tags: list[Text] = []
    former_ids: FormerIds = []


class Timeline(Record):
    """``timeline.yml``."""

    legend: list[Category] = Field(min_length=1)
    periods: list[Period] = []
    events: list[Event]


PROJECT_KINDS = ("terrain", "étude de cas")
"""Kinds of project sheet: one of the programme's research fields, or a case it studied."""


def _check_project_kind(value: str) -> str:
    if value not in PROJECT_KINDS:
        raise ValueError(f"type de fiche « {value} » inconnu : écrivez « terrain » (un des "
                         "terrains de recherche du programme) ou « étude de cas »")
    return value


ProjectKind = Annotated[str, AfterValidator(_check_project_kind),
                        WithJsonSchema({"type": "string", "enum": list(PROJECT_KINDS)})]


class Project(Record):
    """A research field ("terrain"), or a case the programme studied that is not one:
    ``content/projects/<id>.yml``."""

    id: PageId
    kind: ProjectKind = Field(
        "terrain", description="« terrain » (par défaut) : un des terrains de recherche du "
        "programme ; « étude de cas » : un cas étudié par le programme sans être l'un de ses "
        "terrains (compté à part).")
    name: Text
    acronym: Text | None = None
    summary: MarkdownText
    where: Text | None = None
    actors: MarkdownText | None = None
    years: list[Year] = Field(min_length=1)
    learnings: list[MarkdownText] = []
    people: list[Ref] = []
    organisations: list[Ref] = []
    terms: list[Ref] = []
    media: list[Media] = []
    former_ids: FormerPageIds = []


class Definition(Record):
    """One dated wording of a term."""

    text: MarkdownText
    date: Date | None = None
    event: Ref | None = None
    source: Text | None = None


class Mention(Record):
    """Where the source names a term without defining it: its own words there."""

    text: MarkdownText
    event: Ref | None = None
    source: Text | None = None


class Term(Record):
    id: Id
    term: Text
    acronym: Text | None = None
    definitions: list[Definition] = Field([], description="Les définitions que la source "
                                          "donne du terme, de la plus ancienne à la plus "
                                          "récente.")
    mentions: list[Mention] = Field([], description="Si la source nomme le terme sans le "
                                    "définir : ses mots là où elle le nomme (text), et "
                                    "l'événement (event) ; jamais présentés comme une "
                                    "définition.")
    see_also: list[Ref] = []
    former_ids: FormerIds = []

    @model_validator(mode="after")
    def _said(self) -> Term:
        if not self.definitions and not self.mentions:
            raise ValueError("un terme a au moins une définition (definitions) ou, si la "
                             "source le nomme sans le définir, une mention (mentions)")
        return self


class Glossary(Record):
    """``content/glossary.yml``."""

    terms: list[Term]


class Person(Record):
    id: PageId
    name: Text
    sort_name: Text | None = Field(None, description="Clé de tri, par défaut le nom de famille.")
    aliases: list[Text] = Field([], description="Autres graphies du nom dans la source, pour "
                                "que la recherche trouve la personne ; le nom affiché reste name.")
    role: Text | None = None
    discipline: Text | None = None
    affiliation: Text | None = None
    organisations: list[Ref] = []
    former_ids: FormerPageIds = []


class People(Record):
    """``content/people.yml``."""

    people: list[Person]


class Organisation(Record):
    id: Id
    name: Text
    acronym: Text | None = None
    kind: Text | None = None
    website: Url | None = None
    summary: MarkdownText | None = None
    former_ids: FormerIds = []


class Organisations(Record):
    """``content/organisations.yml``."""

    organisations: list[Organisation]


class Seat(Record):
    """A committee seat: one or more people, for an organisation or not."""

    people: list[Ref] = []
    organisation: Ref | None = None
    role: Text | None = None

    @model_validator(mode="after")
    def _someone(self) -> Seat:
        if not self.people and self.organisation is None:
            raise ValueError("un siège nomme au moins une personne (people) ou une "
                             "organisation (organisation) : ajoutez-en une, ou retirez ce "
                             "siège (du « - » à la ligne avant le siège suivant)")
        return self


class Committee(Record):
    id: Id
    name: Text
    mission: MarkdownText
    summary: MarkdownText | None = None
    hosts: list[Ref] = Field([], description="Organisations qui coaniment le comité.")
    members: list[Seat] = []
    former_ids: FormerIds = []


class Committees(Record):
    """``content/committees.yml``."""

    committees: list[Committee]


class Article(Record):
    title: Text
    authors: list[Ref] = []
    contributors: list[Ref] = []
    page: Page | None = None
    kind: Text | None = None
    featured: list[Ref] = Field([], description="Personnes mises à l'honneur par l'article sans en "
                               "être les auteurs (rubriques « Le regard de… », « Paroles à… ») : "
                               "leurs noms suivent le titre.")


PUBLICATION_STATUSES = ("publiée", "soutenue", "en préparation")
"""Where a publication stands; the citations tell an unpublished one apart."""


def _check_status(value: str) -> str:
    if value in PUBLICATION_STATUSES:
        return value
    listed = ", ".join(PUBLICATION_STATUSES)
    close = difflib.get_close_matches(value.lower(), PUBLICATION_STATUSES, n=1, cutoff=0.7)
    if close:
        raise ValueError(f"statut « {value} » inconnu : écrivez « {close[0]} » (valeurs "
                         f"possibles : {listed})")
    raise ValueError(f"statut « {value} » inconnu ; valeurs possibles : {listed}")


Status = Annotated[str, AfterValidator(_check_text), AfterValidator(_check_status),
                   WithJsonSchema({"type": "string", "enum": list(PUBLICATION_STATUSES)})]


class Publication(Record):
    id: Id
    title: Text
    status: Status = Field(description="« publiée », « soutenue » (une thèse) ou « en "
                           "préparation ».")
    date: Date | None = None
    publisher: Ref | None = None
    issue: Text | None = Field(None, description="Numéro de la revue (l'éditeur), tel que la "
                               "source le nomme, par exemple « hors-série (automne 2025) ».")
    summary: MarkdownText | None = None
    articles: list[Article] = []
    exhaustive: bool = Field(True, description="false quand la source ne donne qu'une partie "
                             "des articles (« parmi les sujets traités ») : la page le dit.")
    quotes: list[Quote] = Field([], description="Passages de la publication cités sur sa "
                                "notice, chacun avec text (les mots de la source) et "
                                "attribution.")
    former_ids: FormerIds = []


class Publications(Record):
    """``content/publications.yml``."""

    publications: list[Publication]


class Axis(Record):
    title: Text
    text: MarkdownText
    example: Text | None = None


class Home(Record):
    """``content/home.yml``: the home page's words; its figures come from the data."""

    title: Text
    tagline: Text
    intro: MarkdownText
    axes: list[Axis] = []


FILE_MODELS: dict[str, type[Record]] = {
    "timeline.yml": Timeline,
    "content/glossary.yml": Glossary,
    "content/people.yml": People,
    "content/organisations.yml": Organisations,
    "content/committees.yml": Committees,
    "content/publications.yml": Publications,
    "content/home.yml": Home,
}
"""Each fixed content file and its model; project sheets use :class:`Project`."""

PROJECTS_DIR = "content/projects"

PAGES_DIR = "content/pages"
"""Hand-written pages and the files the site serves as they are (images under media/)."""

