"""Editor schemas: generated from the models, committed, referenced, and they accept the
frozen content under an independent validator (check-jsonschema)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands import schemas

from .support import FROZEN, ROOT

CONTENT_FILES = ["timeline.yml", *sorted(
    p.relative_to(FROZEN).as_posix() for p in (FROZEN / "content").rglob("*.yml"))]
"""The content's files, relative to the content's folder (the frozen copy's or the
repository's)."""


def test_committed_schemas_equal_the_generated_ones():
    generated = schemas.generate()
    committed = {p.name: p.read_text("utf-8") for p in (ROOT / "schemas").glob("*.json")}
    assert committed == generated, "run: regard schemas"


@pytest.mark.parametrize("relative", CONTENT_FILES)
def test_each_yaml_file_names_the_schema_the_site_publishes_on_its_first_line(relative):
    first = (FROZEN / relative).read_text("utf-8").splitlines()[0]
    site_url = schemas.site_url_of(ROOT)
    assert site_url is not None
    assert first == schemas.modeline(relative, site_url)
    # The schema it names is the one the site publishes at that address.
    address = first.split("$schema=", 1)[1]
    assert address == f"{site_url}schemas/{schemas.schema_name(relative)}"
    assert (ROOT / "schemas" / schemas.schema_name(relative)).is_file()


def test_without_a_site_address_the_first_line_names_the_committed_schema():
    assert schemas.modeline("content/projects/chatel.yml") == \
        "# yaml-language-server: $schema=../../schemas/project.schema.json"
    assert schemas.modeline("timeline.yml") == \
        "# yaml-language-server: $schema=schemas/timeline.schema.json"


def _check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                           str(schema), *map(str, files)], capture_output=True, text=True)


@pytest.mark.parametrize("relative", CONTENT_FILES)
def test_the_frozen_content_is_valid_under_an_independent_validator(relative):
    schema = ROOT / "schemas" / schemas.schema_name(relative)
    result = _check_jsonschema(schema, FROZEN / relative)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_independent_validator_flags_a_mistake(tmp_path):
    broken = tmp_path / "timeline.yml"
    shutil.copy(FROZEN / "timeline.yml", broken)
    broken.write_text(broken.read_text("utf-8").replace("    date: 2023-10\n",
                                                        "    date: octobre 2023\n", 1), "utf-8")
    result = _check_jsonschema(ROOT / "schemas" / "timeline.schema.json", broken)
    assert result.returncode == 1
    assert "octobre 2023" in result.stdout


def _declared_models() -> list[type]:
    """Every model of the content that declares an id, found by walking the file models."""
    from pydantic import BaseModel

    found: dict[str, type] = {}

    def visit(annotation: object) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ in found:
                return
            found[annotation.__name__] = annotation
            for info in annotation.model_fields.values():
                visit(info.annotation)
        for inner in getattr(annotation, "__args__", ()):
            visit(inner)

    for model in schemas.schema_models().values():
        visit(model)
    return [m for m in found.values() if "id" in m.model_fields]  # type: ignore[attr-defined]


def test_every_record_with_an_id_may_list_its_former_ids():
    models = _declared_models()
    assert {m.__name__ for m in models} >= {"Event", "Person", "Project", "Term", "Organisation",
                                            "Committee", "Publication", "Category", "Period"}
    for model in models:
        assert "former_ids" in model.model_fields, model.__name__  # type: ignore[attr-defined]
        for name, text in schemas.generate().items():
            if f'"title": "{model.__name__}"' in text:
                assert '"former_ids"' in text, (name, model.__name__)
