"""The schemas the site publishes for editors: the model's schemas, each reference listing the
content's current ids with their names. Checked with an independent validator
(check-jsonschema) and with the YAML language server that editors run (Red Hat's, from npm,
driven over its stdio protocol: npm ci --prefix tests/editor/yamlls)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.outputs import editor_schemas

from .support import FROZEN, ROOT, SERVER, serve, skip_unless_required, yamlls_missing


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory, frozen_data) -> Path:
    """The published schemas of the frozen content, as files under ``schemas/``."""
    folder = tmp_path_factory.mktemp("publie")
    for path, content in editor_schemas.published(frozen_data):
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(content)
    return folder


def _check_jsonschema(schema: Path, document: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile",
                           str(schema), str(document)], capture_output=True, text=True)


def test_the_published_schemas_list_the_current_ids_with_their_names(frozen_data):
    schemas = editor_schemas.with_ids(frozen_data)
    assert sorted(schemas) == sorted(editor_schemas.generate())
    event = schemas["timeline.schema.json"]["$defs"]["Event"]["properties"]
    people = event["people"]["items"]
    assert people["enum"] == sorted(frozen_data.people)
    assert people["enumDescriptions"] == [frozen_data.people[i].name for i in people["enum"]]
    assert event["categories"]["items"]["enum"] == sorted(frozen_data.categories)
    assert "enum" not in event["id"] and "enum" not in event["former_ids"]["items"]
    # The committed schemas are the model's: no id of the content in them.
    for text in editor_schemas.generate().values():
        assert "enumDescriptions" not in text and '"marie-ferru"' not in text


def test_the_built_site_publishes_them(frozen_site, frozen_data):
    for path, content in editor_schemas.published(frozen_data):
        assert (frozen_site / path).read_bytes() == content
    assert ".schema.json" not in (frozen_site / "sitemap.xml").read_text("utf-8")


@pytest.mark.parametrize("relative", ["timeline.yml", "content/committees.yml",
                                      "content/glossary.yml", "content/projects/chatel.yml"])
def test_the_frozen_content_is_valid_against_the_published_schema(published, relative):
    schema = published / "schemas" / editor_schemas.schema_name(relative)
    result = _check_jsonschema(schema, FROZEN / relative)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_wrong_id_fails_against_the_published_schema_not_the_committed_one(published,
                                                                            tmp_path):
    broken = tmp_path / "timeline.yml"
    text = (FROZEN / "timeline.yml").read_text("utf-8")
    assert "people: [marie-ferru]" in text
    broken.write_text(text.replace("people: [marie-ferru]", "people: [marie-feru]", 1),
                      "utf-8")
    result = _check_jsonschema(published / "schemas" / "timeline.schema.json", broken)
    assert result.returncode == 1
    assert "marie-feru" in result.stdout
    committed = _check_jsonschema(ROOT / "schemas" / "timeline.schema.json", broken)
    assert committed.returncode == 0, committed.stdout


class LanguageServer:
    """A YAML language server over stdio (JSON-RPC with Content-Length headers)."""

    def __init__(self) -> None:
        env = {key: value for key, value in os.environ.items()
               if key.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
        self.process = subprocess.Popen(["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        env={**env, "NO_PROXY": "127.0.0.1"})
        self.next_id = 0

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        length = 0
        while (line := self.process.stdout.readline().strip()):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        message: dict[str, Any] = json.loads(self.process.stdout.read(length))
        return message

    def request(self, method: str, params: dict[str, Any]) -> Any:
        """Send a request and answer the server's own requests until its answer comes."""
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                assert "error" not in message, message
                return message.get("result")
            if "method" in message and "id" in message:  # e.g. workspace/configuration
                items = message.get("params", {}).get("items", [])
                self.send({"id": message["id"],
                           "result": [SETTINGS["yaml"] for _ in items] or None})

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


SETTINGS = {"yaml": {"validate": True, "completion": True, "hover": True,
                     "schemaStore": {"enable": False}}}


@pytest.fixture(scope="module")
def language_server() -> Iterator[LanguageServer]:
    missing = yamlls_missing()
    if missing:
        skip_unless_required(missing)
    server = LanguageServer()
    server.request("initialize", {"processId": os.getpid(), "rootUri": None,
                                  "capabilities": {"workspace": {"configuration": True}}})
    server.send({"method": "initialized", "params": {}})
    server.send({"method": "workspace/didChangeConfiguration", "params": {"settings": SETTINGS}})
    yield server
    server.close()


@pytest.fixture(scope="module")
def schema_url(published: Path) -> Iterator[str]:
    """The published schemas served on 127.0.0.1, as the site serves them."""
    server, url = serve(published)
    yield url
    server.shutdown()


def _complete(server: LanguageServer, uri: str, text: str) -> list[dict[str, Any]]:
    server.send({"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
    lines = text.split("\n")
    position = {"line": len(lines) - 1, "character": len(lines[-1])}
    result = server.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": position})
    return result["items"] if isinstance(result, dict) else result


def _documentation(item: dict[str, Any]) -> str:
    documentation = item.get("documentation", "")
    return documentation.get("value", "") if isinstance(documentation, dict) else documentation


def test_the_language_server_completes_a_person_s_id_with_the_name(language_server, schema_url,
                                                                  frozen_data):
    text = (f"# yaml-language-server: $schema={schema_url}/schemas/timeline.schema.json\n"
            "legend: []\nevents:\n  - id: essai\n    date: 2024\n    title: Essai\n"
            "    categories: [field]\n    summary: Essai.\n    people:\n      - ")
    items = _complete(language_server, "file:///tmp/regard-essai/timeline.yml", text)
    labels = {item["label"]: item for item in items}
    assert set(frozen_data.people) <= set(labels), sorted(labels)[:20]
    assert "Marie Ferru" in _documentation(labels["marie-ferru"])


def test_the_language_server_completes_a_category(language_server, schema_url, frozen_data):
    text = (f"# yaml-language-server: $schema={schema_url}/schemas/timeline.schema.json\n"
            "legend: []\nevents:\n  - id: essai\n    date: 2024\n    title: Essai\n"
            "    summary: Essai.\n    categories:\n      - ")
    items = _complete(language_server, "file:///tmp/regard-essai/timeline-2.yml", text)
    assert {item["label"] for item in items} >= set(frozen_data.categories)
