"""Questionnaires as data: the definition format, its validator and the one scoring engine.

An instrument is a definition file (JSON; the published schema is
``instrument_definitions/instrument.schema.json``) holding its name, version, citation, the
terms of use as its authors state them, instructions, the exact wording of every item, the
response options, which items are reverse-keyed, subscales, the scoring rule and cut-offs with
their source. ``parse_definition`` checks a definition and names every mistake exactly, so that
a practice that imports one learns what to fix rather than getting a half-loaded instrument.
Nothing here guesses an item: the wording is whatever the definition's authors published.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from mend.domain.scales import ResponseOption

FORMAT = 1
REVERSE_FORMULA = "min + max - answer"
METHODS = ("sum", "mean")
BUILTIN_DIR = Path(__file__).resolve().parent / "instrument_definitions"
SCHEMA_PATH = BUILTIN_DIR / "instrument.schema.json"

_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MAX_ITEMS = 200
MAX_VALUE = 1_000_000  # response values and cut-offs: any published scale fits, no overflow


class QuestionnaireError(ValueError):
    """Unknown instrument, or an answer missing, unknown or not among the allowed values."""


class DefinitionError(ValueError):
    """A definition that cannot be loaded; ``errors`` names every mistake, one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    options: tuple[ResponseOption, ...]
    reverse: bool = False
    subscale: str | None = None

    # Cached: an item never changes, and scoring asks for these once per answer.
    @cached_property
    def allowed_values(self) -> frozenset[int]:
        return frozenset(option.value for option in self.options)

    @cached_property
    def min_value(self) -> int:
        return min(self.allowed_values)

    @cached_property
    def max_value(self) -> int:
        return max(self.allowed_values)

    def scored(self, answer: int) -> int:
        """The item's contribution: reverse-keyed items are mirrored within their own range
        (min + max - answer), the formula published scales use."""
        return self.min_value + self.max_value - answer if self.reverse else answer


@dataclass(frozen=True)
class Subscale:
    id: str
    name: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Cutoff:
    """A published threshold: a score below ``value`` reads ``below``, else ``at_or_above``."""

    applies_to: str  # "total" or a subscale id
    value: float
    label: str
    source: str
    below: str = ""
    at_or_above: str = ""

    def describe(self, score: float) -> str:
        template = self.below if score < self.value else self.at_or_above
        if not template:
            side = "below" if score < self.value else "at or above"
            template = f"A score of {{score}} is {side} the cut-off of {{cutoff}} ({self.label})."
        # str.replace, not str.format: a definition is outside input and must not reach into
        # Python's formatting language.
        return template.replace("{score}", fmt(score)).replace("{cutoff}", fmt(self.value))


@dataclass(frozen=True)
class Result:
    instrument_id: str
    total: float
    min_total: float
    max_total: float
    subscales: dict[str, float] = field(default_factory=dict)
    interpretation: str = ""


def _no_interpretation(total: float) -> str:
    return ""


@dataclass(frozen=True)
class Instrument:
    id: str
    name: str
    short_name: str
    citation: str
    terms: str
    instructions: str
    items: tuple[Item, ...]
    interpret: Callable[[float], str] = _no_interpretation
    verification: str = ""
    version: str = "1"
    method: str = "sum"
    subscales: tuple[Subscale, ...] = ()
    cutoffs: tuple[Cutoff, ...] = ()
    language: str = "en"
    languages: tuple[str, ...] = ("en",)

    @cached_property
    def _by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    def item(self, item_id: str) -> Item:
        return self._by_id[item_id]

    def _combine(self, values: list[int]) -> float:
        if self.method == "mean":
            return round(sum(values) / len(values), 2)
        return sum(values)

    def _bounds(self, items: list[Item]) -> tuple[float, float]:
        lows = [min(item.scored(v) for v in item.allowed_values) for item in items]
        highs = [max(item.scored(v) for v in item.allowed_values) for item in items]
        return self._combine(lows), self._combine(highs)

    @cached_property
    def _total_bounds(self) -> tuple[float, float]:
        return self._bounds(list(self.items))

    @property
    def min_total(self) -> float:
        return self._total_bounds[0]

    @property
    def max_total(self) -> float:
        return self._total_bounds[1]

    def subscale_groups(self) -> dict[str, list[Item]]:
        return self._groups

    @cached_property
    def _groups(self) -> dict[str, list[Item]]:
        """Subscale id -> its items: the declared subscales, else the items' own labels."""
        if self.subscales:
            return {s.id: [self.item(i) for i in s.items] for s in self.subscales}
        groups: dict[str, list[Item]] = {}
        for item in self.items:
            if item.subscale is not None:
                groups.setdefault(item.subscale, []).append(item)
        return groups

    def subscale_bounds(self, subscale_id: str) -> tuple[float, float]:
        return self._bounds(self.subscale_groups()[subscale_id])

    def subscale_name(self, subscale_id: str) -> str:
        return next((s.name for s in self.subscales if s.id == subscale_id), subscale_id)


