"""What staff read of a check in GitHub Actions: annotations on the lines of the pull request
and the run's summary (``$GITHUB_STEP_SUMMARY``), in French.

Shared by ``regard check`` and by the build, which adds what only it can find: one way to
write a problem, one table, one sentence on what to do next.
"""

from __future__ import annotations

import os

from ..content.problems import Problem

SHOWN_ON_LINES = 10
"""Annotations of one kind GitHub shows on the lines of a pull request, per step; the others
are only in the log."""


def in_actions() -> bool:
    """Whether this runs in GitHub Actions (where staff read a pull request's checks)."""
    return os.environ.get("GITHUB_ACTIONS") == "true"


def escape(text: str, *, prop: bool = False) -> str:
    """Escape a workflow command's data (and, for properties, ``:`` and ``,``)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def annotation(problem: Problem) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` as GitHub Actions reads it."""
    level = "error" if problem.severity == "error" else "warning"
    title = "Erreur de contenu" if level == "error" else "Avertissement"
    props = ",".join([
        f"file={escape(problem.path, prop=True)}",
        f"line={problem.line}",
        f"col={problem.column}",
        f"title={escape(title, prop=True)}",
    ])
    message = f"{problem.message}\nnote : {problem.note}" if problem.note else problem.message
    return f"::{level} {props}::{escape(message)}"


def command(level: str, title: str, message: str) -> str:
    """A workflow command without a place (``::notice``, ``::warning``, ``::error``)."""
    return f"::{level} title={escape(title, prop=True)}::{escape(message)}"


def count(number: int, noun: str, none: str = "") -> str:
    """« 1 erreur », « 3 erreurs », and ``none`` for 0 when given (« sans avertissement »)."""
    if number == 0 and none:
        return none
    return f"{number} {noun}{'s' if number > 1 else ''}"


def limit_notice(errors: int, warnings: int) -> str | None:
    """The notice that says where the problems GitHub leaves off the lines are, when there
    are more than it shows."""
    if errors <= SHOWN_ON_LINES and warnings <= SHOWN_ON_LINES:
        return None
    return command("notice", "Liste complète dans le résumé",
                   f"{count(errors, 'erreur', 'aucune erreur')} et "
                   f"{count(warnings, 'avertissement', 'aucun avertissement')} : GitHub n'en "
                   f"montre que {SHOWN_ON_LINES} de chaque sorte sur les lignes de la demande. "
                   "La liste complète est dans le résumé de l'exécution (onglet « Summary » "
                   "de la vérification).")


def table(problems: list[Problem], changed: set[str] | None = None) -> list[str]:
    """Every problem as a row of a Markdown table (✏️: a file the pull request changed)."""
    lines = ["| Fichier | Ligne | Colonne | Message |", "| --- | --- | --- | --- |"]
    for p in problems:
        kind = "" if p.severity == "error" else "⚠️ "
        mark = "✏️ " if changed and p.path in changed else ""
        message = p.message + (f"<br>note : {p.note}" if p.note else "")
        message = message.replace("|", "\\|")
        lines.append(f"| {mark}`{p.path}` | {p.line} | {p.column} | {kind}{message} |")
    return lines


def what_next(errors: int) -> str:
    """What to do about ``errors`` errors, said where staff read it: in a pull request the
    check runs again by itself at each commit on its branch; on a terminal, by hand."""
    them = "la" if errors == 1 else "les"
    if not in_actions():
        return f"corrigez-{them} puis relancez la vérification"
    if os.environ.get("GITHUB_EVENT_NAME") == "push":
        return (f"corrigez-{them} par une nouvelle demande de modification : le site publié "
                "reste la dernière version valide")
    return (f"corrigez-{them} sur la branche de cette demande (le crayon « Edit this file » "
            "du fichier, puis « Commit changes… » sur la même branche) : la vérification se "
            "relance d'elle-même à chaque commit")


def write_summary(text: str) -> None:
    """Append Markdown to the run's summary, when there is one."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(text)
