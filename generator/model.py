"""The shape of every content file: the single source of truth.

Pydantic models validate the data read by :mod:`generator.load`; messages
raised here are French because they reach the people who edit the content.
Cross-references between files are checked later, in :mod:`generator.validate`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

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

from .dates import PartialDate

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(f"identifiant « {value} » invalide : lettres minuscules sans accent, "
                         "chiffres et tirets seulement (par exemple « sortie-terrain-chatel »)")
    return value


def _check_colour(value: str) -> str:
    if not _COLOUR.match(value):
        raise ValueError(f"couleur « {value} » invalide : écrivez-la #RRGGBB (par exemple #2e7d32)")
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("texte vide : écrivez quelque chose ou retirez le champ")
    return value.strip()


Id = Annotated[str, AfterValidator(_check_id),
               WithJsonSchema({"type": "string", "pattern": _ID.pattern,
                               "description": "Identifiant : minuscules sans accent, chiffres "
                                              "et tirets, par exemple sortie-terrain-chatel."})]
Text = Annotated[str, AfterValidator(_check_text),
                 WithJsonSchema({"type": "string", "minLength": 1})]
Colour = Annotated[str, AfterValidator(_check_colour),
                   WithJsonSchema({"type": "string", "pattern": _COLOUR.pattern})]
Date = Annotated[
    PartialDate,
    BeforeValidator(PartialDate.parse),
    PlainSerializer(lambda d: d.iso(), return_type=str),
    WithJsonSchema({
        "description": "Une année (2014), un mois (2023-03) ou un jour (2025-11-28).",
        "anyOf": [
            {"type": "integer", "minimum": 1000, "maximum": 9999},
            {"type": "string",
             "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"},
        ]}),
]


class Record(BaseModel):
    """Base of every record: unknown fields are errors, text is stripped."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True,
                              arbitrary_types_allowed=True)


class Category(Record):
    """A legend category of the chronology."""

    id: Id
    label: Text = Field(description="Nom affiché, par exemple « Éléments théoriques ».")
    colour: Colour
    icon: Text = Field(description="Symbole affiché avec le libellé (un caractère).")
    description: Text | None = None


class Period(Record):
    """A stretch of the programme's history."""

    id: Id
    title: Text
    start: Date
    end: Date | None = None
    summary: Text | None = None


class Resource(Record):
    """A document tied to an event, such as a meeting's minutes."""

    title: Text
    url: Text | None = None


class Quote(Record):
    text: Text
    attribution: Text


class Media(Record):
    """An image; ``alt`` is required so that every reader gets its content."""

    src: Text
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
    categories: list[Id] = Field(min_length=1)
    summary: Text
    projects: list[Id] = []
    people: list[Id] = []
    organisations: list[Id] = []
    terms: list[Id] = []
    resources: list[Resource] = []
    quote: Quote | None = None
    quotes: list[Quote] = Field([], description="Plusieurs citations, chacune avec text et "
                                "attribution ; elles s'affichent après « quote ».")
    media: list[Media] = []
    tags: list[Text] = []


class Timeline(Record):
    """``timeline.yml``."""

    legend: list[Category] = Field(min_length=1)
    periods: list[Period] = []
    events: list[Event] = []


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

    id: Id
    kind: ProjectKind = Field(
        "terrain", description="« terrain » (par défaut) : un des terrains de recherche du "
        "programme ; « étude de cas » : un cas étudié par le programme sans être l'un de ses "
        "terrains (compté à part).")
    name: Text
    acronym: Text | None = None
    summary: Text
    where: Text | None = None
    actors: Text | None = None
    years: list[int] = Field(min_length=1)
    learnings: list[Text] = []
    people: list[Id] = []
    organisations: list[Id] = []
    terms: list[Id] = []
    media: list[Media] = []


class Definition(Record):
    """One dated wording of a term."""

    text: Text
    date: Date | None = None
    event: Id | None = None
    source: Text | None = None


class Term(Record):
    id: Id
    term: Text
    acronym: Text | None = None
    definitions: list[Definition] = Field(min_length=1)
    see_also: list[Id] = []


class Glossary(Record):
    """``content/glossary.yml``."""

    terms: list[Term] = []


class Person(Record):
    id: Id
    name: Text
    sort_name: Text | None = Field(None, description="Clé de tri, par défaut le nom de famille.")
    aliases: list[Text] = Field([], description="Autres graphies du nom dans la source, pour "
                                "que la recherche trouve la personne ; le nom affiché reste name.")
    role: Text | None = None
    discipline: Text | None = None
    affiliation: Text | None = None
    organisations: list[Id] = []


class People(Record):
    """``content/people.yml``."""

    people: list[Person] = []


class Organisation(Record):
    id: Id
    name: Text
    acronym: Text | None = None
    kind: Text | None = None
    website: Text | None = None
    summary: Text | None = None


class Organisations(Record):
    """``content/organisations.yml``."""

    organisations: list[Organisation] = []


class Seat(Record):
    """A committee seat: one or more people, for an organisation or not."""

    people: list[Id] = []
    organisation: Id | None = None
    role: Text | None = None

    @model_validator(mode="after")
    def _someone(self) -> Seat:
        if not self.people and self.organisation is None:
            raise ValueError("un siège nomme au moins une personne (people) ou une "
                             "organisation (organisation)")
        return self


class Committee(Record):
    id: Id
    name: Text
    mission: Text
    summary: Text | None = None
    hosts: list[Id] = Field([], description="Organisations qui coaniment le comité.")
    members: list[Seat] = []


class Committees(Record):
    """``content/committees.yml``."""

    committees: list[Committee] = []


class Article(Record):
    title: Text
    authors: list[Id] = []
    contributors: list[Id] = []
    page: int | None = None
    kind: Text | None = None
    featured: list[Id] = Field([], description="Personnes mises à l'honneur par l'article sans en "
                               "être les auteurs (rubriques « Le regard de… », « Paroles à… ») : "
                               "leurs noms suivent le titre.")


class Publication(Record):
    id: Id
    title: Text
    status: Text = Field(description="« publiée » ou « en préparation ».")
    date: Date | None = None
    publisher: Id | None = None
    issue: Text | None = Field(None, description="Numéro de la revue (l'éditeur), tel que la "
                               "source le nomme, par exemple « hors-série (automne 2025) ».")
    summary: Text | None = None
    articles: list[Article] = []
    exhaustive: bool = Field(True, description="false quand la source ne donne qu'une partie "
                             "des articles (« parmi les sujets traités ») : la page le dit.")


class Publications(Record):
    """``content/publications.yml``."""

    publications: list[Publication] = []


class Axis(Record):
    title: Text
    text: Text
    example: Text | None = None


class Home(Record):
    """``content/home.yml``: the home page's words; its figures come from the data."""

    title: Text
    tagline: Text
    intro: Text
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

