from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal"


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid content."""
    target = tmp_path / "site-src"
    shutil.copytree(MINIMAL, target)
    return target
