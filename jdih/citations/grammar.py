"""Compile the citation grammar from patterns.toml (and patterns_more.toml),
once per process.

The scanner is one regex: an optional pinpoint followed by one group per rule
(``r0``, ``r1``, ...), each group being the rule's designation followed by any
of its number shapes. Inside the scanner every named group is made anonymous
(group names must be unique in a regex); the fields are read afterwards by
re-matching the found span against the rule's own per-shape regexes, which
keep their named groups.
"""
from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

PATTERNS_PATH = Path(__file__).with_name("patterns.toml")
#: Read after PATTERNS_PATH: its rules follow, its tables are added.
MORE_PATTERNS_PATH = Path(__file__).with_name("patterns_more.toml")
FLAGS = re.IGNORECASE
# Placeholders start with a letter so regex counts like {0,4} are left alone.
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]\w*)\}")
_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
# A rule starts a citation only at a word start ("RUU" is not "UU"), never on
# whitespace (court designations are optional and end in \s*).
_WORD_START = r"(?<![\w\-])(?!\s)"


@dataclass(frozen=True, eq=False)
class Rule:
    group: str
    type: str
    label: str
    parsers: tuple[re.Pattern[str], ...]
    issuer: Optional[str] = None
    fixed_year: Optional[int] = None
    #: Kind of OTHER document ("PERMA", "SEMA", "TAP MPR"), for its identity.
    subtype: Optional[str] = None
    #: True when the type comes from the issuer named before the mention.
    context: bool = False
    #: lower-cased variant as written -> canonical alias
    names: dict[str, str] = field(default_factory=dict)
    #: Further list items after a match ("PKPU Nomor 3 dan 5 Tahun 2022").
    items: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Grammar:
    scanner: re.Pattern[str]
    rules: dict[str, Rule]
    issuer_codes: dict[str, str]
    data: dict[str, Any]
    #: Parser type -> issuer pattern, for "Keputusan Nomor ..." (see [context]).
    context: dict[str, re.Pattern[str]] = field(default_factory=dict)
    #: A pinpoint right after a citation, on the same line ("... Pasal 222").
    trailing_pinpoint: Optional[re.Pattern[str]] = None


def load_data(path: Path = PATTERNS_PATH, more: Optional[Path] = MORE_PATTERNS_PATH) -> dict[str, Any]:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    if more is not None:
        with open(more, "rb") as handle:
            extra = tomllib.load(handle)
        data["rule"] = data.get("rule", []) + extra.pop("rule", [])
        for table, values in extra.items():
            data.setdefault(table, {}).update(values)
    return data


def expand(template: str, fragments: dict[str, str], depth: int = 0) -> str:
    """Substitute {name} placeholders, recursively (fragments use fragments)."""
    if depth > 10:
        raise ValueError(f"placeholders nest too deep in {template!r}")
    expanded = _PLACEHOLDER.sub(lambda m: fragments[m.group(1)], template)
    if expanded == template:
        return expanded
    return expand(expanded, fragments, depth + 1)


def names_pattern(names: dict[str, list[str]]) -> str:
    """Alternation of every written variant, longest first, spaces flexible."""
    variants = sorted({v for vs in names.values() for v in vs}, key=len, reverse=True)
    escaped = (re.escape(v).replace(r"\ ", r"\s+") for v in variants)
    # A cheap look at the first letter spares trying every name.
    firsts = "".join(sorted({v[0].lower() for v in variants}))
    return f"(?=[{re.escape(firsts)}])(?:" + "|".join(escaped) + ")" if variants else "(?!)"


def anonymous(pattern: str) -> str:
    return _NAMED_GROUP.sub("(?:", pattern)


def _rule_parts(spec: dict[str, Any], data: dict[str, Any]) -> tuple[str, list[str]]:
    fragments = dict(data["fragments"])
    fragments["names"] = names_pattern(spec.get("names", {}))
    designation = expand(spec["designation"], fragments)
    shapes = [expand(data["shapes"][name], fragments) for name in spec["shapes"]]
    return designation, shapes


