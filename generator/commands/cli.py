"""Command line: ``check`` the content, ``check-site`` a built site, ``render`` a project for
another engine, ``diff`` what a change does to the site, ``preview`` the pages it changes as
one HTML page.

Exit status: 0 when the content is valid (the built site whole), 1 when it has errors, 2 on a
usage error (argparse's own convention), 3 when ``check``, ``check-site`` or ``new`` meets a
bug of the generator itself (a French message, never a traceback).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from ..content.previous import Previous, describe_ref, read_previous
from ..content.problems import ContentError, Problem
from ..content.site import Site
from ..content.validate import load_site
from ..engines import page_links, standalone
from ..engines.github import (
    annotation,
    command,
    count,
    limit_notice,
    table,
    what_next,
    write_summary,
)
from ..pages import french
from . import diff as site_diff
from . import maintenance, preview_page, scaffold, schemas, site_check
from .argparse_fr import FrenchArgumentParser

github_annotation = annotation
"""``::error file=…,line=…,col=…,title=…::message``
(:func:`generator.engines.github.annotation`)."""


def github_summary(errors: list[Problem], warnings: list[Problem],
                   changed: set[str] | None = None, *, pages: bool = True) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: what was checked and every problem, whatever
    GitHub shows inline. It says what this check found, true whatever later steps find."""
    if errors:
        verdict = (f"{count(len(errors), 'erreur')}, "
                   f"{count(len(warnings), 'avertissement', 'aucun avertissement')}")
    else:
        verdict = "valide, " + (f"avec {count(len(warnings), 'avertissement')}" if warnings
                                else "sans avertissement")
    checked = ("les fichiers du contenu (timeline.yml, content/), les liens et les ancres des "
               "pages écrites à la main et du guide, et la navigation de mkdocs.yml" if pages
               else "les fichiers du contenu (timeline.yml, content/) ; sans mkdocs.yml, les "
               "liens des pages ne sont pas vérifiés")
    lines = [f"## Vérification du contenu : {verdict}", "",
             f"Vérifiés : {checked}. La construction du site, à l'étape suivante, ajoute son "
             "propre compte rendu si elle échoue.", ""]
    if not errors and not warnings:
        return "\n".join(lines)
    if changed is not None:
        lines += ["Les fichiers modifiés par cette demande viennent en premier (✏️).", ""]
    lines += table([*errors, *warnings], changed)
    if errors:
        lines += ["", f"**Que faire** : {_sentence(what_next(len(errors)))}"]
    return "\n".join(lines) + "\n"


def changed_files(root: Path, ref: str) -> set[str] | None:
    """Files changed between ``ref`` and HEAD, relative to ``root``; None if git cannot say."""
    if ref.startswith("-"):
        return None
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "diff", "--name-only", "--relative", "--no-renames",
             f"{ref}...HEAD", "--"],
            capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return {line for line in result.stdout.splitlines() if line}


def _changed_first(problems: list[Problem], changed: set[str]) -> list[Problem]:
    return sorted(problems, key=lambda p: p.path not in changed)  # stable: file order kept


def base_name(root: Path, ref: str) -> str:
    """The base of a comparison as staff know it: « la branche main (commit 4a5afcb) » when
    the workflow gives the pull request's base branch (``BASE_REF``) or the ref is a branch,
    else the commit and its subject (:func:`~generator.content.previous.describe_ref`)."""
    return describe_ref(root, ref, os.environ.get("BASE_REF", "").strip())


def _previous(root: Path, changed_ref: str | None) -> Previous | None:
    """The content to tell renamed and removed records by: the pull request's base, or
    without one the last commit (None outside a git repository)."""
    if changed_ref is not None:
        return read_previous(root, changed_ref, base_name(root, changed_ref),
                             pull_request=True)
    return read_previous(root, "HEAD", "le dernier commit", pull_request=False)


