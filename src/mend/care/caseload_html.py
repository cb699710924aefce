"""The caseload table's rows, written in Python and kept per process.

A caseload page shows up to 200 rows of six cells each; through the template language that was
most of the page's time (about a millisecond a row), so the rows are joined here, every value
escaped. The markup and the text are the ones the template had (``|date:"j M, H:i"`` on the
person's own clock, ``|floatformat:1``); the table around it stays in the template. Values are
escaped with the standard library's ``html.escape``, which is what Django's ``escape`` calls
(without its per-call checks for lazy text, a measurable part of a 200-row page).

A row's markup depends only on its stored row (``built_at`` and the space's change counter say
which version), the counsellor's visit, the sharing members' names, the space's name and the
person's zone and language: it is kept per process under all of those (``rows_html``), so a
reload reads no row's details and renders no row again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from html import escape
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe

from mend.care.caseload import CaseloadRow, fill_details
from mend.core.memo import Memo

# Rows of about 1.5 kB: a few megabytes at most per process.
_ROWS = Memo(4096)

_PK = 987654321  # a stand-in id, replaced per row: one reverse() per page, not three a row


def _url(name: str) -> tuple[str, str]:
    head, _, tail = reverse(name, args=[_PK]).partition(str(_PK))
    return head, tail


_TENTH = Decimal("0.1")


@lru_cache(maxsize=1024)  # averages of small whole numbers: few distinct values
def _tenths(value: float) -> str:
    """``value|floatformat:1``: rounded half up from its shortest decimal form (2.25 is 2.3)."""
    return str(Decimal(repr(value)).quantize(_TENTH, ROUND_HALF_UP))


class _Clock:
    """``|date:"j M, H:i"`` on the person's clock (the zone active for the request), with the
    month names translated once a page rather than once a row."""

    def __init__(self) -> None:
        self.zone: tzinfo = timezone.get_current_timezone()
        # As Django's "M": the three-letter month, title-cased.
        self.months = [""] + [str(MONTHS_3[m]).title() for m in range(1, 13)]

    def __call__(self, at: datetime) -> str:
        local = at.astimezone(self.zone)
        return f"{local.day} {self.months[local.month]}, {local.hour:02}:{local.minute:02}"


class _Escaped:
    """``html.escape`` once per distinct text of a page: member names, instrument keys and
    signal texts repeat from row to row. Kept for one page only (names are not held on)."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def __call__(self, text: str) -> str:
        found = self.seen.get(text)
        if found is None:
            found = self.seen[text] = escape(text)
        return found


def _label(text: str) -> str:
    return f'<span class="caseload__label">{text}</span>'


def _since(row: CaseloadRow, space_url: str, name: str, clock: _Clock) -> str:
    where = f'<span class="visually-hidden"> in {name}</span>'
    if row.last_visit:
        if row.new_records:
            first = f'<a href="{space_url}">{row.new_records} new or changed{where}</a>'
        else:
            first = "nothing new"
    else:
        first = f'<a href="{space_url}">First visit: {row.new_records} shared{where}</a>'
    parts = [_label("Since your last visit"), first]
    if row.new_consents and row.last_visit:
        s = "" if row.new_consents == 1 else "s"
        parts.append(f'<div class="small">{row.new_consents} new consent{s}</div>')
    when = f"last visit {escape(clock(row.last_visit))}" if row.last_visit else "not visited yet"
    parts.append(f'<div class="small muted">{when}</div>')
    return "".join(parts)


def _ratio(row: CaseloadRow, esc: Callable[[str], str]) -> str:
    r = row.ratio
    out = _label("Moments ratio (28 days, shared)")
    if r is None:
        return out + '<span class="muted">not shared</span>'
    out += f"+{r.positive} / −{r.negative} confirmed"
    if r.negative:
        out += f" ({esc(r.text)})"
    if not r.enough_for_reference:
        out += '<div class="small muted">too few yet to compare with a reference</div>'
    return out


