"""Which project sheets to read: the ``.yml`` files of the projects folder; editor backups,
folders and other files are told apart."""

from __future__ import annotations

import re
from pathlib import Path

from ..model import (
    PROJECTS_DIR,
)
from ..problems import Problems

_BACKUP = re.compile(r"(~|\.swp|\.swo|\.swn|\.bak|\.orig|\.tmp)$|^#.*#$|^\.#")


def project_files(root: Path, problems: Problems) -> list[str]:
    """The project sheets to read; editor backups and folders are ignored with a warning,
    a file with another extension is an error (it was probably meant as a sheet)."""
    folder = root / PROJECTS_DIR
    if not folder.is_dir():
        return []
    sheets = []
    for entry in sorted(folder.iterdir()):
        relative = f"{PROJECTS_DIR}/{entry.name}"
        if _BACKUP.search(entry.name):
            problems.add(relative, 1, 1, "copie de sauvegarde d'un éditeur, ignorée : "
                                         "retirez-la du dépôt", "warning")
        elif entry.is_dir() and not entry.is_symlink():
            if not entry.name.startswith("."):
                problems.add(relative, 1, 1, "dossier ignoré : les fiches terrain sont les "
                                             f"fichiers .yml placés directement dans "
                                             f"{PROJECTS_DIR}/", "warning")
        elif entry.name.startswith("."):
            continue
        elif entry.suffix == ".yml":
            sheets.append(relative)
        elif (folder / f"{entry.stem}.yml").exists():
            problems.add(relative, 1, 1, f"fichier ignoré : seuls les fichiers .yml sont lus "
                                         f"ici, et « {entry.stem}.yml » existe déjà ; retirez "
                                         "celui-ci s'il s'agit d'une copie", "warning")
        else:
            problems.add(relative, 1, 1,
                         "seuls les fichiers .yml sont lus dans ce dossier : renommez-le en "
                         f"« {entry.stem}.yml » (ou retirez-le)")
    return sheets