def _content_problems(root: Path, previous: Previous | None = None
                      ) -> tuple[list[Problem], list[Problem]]:
    """Errors and warnings of the content files and of the links of the pages."""
    site: Site | None
    try:
        site = load_site(root, previous=previous)
    except ContentError as exc:
        site, errors, warnings = None, exc.problems, exc.warnings
    else:
        errors, warnings = [], site.warnings
    return sorted([*errors, *page_links.check(root, site)]), warnings


def check(root: Path, output_format: str, changed_ref: str | None = None) -> int:
    errors, warnings = _content_problems(root, _previous(root, changed_ref))
    changed: set[str] | None = None
    if changed_ref is not None:
        changed = changed_files(root, changed_ref)
        if changed is None:
            notice = ("impossible de lister les fichiers modifiés depuis "
                      f"{base_name(root, changed_ref)}"
                      " (git diff a échoué) : les erreurs sont dans l'ordre habituel")
            if output_format == "github":
                print(command("warning", "Avertissement", notice))
            print(f"avertissement : {notice}", file=sys.stderr)
        else:
            errors = _changed_first(errors, changed)
            warnings = _changed_first(warnings, changed)
    problems = [*errors, *warnings]
    if output_format == "github":
        limited = limit_notice(len(errors), len(warnings))
        if limited:
            print(limited)
        for problem in problems:
            print(annotation(problem))
        write_summary(github_summary(errors, warnings, changed,
                                     pages=(root / "mkdocs.yml").is_file()))
    else:
        for problem in problems:
            print(problem)
    if errors:
        print(f"{count(len(errors), 'erreur')} : {what_next(len(errors))}.", file=sys.stderr)
        return 1
    with_warnings = f"avec {count(len(warnings), 'avertissement')}" if warnings else \
        "sans avertissement"
    print(f"Contenu valide, {with_warnings}.", file=sys.stderr)
    return 0


def check_site(root: Path, folder: Path) -> int:
    """Say every problem of the site built in ``folder`` from the content under ``root``."""
    try:
        content = load_site(root)
    except ContentError as exc:
        print(f"erreur : le contenu a {count(len(exc.problems), 'erreur')} : lancez regard "
              "check pour les voir", file=sys.stderr)
        return 1
    problems, site = site_check.check_site(folder, content, root)
    for problem in problems:
        print(f"{folder / problem.page} : {problem.message}")
    links = sum(len(set(page.links)) for page in site.pages.values())
    if problems:
        print(f"{count(len(problems), 'problème')} dans le site construit {folder} : il n'est "
              "pas complet.", file=sys.stderr)
        return 1
    print(f"Site complet : {count(len(site.pages), 'page')}, {count(links, 'lien')} "
          "vérifiés.", file=sys.stderr)
    return 0


def render(root: Path, out: Path) -> int:
    try:
        rendered = standalone.write_project(root, out)
    except (ContentError, standalone.RenderError) as exc:
        print(f"erreur : {exc}" if isinstance(exc, standalone.RenderError) else exc,
              file=sys.stderr)
        return 1

    def n(count: int, words: str) -> str:
        # French agrees 0 and 1 in the singular: « 0 fichier », « 2 fichiers ».
        return f"{count} {words}" if count <= 1 else f"{count} {words.replace(' ', 's ')}s"

    guide = ", le guide" if rendered.guide else ""
    print(f"{n(rendered.generated, 'page générée')}, "
          f"{n(rendered.handwritten, 'page écrite')} à la main{guide} et "
          f"{n(rendered.assets, 'fichier')} du thème écrits dans {out} ; construisez-le avec "
          f"zensical build, properdocs build ou mkdocs build (-f {out / 'mkdocs.yml'})",
          file=sys.stderr)
    return 0


