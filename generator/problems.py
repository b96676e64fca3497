"""Problems found in the content: where they are and what to say, in French."""

from __future__ import annotations

from dataclasses import dataclass, field
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

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else "avertissement : "
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"


@dataclass
class Problems:
    """Collects every problem of a run so that all are reported at once."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int, column: int, message: str,
            severity: Severity = "error") -> None:
        self.items.append(Problem(path, line, column, message, severity))

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "error")

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.items if p.severity == "warning")

    def report(self) -> str:
        """Every error, then every warning, one per line, in file order."""
        return "\n".join(str(p) for p in [*self.errors, *self.warnings])


class ContentError(Exception):
    """Raised when the content has errors; carries all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        noun = "erreur" if count == 1 else "erreurs"
        body = "\n".join(str(p) for p in problems)
        super().__init__(f"{count} {noun} dans le contenu :\n{body}")
