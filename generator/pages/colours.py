"""Legend colours on the page: each category's colour made readable (WCAG 2 contrast of at
least 4.5:1) on the light and the dark backgrounds, and on a bar's tint."""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

from ..content.model import Category


def css_colour(value: str) -> Markup:
    """A legend colour, checked by the model, written as it is in a ``style`` attribute."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValueError(f"couleur invalide : {value!r}")
    return Markup(value)


LIGHT_BACKGROUND = (255, 255, 255)
DARK_BACKGROUND = (30, 33, 41)
"""Material's page background in the light and the ``slate`` schemes."""
TINT = 0.18
"""Share of a category's colour in the tint behind a bar of the frise."""


def _luminance(rgb: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _mix(a: tuple[float, ...], b: tuple[float, ...], share: float) -> tuple[float, ...]:
    return tuple(x * share + y * (1 - share) for x, y in zip(a, b, strict=True))


def readable_colour(value: str, background: tuple[int, int, int]) -> Markup:
    """The category colour ``value``, darkened (light scheme) or lightened (dark scheme)
    just enough for text in it to reach 4.5:1 on the page and on a bar's tint."""
    colour = tuple(int(value[i:i + 2], 16) for i in (1, 3, 5))
    toward = (0, 0, 0) if _luminance(background) > 0.5 else (255, 255, 255)
    for step in range(51):
        candidate = _mix(toward, colour, step / 50)
        tint = _mix(candidate, background, TINT)
        if min(contrast(candidate, background), contrast(candidate, tint)) >= 4.5:
            break
    return Markup("#" + "".join(f"{round(c):02x}" for c in candidate))


def category_style(category: Category) -> Markup:
    """The ``style`` of an element drawn in a category's colours, for both schemes."""
    return _colour_style(category.colour)


@lru_cache(maxsize=256)
def _colour_style(colour: str) -> Markup:
    # Every card and marker is drawn in its category's colours: a few colours, each
    # computed once.
    css_colour(colour)
    return Markup(f"--rd-cat-colour: {readable_colour(colour, LIGHT_BACKGROUND)}; "
                  f"--rd-cat-colour-dark: {readable_colour(colour, DARK_BACKGROUND)}")