# Shapes that can follow a citation as a further item of the same list.
LIST_SHAPES = {
    "plain", "slash", "coded", "bare", "keppres_plain", "keppres_date", "tap_mpr",
    "mk", "ma", "dkpp", "dkpp_old", "court", "bawaslu",
}
# ", 13-PKE-DKPP/I/2024", " dan 5", "; serta Nomor 28": a list separator.
_ITEM_JOIN = r"(?:[ \t]*[,;][ \t]*(?:(?:dan|serta|atau)\s+)?|\s+(?:dan|serta|atau|&)\s+)"


def _item_patterns(spec: dict[str, Any], data: dict[str, Any], shapes: list[str]) -> tuple:
    nomor = data["fragments"]["nomor"]
    return tuple(
        re.compile(f"{_ITEM_JOIN}(?:{nomor})?(?:{shape})", FLAGS)
        for name, shape in zip(spec["shapes"], shapes)
        if name in LIST_SHAPES
    )


def build_rule(index: int, spec: dict[str, Any], data: dict[str, Any], gated: bool = True) -> tuple[Rule, str]:
    """The rule, and its (anonymous) alternative for the scanner."""
    designation, shapes = _rule_parts(spec, data)
    after = expand(data["fragments"].get("after_designation", ""), data["fragments"])
    head = rf"{_WORD_START}(?:{designation}){after}\s*"
    parsers = tuple(re.compile(head + f"(?:{shape})", FLAGS) for shape in shapes)
    group = f"r{index}"
    body = anonymous(head + "(?:" + "|".join(shapes) + ")")
    names = {v.lower(): alias for alias, vs in spec.get("names", {}).items() for v in vs}
    rule = Rule(
        group=group,
        type=spec["type"],
        label=spec["label"],
        parsers=parsers,
        issuer=spec.get("issuer"),
        fixed_year=spec.get("fixed_year"),
        subtype=spec.get("subtype"),
        context=bool(spec.get("context")),
        names=names,
        items=_item_patterns(spec, data, shapes),
    )
    starts = expand(spec["starts"], data["fragments"]) if gated and spec.get("starts") else ""
    guard = f"(?=(?:{starts}))" if starts else ""
    return rule, f"{guard}(?P<{group}>{body})"


def build(data: dict[str, Any], gated: bool = True) -> Grammar:
    """Compile the scanner; `gated=False` drops the start_chars and `starts`
    shortcuts (tests compare both scans)."""
    rules: dict[str, Rule] = {}
    alternatives = []
    for index, spec in enumerate(data["rule"]):
        rule, alternative = build_rule(index, spec, data, gated)
        rules[rule.group] = rule
        alternatives.append(alternative)
    pinpoint = anonymous(expand(data["fragments"]["pinpoint"], data["fragments"]))
    gate = f"{_WORD_START}(?={expand(data['fragments']['start_chars'], data['fragments'])})" if gated else ""
    # The pinpoint is taken whole or not at all (atomic): trying every
    # shorter "Pasal 1 ayat (2) huruf a" made runs of pinpoints slow.
    scanner = re.compile(
        gate + rf"(?>(?P<pin>{_WORD_START}{pinpoint})\s+)?(?:" + "|".join(alternatives) + ")",
        FLAGS,
    )
    issuer_codes = {
        variant: code for code, variants in data.get("issuer_codes", {}).items() for variant in variants
    }
    context = {ctype: re.compile(pattern, FLAGS) for ctype, pattern in data.get("context", {}).items()}
    trailing = re.compile(rf"[ \t]*,?[ \t]*(?P<after>{_WORD_START}{pinpoint})", FLAGS)
    return Grammar(scanner, rules, issuer_codes, data, context=context, trailing_pinpoint=trailing)


@functools.cache
def grammar() -> Grammar:
    """The grammar compiled from the packaged patterns.toml (cached)."""
    return build(load_data())