def fmt(value: float) -> str:
    """A score as people read it: 12, 13.5, 2.33."""
    return f"{value:g}"


def score_instrument(instrument: Instrument, answers: Mapping[str, int]) -> Result:
    """Validate every answer and score the instrument by its own rule."""
    unknown = sorted(set(answers) - instrument._by_id.keys())
    if unknown:
        raise QuestionnaireError(
            f"{instrument.short_name} has no item {unknown[0]!r}.",
        )
    scored: dict[str, int] = {}
    for item in instrument.items:
        if item.id not in answers:
            raise QuestionnaireError(f"Item {item.id} is not answered: {item.text!r}.")
        answer = answers[item.id]
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise QuestionnaireError(f"Item {item.id} needs a whole-number answer, got {answer!r}.")
        if answer not in item.allowed_values:
            allowed = ", ".join(str(v) for v in sorted(item.allowed_values))
            raise QuestionnaireError(
                f"Item {item.id}: {answer} is not an allowed answer (allowed: {allowed})."
            )
        scored[item.id] = item.scored(answer)
    total = instrument._combine(list(scored.values()))
    subscales = {
        sid: instrument._combine([scored[item.id] for item in items])
        for sid, items in instrument.subscale_groups().items()
    }
    return Result(
        instrument_id=instrument.id,
        total=total,
        min_total=instrument.min_total,
        max_total=instrument.max_total,
        subscales=subscales,
        interpretation=instrument.interpret(total),
    )


# --- Definitions ---------------------------------------------------------------------------------

_TOP_FIELDS = {
    "$schema": False,
    "format": True,
    "key": True,
    "version": True,
    "name": True,
    "short_name": True,
    "citation": True,
    "terms": True,
    "verification": False,
    "language": True,
    "languages": True,
    "instructions": True,
    "response_sets": False,
    "items": True,
    "reverse_keyed": False,
    "subscales": False,
    "scoring": True,
    "cutoffs": False,
}
TOP_FIELDS = frozenset(_TOP_FIELDS)
REQUIRED_FIELDS = frozenset(name for name, required in _TOP_FIELDS.items() if required)

_TEXT_LIMITS = {
    "version": 32,
    "name": 200,
    "short_name": 32,
    "citation": 2000,
    "terms": 4000,
    "verification": 4000,
    "instructions": 4000,
}


