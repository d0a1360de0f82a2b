"""Small helpers shared by every area's forms."""
from __future__ import annotations

from typing import Any, Iterable

from wtforms import SelectChoice


def choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """SelectField choices from (value, label) pairs (WTForms 3.3 style)."""
    return [SelectChoice(value, label) for value, label in pairs]
