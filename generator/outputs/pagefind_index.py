"""The site's search index, written by Pagefind while the site builds.

An adapter, like :mod:`generator.engines.mkdocs_plugin` (its only user): the core never imports it.
Pagefind's Python package drives the same ``pagefind --service`` process but waits a tenth
of a second for each answer (an hour for a 10,000-event site); this client speaks the
service's protocol directly — base64 JSON messages, each followed by a comma — and sends
pages as the engine writes them, so that Pagefind indexes them on another core while the
build goes on. Only the final write is waited for.
"""

from __future__ import annotations

import base64
import io
import json
import subprocess
import threading
from pathlib import Path
from typing import Any

UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                "pagefind-modular-ui.css", "pagefind-component-ui.js",
                "pagefind-component-ui.css", "pagefind-highlight.js", "wasm.unknown.pagefind")
"""Pagefind's own interfaces and its index for pages of no known language: the site has its
own interface in Material's search dialog, and every page is French."""


class SearchIndexError(RuntimeError):
    """Pagefind could not be started or refused a message; the message is French."""


def executable() -> Path:
    """The Pagefind binary that the ``pagefind[bin]`` dependency installs."""
    try:
        from pagefind_bin import get_executable  # type: ignore[import-untyped]
    except ImportError:
        raise SearchIndexError("Pagefind n'est pas installé : installez les dépendances "
                               "(pip install --require-hashes -r requirements.txt)") from None
    path: Path = get_executable()
    return path


class PagefindIndex:
    """One index being built: pages and records go in, files come out in :meth:`write`."""

    def __init__(self, config: dict[str, Any], binary: Path | None = None) -> None:
        try:
            self._process = subprocess.Popen(
                [str(binary or executable()), "--service"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as exc:
            raise SearchIndexError(f"Pagefind ne démarre pas ({exc})") from None
        self._next_id = 0
        self._files_asked: int | None = None
        self._answers: dict[int, dict[str, Any]] = {}
        self._arrived = threading.Condition()
        self._errors: list[str] = []
        self._stderr = b""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        threading.Thread(target=self._read_errors, daemon=True).start()
        answer = self._wait(self._send({"type": "NewIndex", "config": config}))
        self._index_id = int(answer["index_id"])

    def add_page(self, url: str, html: str) -> None:
        """Index an HTML page served at ``url`` (from the site's root, such as ``/a/b/``)."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url,
                    "file_contents": html, "file_path": None})

    def finish(self) -> None:
        """Ask for the index's files now (no page may be added after): the service builds
        them while the caller does other work, until :meth:`write`."""
        if self._files_asked is None:
            self._files_asked = self._send({"type": "GetFiles", "index_id": self._index_id})

    def write(self, folder: Path) -> None:
        """Write the index into ``folder``, then stop the service; raises on any refusal.

        The files come back through the pipe and are written here: the service's own
        writing can still be under way when it answers, and stopping it then would leave
        files empty."""
        self.finish()
        assert self._files_asked is not None
        answer = self._wait(self._files_asked)
        self.close()
        if self._errors:
            raise SearchIndexError("Pagefind a refusé " + "; ".join(self._errors[:3]))
        made: set[Path] = set()  # hundreds of fragments share a few folders
        for file in answer.get("files", []):
            relative = Path(str(file["path"]))
            if relative.name in UNUSED_FILES or relative.is_absolute() or ".." in relative.parts:
                continue
            target = folder / relative
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(base64.b64decode(file["content"]))

    def close(self) -> None:
        """Stop the service (whatever state the build is in)."""
        if self._process.poll() is None:
            if self._process.stdin:
                self._process.stdin.close()
            self._process.terminate()
            self._process.wait(timeout=30)

    def _send(self, payload: dict[str, Any]) -> int:
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload})
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            self._process.stdin.flush()
        except (BrokenPipeError, ValueError):
            raise SearchIndexError("le service Pagefind s'est arrêté "
                                   f"({self._stderr.decode(errors='replace')[-300:]})") from None
        return self._next_id

    def _wait(self, message_id: int) -> dict[str, Any]:
        with self._arrived:
            self._arrived.wait_for(lambda: message_id in self._answers
                                   or not self._reader.is_alive(), timeout=600)
            answer = self._answers.get(message_id)
        if answer is None:
            raise SearchIndexError("le service Pagefind ne répond plus "
                                   f"({self._stderr.decode(errors='replace')[-300:]})")
        if answer.get("type") == "Error":
            raise SearchIndexError(str(answer.get("message")))
        return answer

    def _read(self) -> None:
        stdout = self._process.stdout
        assert isinstance(stdout, io.BufferedReader)
        buffer = b""
        while chunk := stdout.read1(1 << 16):
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for message in messages:
                answer = json.loads(base64.b64decode(message))
                payload = answer.get("payload", {})
                if payload.get("type") == "Error":
                    self._errors.append(str(payload.get("message")))
                with self._arrived:
                    self._answers[int(answer.get("message_id") or 0)] = payload
                    self._arrived.notify_all()
        with self._arrived:
            self._arrived.notify_all()

    def _read_errors(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:
            self._stderr = (self._stderr + line)[-2000:]