def _safety(row: CaseloadRow) -> str:
    s = row.safety
    out = _label("Safety check-ins (shared)")
    if s is None:
        return out + '<span class="muted">not shared</span>'
    if s.recent is not None:
        out += f"{_tenths(s.recent)}/10 last 14 days"
    else:
        out += "none in last 14 days"
    if s.previous is not None:
        out += f'<div class="small muted">before: {_tenths(s.previous)}/10 · {s.direction}</div>'
    if s.low:
        out += f'<div class="small">{s.low} low (≤ 4)</div>'
    return out


def _questionnaires(row: CaseloadRow, esc: Callable[[str], str]) -> str:
    out = _label("Questionnaires (shared)")
    if not row.questionnaires:
        return out + '<span class="muted">not shared</span>'
    for q in row.questionnaires:
        before = f", before {q.previous}" if q.previous is not None else ""
        out += (
            f'<div class="small">{esc(str(q.member))} · {esc(q.instrument_id)}: '
            f'{q.latest} <span class="muted">({q.min_total}–{q.max_total}){before}</span></div>'
        )
    return out


def _signals(row: CaseloadRow, help_url: str, esc: Callable[[str], str]) -> str:
    out = _label("Signals")
    if not row.signals:
        out += '<span class="muted">none</span>'
    for s in row.signals:
        out += f'<div class="small"><strong>{esc(s.title)}</strong> — {esc(s.reason)}</div>'
    return out + f'<div class="small"><a href="{help_url}">How signals work</a></div>'


class _Page:
    """What every row of one page shares: the addresses, the clock, the escaped names."""

    def __init__(self) -> None:
        self.space = _url("care:counsellor_space")
        self.report = _url("care:report")
        self.help_url = reverse("numbers_help") + "#when-a-counsellor-may-help-triage-signals"
        self.clock, self.esc = _Clock(), _Escaped()

    def row(self, row: CaseloadRow) -> str:
        esc = self.esc
        pk: Any = row.space.pk
        name = escape(row.space.name)
        space_url = f"{self.space[0]}{pk}{self.space[1]}"
        sharing = ", ".join([esc(str(m)) for m in row.members])
        return (
            "<tr>"
            f'<th scope="row"><a href="{space_url}">{name}</a>'
            f'<div class="small muted">Sharing: {sharing}</div>'
            '<div class="small muted">Trust index: not shared <span class="visually-hidden">'
            "(each member's index includes their private entries)</span></div>"
            f'<div class="small"><a href="{self.report[0]}{pk}{self.report[1]}">Progress report'
            f'<span class="visually-hidden"> for {name}</span></a></div></th>'
            f"<td>{_since(row, space_url, name, self.clock)}</td>"
            f"<td>{_ratio(row, esc)}</td>"
            f"<td>{_safety(row)}</td>"
            f"<td>{_questionnaires(row, esc)}</td>"
            f"<td>{_signals(row, self.help_url, esc)}</td>"
            "</tr>\n"
        )


def _key(counsellor: Any, row: CaseloadRow, zone: str, language: str) -> tuple[Any, ...]:
    return (
        counsellor.pk,
        row.space.pk,
        row.space.name,
        row.space.revision,
        row.built_at,
        tuple((m.pk, str(m)) for m in row.members),
        row.last_visit,
        row.new_records,
        row.new_consents,
        zone,
        language,
    )


def rows_html(counsellor: Any, rows: Sequence[CaseloadRow]) -> SafeString:
    """The table rows of a caseload page: kept ones as they are, the others' details read in
    one query (``fill_details``) and written."""
    zone, language = timezone.get_current_timezone_name(), translation.get_language()
    keys = [_key(counsellor, row, zone, language) for row in rows]
    found: list[str | None] = [_ROWS.get(key) for key in keys]
    missing = [row for row, html in zip(rows, found, strict=True) if html is None]
    if missing:
        fill_details(counsellor, missing)
        page = _Page()
        for i, html in enumerate(found):
            if html is None:
                found[i] = page.row(rows[i])
                _ROWS.put(keys[i], found[i])
    return mark_safe("".join(html or "" for html in found))  # noqa: S308  every value is escaped
