"""Make the frozen copy of the content that the tests read (tests/frozen/) again, from the
live content (timeline.yml and content/), on purpose:

    .venv/bin/python tools/refresh_frozen_content.py

It refuses, writing nothing, when the live content is invalid or already holds an id that a
YAML example of CONTRIBUTING.md or a case of tests/corpus/ adds to the copy (pasting it would
then make a duplicate): change that example or case first. After a refresh, run the tests:
those that pin facts of the copy (an id, a title, a line) say what changed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.commands.argparse_fr import FrenchArgumentParser  # noqa: E402
from tests.frozen_content import FROZEN, RefreshError, refresh  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = FrenchArgumentParser(
        prog="refresh_frozen_content.py",
        description="Refaire la copie figée du contenu que lisent les tests (tests/frozen/) "
                    "depuis le contenu du site.")
    parser.add_argument("--source", type=Path, default=ROOT, metavar="DOSSIER",
                        help="dossier qui contient timeline.yml et content/ (par défaut : le "
                             "dépôt)")
    parser.add_argument("--target", type=Path, default=FROZEN, metavar="DOSSIER",
                        help="copie figée à refaire (par défaut : tests/frozen/)")
    args = parser.parse_args(argv)
    try:
        refresh(args.source.resolve(), args.target.resolve())
    except RefreshError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 1
    print(f"copie figée refaite dans {args.target} depuis {args.source} : lancez les tests",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
