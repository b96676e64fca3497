"""Problems found in the content: where they are and what to say, in French."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One message for the people who edit the content."""

    path: str
    """File, relative to the project root, with forward slashes."""
    line: int
    """1-based line."""
    column: int
    """1-based column."""
    message: str
    """What is wrong and how to fix it, in French."""
    severity: Severity = "error"
    note: str = field(default="", compare=False)
    """What this problem kept from being checked, printed under it (« note : … »)."""

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "avertissement : "
        text = f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"
        return f"{text}\n  note : {self.note}" if self.note else text


@dataclass
class Problems:
    """Collects every problem of a run so that all are reported at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, column: int, message: str,
            severity: Severity = "error") -> None:
        self.items.append(Problem(path, line, column, message, severity))

    def of(self, path: str) -> list[Problem]:
        """Errors already found in one file."""
        return sorted(p for p in self.items if p.path == path and p.severity == "error")

    def annotate(self, path: str, note: str) -> None:
        """Attach ``note`` to the first error of ``path`` (there is one: the caller checks)."""
        first = self.of(path)[0]
        index = self.items.index(first)
        joined = f"{first.note} ; {note}" if first.note else note
        self.items[index] = replace(first, note=joined)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "warning")

    def report(self) -> str:
        """Every error, then every warning, in file order (a note under its problem)."""
        return "\n".join(str(p) for p in [*self.errors, *self.warnings])


class ContentError(Exception):
    """Raised when the content has errors; carries all of them."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None) -> None:
        self.problems = problems
        self.warnings = warnings or []
        count = len(problems)
        noun = "erreur" if count == 1 else "erreurs"
        body = "\n".join(str(p) for p in problems)
        super().__init__(f"{count} {noun} dans le contenu :\n{body}")
