"""``regard schemas``: write the model's JSON Schemas under ``schemas/``; and the first line
of a YAML file that points editors at its schema."""

from __future__ import annotations

import posixpath
from pathlib import Path

from ..engines.standalone import RenderError, read_config
from ..outputs.editor_schemas import SCHEMAS_DIR, generate, schema_for, schema_models, schema_name

__all__ = [
    "SCHEMAS_DIR",
    "generate",
    "modeline",
    "schema_for",
    "schema_models",
    "schema_name",
    "site_url_of",
    "write",
]


def write(root: Path) -> list[Path]:
    folder = root / SCHEMAS_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in generate().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def modeline(content_file: str, site_url: str | None = None) -> str:
    """The first line that points an editor at the file's schema: the one the site at
    ``site_url`` publishes, which lists the current ids; without a ``site_url``, the
    committed one."""
    if site_url:
        return (f"# yaml-language-server: $schema={site_url.rstrip('/')}/{SCHEMAS_DIR}/"
                f"{schema_name(content_file)}")
    target = posixpath.relpath(f"{SCHEMAS_DIR}/{schema_name(content_file)}",
                               posixpath.dirname(content_file) or ".")
    return f"# yaml-language-server: $schema={target}"


def site_url_of(root: Path) -> str | None:
    """The ``site_url`` of the project's ``mkdocs.yml``, where the site is published."""
    try:
        value = read_config(root).get("site_url")
    except RenderError:
        return None
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) \
        else None
