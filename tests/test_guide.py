"""The staff guide documents every message the validation corpus pins."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT
from .test_validate import CASES

GUIDE = (ROOT / "CONTRIBUTING.md").read_text("utf-8")


def _shape(message: str) -> str:
    """The message without its file position and its « quoted » values."""
    message = re.sub(r"^[^:]+:\d+:\d+: ", "", message)
    return re.sub(r"« [^»]* »", "«»", message).split(" ; ")[0]


@pytest.mark.parametrize("message", sorted({m for case in CASES for m in case[4]}))
def test_each_validation_message_is_explained_in_the_guide(message):
    documented = {_shape(m) for m in re.findall(r"^\| `([^`]+)`", GUIDE, re.M)}
    assert _shape(message) in documented
