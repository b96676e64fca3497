"""Links that texts write to the site's own pages (« publications/ », « glossaire/#ptce »):
each must name a page the site has, an event or term that exists, or a file it publishes."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel

from ...text.markup import (
    MarkupError,
    line_column,
    link_places,
    render_markdown,
    site_paths,
)
from ...text.urls import (
    GENERATED_PAGES,
    event_page,
    person_page,
    project_page,
    site_target,
)
from .. import load
from ..model import (
    PAGES_DIR,
)
from ..problems import Problems
from ..vocabulary import KINDS
from .fields import field_text, markdown_texts, posix_parent

GENERATED_FILES = frozenset({"chronologie.atom"})
"""Files the generator writes at the site's root that a text may link to (the open data's
files, under donnees/, depend on the content: any file name there is taken)."""


@dataclass
class SiteIndex:
    """What a link in a YAML text may name: the site's pages and files, and the anchors of
    the generated pages that have them (events, terms)."""

    root: Path
    records: set[str]
    """Pages of records, by path without « .md » (« terrains/chatel »)."""
    unknown: set[str]
    """Sections whose file could not be read: their links are not checked."""
    events: set[str]
    terms: set[str]
    files: dict[str, str] = field(default_factory=dict)
    """Every file of content/pages/ by its path in lower case."""
    renamed: Callable[[], Mapping[tuple[str, str], str]] = dict
    """(kind, old id) → new id, for the renames known (former_ids, or the base compared
    with); asked only when a link names no page, to say the address to write instead."""
    site_url: str = ""
    """Where the site is published (``site_url`` of mkdocs.yml, ending in « / »), or ""."""

    def __post_init__(self) -> None:
        pages = self.root / PAGES_DIR
        if pages.is_dir():
            self.files = {path.relative_to(pages).as_posix().lower():
                          path.relative_to(pages).as_posix()
                          for path in pages.rglob("*") if path.is_file()}
        self.site_url = self.site_url or published_at(self.root)

    @property
    def base_path(self) -> str:
        """The path the site is published under, without its first « / » (« regard/ »)."""
        return urlsplit(self.site_url).path.lstrip("/")

    @property
    def own_addresses(self) -> tuple[str, ...]:
        """How a full address of one of the site's pages starts (https and http)."""
        if not self.site_url:
            return ()
        rest = self.site_url.partition("://")[2]
        return (f"https://{rest}", f"http://{rest}")

    def page_keys(self) -> list[str]:
        written = {f.removesuffix(".md").removesuffix("/index").removesuffix("index")
                   for f in self.files.values() if f.endswith(".md")}
        return sorted(GENERATED_PAGES | self.records | written)


_SITE_URL = re.compile(r"""^site_url:[ \t]*["']?([^"'\s#]+)""", re.M)