class _Checker:
    """Collects every mistake with the place it is in, e.g. ``items[2].options``."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def fields(self, value: Any, where: str, allowed: Collection[str], *, named: str) -> bool:
        """Whether ``value`` is an object (``named``: with what); any other field is a mistake."""
        if not isinstance(value, dict):
            self.error(where, f"must be an object with {named}.")
            return False
        for extra in sorted(set(value) - set(allowed)):
            self.error(where, f"unknown field {extra!r}.")
        return True

    def text(self, value: Any, where: str, limit: int, *, required: bool = True) -> str:
        if value is None:
            if required:
                self.error(where, "missing.")
            return ""
        if not isinstance(value, str):
            self.error(where, "must be text.")
            return ""
        value = value.strip()
        if required and not value:
            self.error(where, "must not be empty.")
        elif len(value) > limit:
            self.error(where, f"is {len(value)} characters long; at most {limit}.")
        return value

    def non_empty_list(self, value: Any, where: str, *, of: str) -> list[Any]:
        """``value`` if it is a non-empty list; otherwise the mistake, and an empty list."""
        if value is None:
            self.error(where, "missing.")
            return []
        if not isinstance(value, list) or not value:
            self.error(where, f"must be a non-empty list of {of}.")
            return []
        return value

    def options(self, value: Any, where: str) -> tuple[ResponseOption, ...] | None:
        if not isinstance(value, list) or len(value) < 2:
            self.error(where, "needs a list of at least two response options.")
            return None
        found: list[ResponseOption] = []
        seen: set[int] = set()
        for n, option in enumerate(value):
            here = f"{where}[{n}]"
            if not self.fields(option, here, ("value", "label"), named='"value" and "label"'):
                continue
            number = option.get("value")
            label = self.text(option.get("label"), f"{here}.label", 200)
            if number is None:
                self.error(f"{here}.value", "missing.")
                continue
            if isinstance(number, bool) or not isinstance(number, int):
                self.error(f"{here}.value", f"must be a whole number (got {number!r:.40}).")
                continue
            if abs(number) > MAX_VALUE:
                self.error(f"{here}.value", f"must be between -{MAX_VALUE} and {MAX_VALUE}.")
                continue
            if number in seen:
                self.error(f"{here}.value", f"{number} is used twice.")
                continue
            seen.add(number)
            found.append(ResponseOption(number, label))
        return tuple(found)

    def id_list(self, value: Any, where: str) -> list[str]:
        if not isinstance(value, list):
            self.error(where, "must be a list of item ids.")
            return []
        ids: list[str] = []
        for n, v in enumerate(value):
            if isinstance(v, str):
                ids.append(v)
            else:
                self.error(f"{where}[{n}]", f"must be an item id (got {v!r}).")
        return ids


def parse_definition(data: Any) -> Instrument:
    """Check a definition (already decoded from JSON) and build the instrument it describes.

    Raises DefinitionError naming every mistake found, never a partly checked instrument."""
    check = _Checker()
    if not isinstance(data, dict):
        raise DefinitionError(["The definition must be a JSON object."])
    for name in sorted(set(data) - TOP_FIELDS):
        check.error(name, "unknown field.")
    fmt_version = data.get("format")
    if fmt_version is None:
        check.error("format", "missing.")
    elif fmt_version != FORMAT:
        check.error("format", f"this version of Mend reads format {FORMAT} (got {fmt_version!r}).")
    key = data.get("key")
    if key is None:
        check.error("key", "missing.")
        key = ""
    elif not isinstance(key, str) or not _KEY.match(key):
        check.error("key", f"use 1-32 lower-case letters, digits, '-' or '_' (got {key!r}).")
        key = ""
    texts = {
        name: check.text(data.get(name), name, limit, required=_TOP_FIELDS[name])
        for name, limit in _TEXT_LIMITS.items()
    }

    language = check.text(data.get("language"), "language", 35)
    languages = check.non_empty_list(
        data.get("languages"), "languages", of="language tags such as 'en'"
    )
    for n, tag in enumerate(languages):
        if not isinstance(tag, str) or not _LANGUAGE.match(tag):
            check.error(f"languages[{n}]", f"not a language tag such as 'en' or 'pt-BR': {tag!r}.")
    if language and not _LANGUAGE.match(language):
        check.error("language", f"not a language tag such as 'en' or 'pt-BR': {language!r}.")
    elif language and languages and language not in languages:
        check.error("language", f"{language!r} is not among languages.")

    response_sets: dict[str, tuple[ResponseOption, ...] | None] = {}
    raw_sets = data.get("response_sets", {})
    if not isinstance(raw_sets, dict):
        check.error("response_sets", "must be an object of named lists of response options.")
    else:
        for name, options in raw_sets.items():
            response_sets[name] = check.options(options, f"response_sets.{name}")

    items: list[Item] = []
    item_ids: set[str] = set()
    raw_items = check.non_empty_list(data.get("items"), "items", of="items")
    if len(raw_items) > MAX_ITEMS:
        check.error("items", f"has {len(raw_items)} items; at most {MAX_ITEMS}.")
        raw_items = []
    for n, raw in enumerate(raw_items):
        here = f"items[{n}]"
        fields = ("id", "text", "options")
        if not check.fields(raw, here, fields, named='"id", "text" and "options"'):
            continue
        item_id = raw.get("id")
        if item_id is None:
            check.error(f"{here}.id", "missing.")
            continue
        if not isinstance(item_id, str) or not _KEY.match(item_id):
            check.error(
                f"{here}.id", f"use 1-32 lower-case letters, digits, '-' or '_' (got {item_id!r})."
            )
            continue
        if item_id in item_ids:
            check.error(f"{here}.id", f"{item_id!r} is used twice.")
            continue
        item_ids.add(item_id)
        text = check.text(raw.get("text"), f"{here}.text", 1000)
        options = raw.get("options")
        found: tuple[ResponseOption, ...] | None
        if options is None:
            check.error(f"{here}.options", "missing.")
            found = None
        elif isinstance(options, str):
            if options not in response_sets:
                check.error(f"{here}.options", f"no response set {options!r}.")
            found = response_sets.get(options)
        else:
            found = check.options(options, f"{here}.options")
        if found:
            items.append(Item(item_id, text, found))

    reverse: set[str] = set()
    raw_reverse = data.get("reverse_keyed", [])
    for n, item_id in enumerate(check.id_list(raw_reverse, "reverse_keyed")):
        if item_id not in item_ids:
            check.error(f"reverse_keyed[{n}]", f"no item {item_id!r} to reverse.")
        elif item_id in reverse:
            check.error(f"reverse_keyed[{n}]", f"{item_id!r} is listed twice.")
        reverse.add(item_id)
    items = [
        Item(i.id, i.text, i.options, reverse=i.id in reverse, subscale=i.subscale) for i in items
    ]

    subscales: list[Subscale] = []
    raw_subscales = data.get("subscales", [])
    if not isinstance(raw_subscales, list):
        check.error("subscales", "must be a list of subscales.")
        raw_subscales = []
    subscale_ids: set[str] = set()
    for n, raw in enumerate(raw_subscales):
        here = f"subscales[{n}]"
        if not check.fields(raw, here, ("id", "name", "items"), named='"id", "name" and "items"'):
            continue
        sid = raw.get("id")
        name = check.text(raw.get("name"), f"{here}.name", 200)
        if not isinstance(sid, str) or not _KEY.match(sid) or sid == "total":
            check.error(
                f"{here}.id",
                f"use 1-32 lower-case letters, digits, '-' or '_', not 'total' (got {sid!r}).",
            )
            continue
        if sid in subscale_ids:
            check.error(f"{here}.id", f"{sid!r} is used twice.")
            continue
        subscale_ids.add(sid)
        members = check.id_list(raw.get("items", []), f"{here}.items")
        if not members:
            check.error(here, f"({name or sid}) references no item.")
            continue
        for m, item_id in enumerate(members):
            if item_id not in item_ids:
                check.error(f"{here}.items[{m}]", f"no item {item_id!r}.")
        if len(set(members)) != len(members):
            check.error(f"{here}.items", "lists an item twice.")
        subscales.append(Subscale(sid, name, tuple(members)))

    method = "sum"
    scoring = data.get("scoring")
    if scoring is None:
        check.error("scoring", "missing.")
    elif check.fields(scoring, "scoring", ("method", "reverse"), named='"method" and "reverse"'):
        method = scoring.get("method", "")
        if method not in METHODS:
            check.error("scoring.method", f'must be "sum" or "mean" (got {method!r}).')
            method = "sum"
        formula = scoring.get("reverse")
        if formula is None and reverse:
            check.error(
                "scoring.reverse", f'missing; reverse-keyed items need "{REVERSE_FORMULA}".'
            )
        elif formula is not None and formula != REVERSE_FORMULA:
            check.error(
                "scoring.reverse", f'only "{REVERSE_FORMULA}" is supported (got {formula!r}).'
            )

    built = {item.id for item in items}
    draft = Instrument(
        id=key or "draft",
        name=texts["name"],
        short_name=texts["short_name"],
        citation=texts["citation"],
        terms=texts["terms"],
        instructions=texts["instructions"],
        items=tuple(items),
        method=method,
        # Only subscales whose items were all built: the draft is for checking cut-offs' bounds.
        subscales=tuple(s for s in subscales if all(i in built for i in s.items)),
    )

    cutoffs: list[Cutoff] = []
    raw_cutoffs = data.get("cutoffs", [])
    if not isinstance(raw_cutoffs, list):
        check.error("cutoffs", "must be a list of cut-offs.")
        raw_cutoffs = []
    for n, raw in enumerate(raw_cutoffs):
        here = f"cutoffs[{n}]"
        allowed = ("applies_to", "value", "label", "source", "below", "at_or_above")
        if not check.fields(raw, here, allowed, named='"applies_to", "value", "label", "source"'):
            continue
        applies_to = raw.get("applies_to", "total")
        if not isinstance(applies_to, str):
            check.error(f"{here}.applies_to", 'must be "total" or a subscale id.')
            continue
        label = check.text(raw.get("label"), f"{here}.label", 200)
        source = check.text(raw.get("source"), f"{here}.source", 1000)
        below = check.text(raw.get("below"), f"{here}.below", 1000, required=False)
        above = check.text(raw.get("at_or_above"), f"{here}.at_or_above", 1000, required=False)
        value = raw.get("value")
        if value is None:
            check.error(f"{here}.value", "missing.")
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or abs(value) > MAX_VALUE  # also catches inf; before isfinite, which overflows
            or not math.isfinite(value)
        ):
            check.error(f"{here}.value", f"must be a number up to {MAX_VALUE} (got {value!r:.40}).")
            continue
        if applies_to != "total" and applies_to not in subscale_ids:
            check.error(f"{here}.applies_to", f"no subscale {applies_to!r}.")
            continue
        if applies_to != "total" and applies_to not in {s.id for s in draft.subscales}:
            continue  # the subscale itself is wrong, and already named
        if not draft.items:
            continue
        low, high = (
            (draft.min_total, draft.max_total)
            if applies_to == "total"
            else draft.subscale_bounds(applies_to)
        )
        if not low <= value <= high:
            check.error(
                f"{here}.value",
                f"{fmt(value)} is outside the possible scores {fmt(low)}-{fmt(high)}.",
            )
            continue
        cutoffs.append(Cutoff(applies_to, float(value), label, source, below, above))

    if check.errors:
        raise DefinitionError(check.errors)
    return Instrument(
        id=key,
        name=draft.name,
        short_name=draft.short_name,
        citation=draft.citation,
        terms=draft.terms,
        instructions=draft.instructions,
        items=draft.items,
        interpret=_interpreter(draft.subscales, tuple(cutoffs)),
        verification=texts["verification"],
        version=texts["version"],
        method=method,
        subscales=draft.subscales,
        cutoffs=tuple(cutoffs),
        language=language,
        languages=tuple(languages),
    )


def _interpreter(
    subscales: tuple[Subscale, ...], cutoffs: tuple[Cutoff, ...]
) -> Callable[[float], str]:
    total_cutoffs = [c for c in cutoffs if c.applies_to == "total"]

    def interpret(total: float) -> str:
        return " ".join(c.describe(total) for c in total_cutoffs)

    return interpret


def subscale_interpretation(instrument: Instrument, subscales: Mapping[str, float]) -> list[str]:
    """What each subscale cut-off says about these subscale scores, named by subscale."""
    return [
        f"{instrument.subscale_name(c.applies_to)}: {c.describe(subscales[c.applies_to])}"
        for c in instrument.cutoffs
        if c.applies_to != "total" and c.applies_to in subscales
    ]


def parse_definition_text(text: str | bytes) -> tuple[Instrument, dict[str, Any]]:
    """Decode a definition file and check it; the instrument and the decoded data."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise DefinitionError([f"Not valid JSON: {exc}."]) from None
    return parse_definition(data), data


def builtin_definitions() -> dict[str, dict[str, Any]]:
    """The definitions shipped with Mend, by key (every ``*.json`` beside the schema)."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(BUILTIN_DIR.glob("*.json")):
        if path == SCHEMA_PATH:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        found[data["key"]] = data
    return found


def builtin(key: str) -> Instrument:
    return parse_definition(builtin_definitions()[key])
