"""What a failed build tells staff in GitHub Actions: the problems only the build found, on
their lines of the pull request, and a section of the run's summary that says the build
failed and why, whatever ``regard check`` said before it.

Engine-free: the adapter gives the link problems it saw (:mod:`generator.engines.mkdocs_links`),
its other warnings, and the error that stopped it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.problems import Problem
from .github import annotation, command, count, limit_notice, table, what_next, write_summary

TITLE = "Construction du site"


@dataclass
class BuildFailure:
    """Why a build stopped."""

    links: list[Problem] = field(default_factory=list)
    """The link problems the build told, in French at their place."""
    warnings: list[str] = field(default_factory=list)
    """Its other warnings (strict mode stops on them too), as the engine wrote them."""
    error: str = ""
    """The error that stopped it, when it is not its strict mode."""
    content: bool = False
    """It stopped on errors of the content, which ``regard check`` reports."""


def report(failure: BuildFailure, checked: set[Problem]) -> None:
    """Print, as workflow commands, what ``regard check`` (whose problems are ``checked``)
    could not find, and add the build's section to the run's summary."""
    only_build = [p for p in failure.links if p not in checked]
    shown = len(only_build) + len(failure.warnings) + (1 if _untold_error(failure) else 0)
    notice = limit_notice(shown, 0)
    if notice:
        print(notice, flush=True)
    for problem in only_build:
        print(annotation(problem), flush=True)
    for message in failure.warnings:
        print(command("error", TITLE, message), flush=True)
    if _untold_error(failure):
        print(command("error", TITLE, failure.error), flush=True)
    write_summary(summary(failure, len(failure.links) - len(only_build)))


def _untold_error(failure: BuildFailure) -> bool:
    return bool(failure.error) and not failure.content


def summary(failure: BuildFailure, told_by_check: int) -> str:
    """The build's section of the run's summary, in French."""
    total = len(failure.links) + len(failure.warnings)
    lines = [f"## {TITLE} : échec", ""]
    if failure.content:
        lines += ["La construction s'est arrêtée sur les erreurs du contenu : elles sont "
                  "listées, chacune à sa ligne, par « Vérification du contenu » ci-dessus.", ""]
    elif total:
        lines += [f"La construction stricte du site s'est arrêtée sur "
                  f"{count(total, 'problème')}."]
        if told_by_check:
            lines.append(f"{_they(told_by_check, total)} aussi dans « Vérification du contenu "
                         "» ci-dessus.")
        if told_by_check < total:
            lines.append("Ceux que seule la construction a trouvés sont signalés sur leurs "
                         "lignes dans la demande.")
        lines.append("")
    if failure.links:
        lines += [*table(failure.links), ""]
    if failure.warnings:
        lines += ["Autres messages de la construction :", ""]
        lines += [f"- {_inline(message)}" for message in failure.warnings]
        lines.append("")
    if _untold_error(failure):
        lines += [f"La construction s'est arrêtée sur une erreur : {_inline(failure.error)}", ""]
    lines.append(f"**Que faire** : {_capital(what_next(max(total, 1)))}.")
    return "\n".join(lines) + "\n"


def _they(number: int, total: int) -> str:
    if number == total:
        return "Il est" if number == 1 else "Tous sont"
    return "L'un d'eux est" if number == 1 else f"{number} d'entre eux sont"


def _inline(text: str) -> str:
    """A message of the engine as one line of Markdown text, shown as it is."""
    line = " ".join(text.split())
    fence = "`"
    while fence in line:
        fence += "`"
    return f"{fence} {line} {fence}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