def published_at(root: Path) -> str:
    """``site_url`` of the project's mkdocs.yml, ending in « / » ("" without one). Read
    as text: the file holds tags (``!!python/name``) that only MkDocs' loader knows."""
    try:
        found = _SITE_URL.search((root / "mkdocs.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""
    return found[1].rstrip("/") + "/" if found else ""


_PAGE_KINDS = {page("").removesuffix(".md"): kind for kind, page in
               (("person", person_page), ("project", project_page), ("event", event_page))}
"""The folder of each kind of record that has its own page: « personnes/ » → person."""


def _renamed_link(index: SiteIndex, what: str, written: str, kind: str, old: str
                  ) -> str | None:
    """A link to the former address of a renamed record: the address to write now."""
    new = index.renamed().get((kind, old))
    if new is None:
        return None
    target, hash_, anchor = written.partition("#")
    if kind in ("event", "term") and anchor == old:
        fixed = f"{target}#{new}"
    else:
        fixed = re.sub(rf"(^|/){re.escape(old)}(?=[/.?]|$)", lambda m: m[1] + new, target,
                       count=1) + hash_ + anchor
    said = KINDS[kind]
    return (f"{what} « {written} » : {said.noun} « {old} » renommé"
            f"{'e' if said.feminine else ''} en « {new} » : écrivez « {fixed} »")


def _near_page(index: SiteIndex, key: str) -> str:
    """The page a mistyped path most likely meant; for a record's page, a record of the
    same folder whose id is close (« personnes/ » alone would make any two people close)."""
    folder, _, record_id = key.rpartition("/")
    if folder + "/" not in _PAGE_KINDS:
        return _close(key, index.page_keys())
    ids = [k.rpartition("/")[2] for k in index.page_keys() if k.rpartition("/")[0] == folder]
    near = _close(record_id, ids)
    return f"{folder}/{near}" if near else ""


def _close(word: str, choices: list[str]) -> str:
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return found[0] if found else ""


def site_link_problem(index: SiteIndex, attribute: str, written: str) -> str | None:
    """What is wrong with a link (``href``) or an image (``src``) of a YAML text that names a
    path of the site, if anything.

    The text shows on pages of different depths (a summary on the chronology, on a year's
    page, on a person's page), so a link names its page from the site's root, as the
    navigation does."""
    what = "image" if attribute == "src" else "lien"
    if index.own_addresses and written.startswith(index.own_addresses):
        return _full_address_problem(index, attribute, written)
    target, _, anchor = written.partition("#")
    if written.startswith("//"):
        return (f"{what} « {written} » : une adresse d'un autre site commence par https:// "
                f"(écrivez https:{written})")
    if target.startswith("www."):
        return f"{what} « {written} » : il manque https:// au début ; écrivez https://{written}"
    if not target:
        page = ("chronologie" if anchor in index.events else
                "glossaire" if anchor in index.terms else "la-page")
        return (f"{what} « {written} » : ce texte s'affiche sur plusieurs pages ; écrivez la page "
                f"avant l'ancre, depuis la racine du site (par exemple « {page}/{written} »)")
    if target.startswith(("/", "./", "../")) or "\\" in target:
        fixed = re.sub(r"^(?:\.{1,2}/|/)+", "", target.replace("\\", "/"))
        fixed = _without_base(index, fixed) or "index.md"
        fixed = _best_path(index, attribute, fixed + (f"#{anchor}" if anchor else ""))
        return (f"{what} « {written} » : ce texte apparaît sur plusieurs pages du site ; "
                "écrivez le chemin depuis la racine du site, sans « ../ » ni « / » au début : "
                f"« {fixed} »")
    resolved = site_target(written)
    assert resolved is not None  # a path written from a page is refused above
    kind, path, anchor = resolved
    if kind == "file":
        if path in GENERATED_FILES or index.files.get(path.lower()) == path or \
                re.fullmatch(r"donnees/[^/]+", path):
            return None
        case = index.files.get(path.lower())
        hint = (f" ; attention aux majuscules : le fichier s'écrit « {case} »" if case else
                f" : déposez-le dans {PAGES_DIR}/{posix_parent(path)}")
        return f"{what} « {written} » : fichier introuvable dans {PAGES_DIR}/{hint}"
    key = path.removesuffix(".md").removesuffix("/index").removesuffix("index")
    section = key.partition("/")[0]
    known = (key in GENERATED_PAGES or key in index.records or section in index.unknown
             or f"{key}.md".lower() in index.files or f"{key}/index.md".lower() in index.files)
    if not known:
        return _missing_page(index, what, written, key)
    return _anchor_problem(index, what, written, key, anchor)


def _without_base(index: SiteIndex, path: str) -> str:
    """A path copied from the address bar without the site's own folder: « regard/
    evenements/x/ » → « evenements/x/ » when the site is published under /regard/."""
    base = index.base_path
    if base and (path + "/").startswith(base):
        return path[len(base):]
    return path


def _best_path(index: SiteIndex, attribute: str, path: str) -> str:
    """``path``, or the page it most likely meant when the site has none there, so that
    following the advice does not lead to a second message."""
    if site_link_problem(index, attribute, path) is None:
        return path
    target, hash_, anchor = path.partition("#")
    resolved = site_target(target)
    if resolved is None or resolved[0] == "file":
        return path
    near = _near_page(index, resolved[1].removesuffix(".md").removesuffix("/index")
                      .removesuffix("index"))
    return f"{near}/{hash_}{anchor}" if near else path


def _full_address_problem(index: SiteIndex, attribute: str, written: str) -> str | None:
    """A page of the site given by its full address (copied from the address bar): it
    works once published, so it is taken when the page exists; otherwise, what is wrong
    with its path."""
    start = next(a for a in index.own_addresses if written.startswith(a))
    path = written[len(start):] or "index.md"
    problem = site_link_problem(index, attribute, path)
    if problem is None:
        return None
    return problem.replace(f"« {path} »", f"« {written} »", 1)


def _missing_page(index: SiteIndex, what: str, written: str, key: str) -> str:
    """A link to a path where the site has no page: the renamed record's new address, a
    close path, or where such paths come from."""
    folder, _, record_id = key.rpartition("/")
    kind = _PAGE_KINDS.get(folder + "/")
    renamed = kind and _renamed_link(index, what, written, kind, record_id)
    if renamed:
        return renamed
    near = _near_page(index, key)
    if near:
        hint = f" ; vouliez-vous écrire « {near}/ » ?"
    elif kind:
        said = KINDS[kind]
        hint = (f" : {said.noun} « {record_id} » {said.unknown} ; vérifiez l'identifiant dans "
                f"{said.declared_in}")
    else:
        hint = (" (les chemins partent de la racine du site : « publications/ », "
                "« glossaire/#ptce », « programme/hypotheses.md »)")
    return f"{what} « {written} » : aucune page du site à ce chemin{hint}"


def _anchor_problem(index: SiteIndex, what: str, written: str, key: str, anchor: str
                    ) -> str | None:
    """A link to a term of the glossary or an event of the chronology that has none."""
    if not anchor:
        return None
    if key == "glossaire" and anchor not in index.terms and "glossaire" not in index.unknown:
        near = _close(anchor, sorted(index.terms))
        return _renamed_link(index, what, written, "term", anchor) or (
            f"{what} « {written} » : le glossaire n'a pas de terme « {anchor} »"
            + (f" ; vouliez-vous écrire « glossaire/#{near} » ?" if near else ""))
    if key == "chronologie" and anchor not in index.events and \
            "chronologie" not in index.unknown and not re.fullmatch(r"annee-\d{4}", anchor):
        near = _close(anchor, sorted(index.events))
        return _renamed_link(index, what, written, "event", anchor) or (
            f"{what} « {written} » : la chronologie n'a pas d'événement « {anchor} »"
            + (f" ; vouliez-vous écrire « chronologie/#{near} » ?" if near else ""))
    return None


def check_site_links(doc: load.Document, model: type[BaseModel], index: SiteIndex,
                     problems: Problems) -> None:
    """Each link of a Markdown field that names a path of the site, at the link itself (a
    link written twice, at each of its places)."""
    if not doc.readable:
        return
    for loc, text in markdown_texts(doc, model):
        try:
            fragment = render_markdown(text.strip())
        except MarkupError:
            continue  # check_markdown reports it
        # Links only: an image's path is the file's own business (hostile text may hold one
        # that names no file; the sanitiser keeps it harmless).
        paths = [(a, w) for a, w in site_paths(fragment, index.own_addresses) if a == "href"]
        # A link to another site without its scheme: the sanitiser drops it from the page.
        paths += [("href", m.group(1)) for m in re.finditer(r"\]\(\s*(//[^)\s]+)", text)]
        if not paths:
            continue
        first, written_text = field_text(doc, doc.where(loc))
        told: dict[str, int] = defaultdict(int)
        for attribute, written in paths:
            message = site_link_problem(index, attribute, written)
            if not message:
                continue
            places = link_places(written_text, written) or [0]
            offset = places[min(told[written], len(places) - 1)]
            told[written] += 1
            line, column = line_column(written_text, offset)
            problems.add(doc.path, first + line - 1, column, message)