def diff(root: Path, ref: str, output_format: str) -> int:
    """Say in French Markdown what the working tree changes on the site compared to ``ref``
    (named as the base branch ``BASE_REF`` when the workflow gives it)."""
    branch = os.environ.get("BASE_REF", "").strip()
    try:
        text = site_diff.to_markdown(
            site_diff.diff_against(root, ref, base_name(root, ref)), ref,
            f"la branche {site_diff.code(branch)}" if branch else None)
    except (site_diff.DiffError, ContentError) as exc:
        if isinstance(exc, ContentError):
            message = (f"le contenu de la copie de travail a {count(len(exc.problems), 'erreur')}"
                       " : lancez regard check pour les voir")
        else:
            message = str(exc)
        print(f"erreur : {message}", file=sys.stderr)
        if output_format == "github":
            print(command("warning", "Comparaison impossible", message))
            write_summary(site_diff.failure_markdown(message))
        return 1
    print(text, end="")
    if output_format == "github":
        write_summary(text)
    return 0


def preview(root: Path, site_dir: Path, ref: str, out: Path, output_format: str) -> int:
    """Write the preview page of the pages a change adds or changes; say where, and how many
    pages it shows (and, for GitHub, one Markdown line for the step summary)."""
    try:
        written = preview_page.write_preview(root, site_dir, ref, out)
    except (preview_page.PreviewError, site_diff.DiffError, ContentError) as exc:
        message = (f"le contenu de la copie de travail a {len(exc.problems)} erreur"
                   f"{'s' if len(exc.problems) > 1 else ''} : lancez regard check pour les voir"
                   if isinstance(exc, ContentError) else str(exc))
        preview_page.write_failure(out, base_name(root, ref), message)
        print(f"erreur : {message} ; {out} le dit", file=sys.stderr)
        return 1
    if written.missing:
        print(f"avertissement : captures impossibles : {written.missing}", file=sys.stderr)
    shots = "" if written.missing else " en captures"
    print(f"Aperçu écrit dans {out} ({french.french_size(written.size)}) : "
          f"{french.count_words(len(written.shown), 'page', 'pages')}{shots}, "
          f"{french.count_words(len(written.others), 'autre page listée', 'autres pages listées')}"
          f", {french.count_words(len(written.removed), 'page retirée', 'pages retirées')}.")
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as summary:
            summary.write(f"\n{preview_page.github_line(written)}\n")
    elif output_format == "github":
        print(preview_page.github_line(written))
    return 0


def _maintained(run: Callable[[], maintenance.Change]) -> int:
    """Run a maintainer command; print each line it changed, then what it left."""
    try:
        change = run()
    except maintenance.MaintenanceError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    print("\n".join(change.lines))
    if change.left:
        print("Renvois que la commande n'a pas pu retirer (à corriger à la main ; regard check "
              "les signale) :")
        print("\n".join(change.left))
        return 1
    print("Puis lancez regard check.")
    return 0


def new(root: Path, args: argparse.Namespace) -> int:
    if args.kind == "member":
        if args.person is None:
            print("erreur : indiquez le comité puis la personne : regard new member COMITÉ "
                  "PERSONNE --role …", file=sys.stderr)
            return 2
        return _maintained(lambda: maintenance.add_member(root, args.title, args.person,
                                                          args.role, args.organisation))
    if args.person is not None or args.role is not None or args.organisation is not None:
        print(f"erreur : PERSONNE, --role et --organisation ne servent qu'à regard new member, "
              f"pas à regard new {args.kind}", file=sys.stderr)
        return 2
    try:
        added = scaffold.add(root, args.kind, args.title, args.record_id, args.date,
                             args.category)
    except scaffold.ScaffoldError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    for warning in added.warnings:
        print(f"avertissement : {warning}", file=sys.stderr)
    print("\n".join(added.next_steps()))
    return 0


def _sentence(text: str) -> str:
    return f"{text[0].upper()}{text[1:]}."


def main(argv: list[str] | None = None) -> int:
    parser = FrenchArgumentParser(prog="regard", description="Générateur du site RegarD.")
    parser.add_argument("--root", type=Path, default=Path("."), metavar="DOSSIER",
                        help="dossier qui contient timeline.yml et content/ (par défaut : .)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE",
                                     title="commandes")
    check_help = "vérifier tout le contenu"
    check_cmd = commands.add_parser("check", help=check_help, description=_sentence(check_help))
    check_cmd.add_argument("--format", choices=["text", "github"], default="text",
                           dest="output_format", help="text (par défaut) ou github (annotations)")
    check_cmd.add_argument("--changed", metavar="REF", dest="changed_ref",
                           help="donner d'abord les erreurs des fichiers modifiés depuis REF "
                                "(par exemple origin/main), selon git diff REF...HEAD")
    site_help = ("vérifier un site construit : chaque élément du contenu a sa page ou son "
                 "ancre, et chaque lien interne mène quelque part")
    site_cmd = commands.add_parser("check-site", help=site_help, description=_sentence(site_help))
    site_cmd.add_argument("site", type=Path, metavar="SITE",
                          help="dossier du site construit (par exemple site, après mkdocs "
                               "build)")
    render_help = ("écrire un projet complet (pages, thème, configuration) pour un autre "
                   "moteur : Zensical, ProperDocs ou MkDocs sans le plugin")
    render_cmd = commands.add_parser("render", help=render_help, description=_sentence(render_help))
    render_cmd.add_argument("out", type=Path, metavar="DOSSIER",
                            help="dossier de sortie, hors du dépôt, vide ou écrit par un rendu "
                                 "précédent")
    diff_help = ("dire ce que les modifications changent sur le site, par rapport à une "
                 "référence git")
    diff_cmd = commands.add_parser("diff", help=diff_help, description=_sentence(diff_help))
    diff_cmd.add_argument("ref", metavar="REF", help="référence git de la base (par exemple "
                                                     "origin/main)")
    diff_cmd.add_argument("--format", choices=["text", "github"], default="text",
                          dest="output_format",
                          help="text (par défaut) ou github (ajoute aussi le résumé à "
                               "$GITHUB_STEP_SUMMARY)")
    preview_help = ("écrire une page HTML autonome qui montre les pages du site construit que "
                    "les modifications ajoutent ou changent, en captures")
    preview_cmd = commands.add_parser("preview", help=preview_help,
                                      description=_sentence(preview_help))
    preview_cmd.add_argument("site_dir", type=Path, metavar="SITE",
                             help="dossier du site construit (mkdocs build), par exemple site")
    preview_cmd.add_argument("--base", required=True, metavar="REF", dest="ref",
                             help="référence git de la base (par exemple origin/main, ou "
                                  "HEAD^1 dans une pull request)")
    preview_cmd.add_argument("--out", required=True, type=Path, metavar="FICHIER.html",
                             help="page à écrire (ses dossiers sont créés)")
    preview_cmd.add_argument("--format", choices=["text", "github"], default="text",
                             dest="output_format",
                             help="text (par défaut) ou github (une ligne Markdown pour le "
                                  "résumé ; ajoutée à $GITHUB_STEP_SUMMARY quand il est défini)")
    new_help = "ajouter un élément à compléter"
    new_cmd = commands.add_parser(
        "new", help=new_help, description=_sentence(new_help),
        epilog='exemples :\n  regard new person "Jeanne Dupont"\n  regard new event "Sortie '
               'terrain Filière bois" --date 2026-03 --category field\n  regard new project '
               '"Tiers-lieu de Lons" --date 2026\n  regard new member comite-scientifique '
               'jeanne-dupont --role "Sociologie"')
    new_cmd.add_argument("kind", choices=[*scaffold.TARGETS, "member"], metavar="TYPE",
                         help="event, project, person, term, organisation, ou member (un siège "
                              "de comité)")
    new_cmd.add_argument("title", metavar="TITRE", help="titre, nom ou terme de l'élément ; pour "
                                                        "member, l'identifiant du comité")
    new_cmd.add_argument("person", nargs="?", metavar="PERSONNE",
                         help="pour member : l'identifiant de la personne qui siège")
    new_cmd.add_argument("--role", metavar="RÔLE", help="pour member : le rôle du siège")
    new_cmd.add_argument("--organisation", metavar="ORGANISATION",
                         help="pour member : l'organisation que la personne représente")
    new_cmd.add_argument("--id", dest="record_id", metavar="IDENTIFIANT",
                         help="identifiant (sinon tiré du titre)")
    new_cmd.add_argument("--date", metavar="DATE",
                         help="date d'un événement ou année d'un terrain (AAAA, AAAA-MM ou "
                              "AAAA-MM-JJ), obligatoire pour eux")
    new_cmd.add_argument("--category", metavar="CATÉGORIE",
                         help="catégorie d'un événement (par défaut la première de la "
                              "légende)")
    kinds = ", ".join(maintenance.KIND_NAMES)
    rename_help = ("renommer un élément partout où il est cité (renvois, liens des textes et "
                   "des pages) ; son ancien identifiant va dans former_ids")
    rename_cmd = commands.add_parser("rename", help=rename_help,
                                     description=_sentence(rename_help),
                                     epilog="exemple :\n  regard rename person marie-ferru "
                                            "marie-ferru-lons")
    rename_cmd.add_argument("kind", choices=maintenance.KIND_NAMES, metavar="TYPE", help=kinds)
    rename_cmd.add_argument("old", metavar="ANCIEN", help="identifiant actuel")
    rename_cmd.add_argument("new_id", metavar="NOUVEAU", help="nouvel identifiant")
    remove_help = ("retirer un élément : sans --avec-references, seulement s'il n'est plus "
                   "cité (sinon, la liste des endroits qui le citent)")
    remove_cmd = commands.add_parser("remove", help=remove_help,
                                     description=_sentence(remove_help))
    remove_cmd.add_argument("kind", choices=maintenance.KIND_NAMES, metavar="TYPE", help=kinds)
    remove_cmd.add_argument("record_id", metavar="IDENTIFIANT", help="identifiant de l'élément")
    remove_cmd.add_argument("--avec-references", action="store_true", dest="with_references",
                            help="retirer aussi les renvois qui sont un élément d'une liste "
                                 "d'identifiants, et lister ceux qui restent à corriger")
    schemas_help = "régénérer les schémas JSON des fichiers YAML"
    commands.add_parser("schemas", help=schemas_help, description=_sentence(schemas_help))
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not (root / "timeline.yml").exists() and not (root / "content").is_dir():
        parser.error(f"{args.root} ne contient ni timeline.yml ni content/")
    if args.command == "check-site" and not args.site.is_dir():
        parser.error(f"{args.site} n'est pas un dossier : construisez d'abord le site "
                     "(mkdocs build)")
    if args.command in ("check", "check-site", "new", "rename", "remove"):
        try:
            if args.command == "check-site":
                return check_site(root, args.site)
            if args.command == "rename":
                return _maintained(lambda: maintenance.rename(root, args.kind, args.old,
                                                              args.new_id))
            if args.command == "remove":
                return _maintained(lambda: maintenance.remove(root, args.kind, args.record_id,
                                                              args.with_references))
            return check(root, args.output_format, args.changed_ref) \
                if args.command == "check" else new(root, args)
        except Exception as exc:  # a generator bug: staff get French, not a traceback
            if os.environ.get("REGARD_DEBUG"):
                raise
            print(f"erreur interne du générateur RegarD ({type(exc).__name__}) : le contenu "
                  "n'est peut-être pas en cause ; signalez-la, avec la commande lancée "
                  "(relancée avec REGARD_DEBUG=1, elle donne le détail)", file=sys.stderr)
            return 3
    if args.command == "schemas":
        for path in schemas.write(root):
            print(path.relative_to(root))
        return 0
    if args.command == "diff":
        return diff(root, args.ref, args.output_format)
    if args.command == "preview":
        return preview(root, args.site_dir, args.ref, args.out, args.output_format)
    return render(root, args.out)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
