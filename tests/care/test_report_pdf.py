"""The progress report as a tagged PDF/UA-1 document, and its charts' legends and dated axes.

veraPDF is not run here (no Java validator in the test tools, and nothing is downloaded at test
time): these tests check, in the PDF's own objects, what PDF/UA-1 asks of the report: the PDF/UA
identification in the XMP metadata, a structure tree, /MarkInfo /Marked true, the language, the
title shown as the window title, headings, table header cells, and each chart a figure whose
alternative text is its whole summary.
"""

from __future__ import annotations

import re
import zlib
from datetime import timedelta
from unittest.mock import patch

from django.urls import reverse
from django.utils import timezone

from mend.care.report import render_pdf
from mend.core.charts import PLOT_HEIGHT
from mend.ledger.models import FeltTrustCheckIn
from mend.ledger.trust_pairs import rebuild_space
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase
from tests.care.records import moment


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate-compressed stream (object streams too) inflated, so
    that dictionaries and metadata can be searched as text."""
    parts = [pdf]
    for found in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", found.end())
        try:
            parts.append(zlib.decompressobj().decompress(pdf[found.end() : end]))
        except zlib.error:
            continue  # not compressed: already searched in ``pdf``
    return b"\n".join(parts)


def pdf_strings(objects: bytes, key: bytes) -> list[str]:
    """Every value of ``/key (literal)`` or ``/key <hex>`` in ``objects``, decoded."""
    found = []
    for literal, hexa in re.findall(
        rb"/" + key + rb"\s*(?:\(((?:[^()\\]|\\.)*)\)|<([0-9a-fA-F]*)>)", objects
    ):
        if hexa:
            raw = bytes.fromhex(hexa.decode())
            found.append(raw[2:].decode("utf-16-be") if raw[:2] == b"\xfe\xff" else raw.decode())
        else:
            found.append(re.sub(rb"\\(.)", rb"\1", literal).decode("latin-1"))
    return found


class ReportPdfTests(MendTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        now = timezone.now()
        for days in (40, 30, 20, 10, 3):
            at = now - timedelta(days=days)
            for kind in ("small_kindness", "turned_toward", "turned_away"):
                moment(cls.space, cls.alice, cls.bob, cls.alice, kind, Visibility.SPACE, at=at)
        for days, felt in ((35, 6), (5, 7)):
            FeltTrustCheckIn.objects.create(
                space=cls.space,
                owner=cls.alice,
                about=cls.bob,
                visibility=Visibility.PRIVATE,
                felt_trust=felt,
                forgiveness=5,
                occurred_at=now - timedelta(days=days),
            )
        rebuild_space(space=cls.space)

    def url(self, name: str, space_id: int | None = None) -> str:
        return reverse(f"care:{name}", args=[space_id or self.space.pk])

    def assert_pdf_ua(self, pdf: bytes) -> bytes:
        self.assertTrue(pdf.startswith(b"%PDF-1.7"))
        objects = pdf_objects(pdf)
        self.assertIn(b'pdfuaid:part="1"', objects)  # the PDF/UA-1 identification in XMP
        self.assertIn(b"<dc:title>", objects)
        self.assertRegex(objects, rb"/Type\s*/StructTreeRoot")
        self.assertRegex(objects, rb"/StructTreeRoot\s+\d+ 0 R")  # in the catalog
        self.assertRegex(objects, rb"/MarkInfo\s*<<\s*/Marked true\s*>>")
        self.assertEqual(pdf_strings(objects, b"Lang"), ["en"])
        self.assertRegex(objects, rb"/DisplayDocTitle true")
        self.assertRegex(objects, rb"/S /H1\b")
        self.assertIn("Progress report", pdf_strings(objects, b"Title")[0])
        # Real text in embedded fonts, and the charts drawn as vectors, not pictures.
        self.assertRegex(objects, rb"/FontFile\d?")
        self.assertRegex(objects, rb"/ToUnicode")
        self.assertNotRegex(objects, rb"/Subtype\s*/Image")
        return objects

    def test_the_pdf_is_tagged_pdf_ua_with_each_chart_described(self) -> None:
        # WeasyPrint logs what it cannot tag (a missing language, a figure without alt text)
        # and the CSS it ignores.
        with self.assertNoLogs("weasyprint", level="WARNING"):
            response = self.login(self.alice).get(self.url("report_pdf"))
        self.assertEqual(response.status_code, 200)
        objects = self.assert_pdf_ua(response.content)
        self.assertRegex(objects, rb"/S /H2\b")
        self.assertRegex(objects, rb"/S /Table\b")
        self.assertRegex(objects, rb"/S /TH\b")  # header cells, mapped to their data cells
        self.assertRegex(objects, rb"/Headers\s*\[")
        self.assertRegex(objects, rb"/S /Figure\b")
        alts = pdf_strings(objects, b"Alt")
        trust = next(a for a in alts if a.startswith("Trust in Bob over time. "))
        self.assertIn("felt-trust ratings shown as dots", trust)
        self.assertIn("7 out of 10 at 70%", trust)
        ratio = next(a for a in alts if a.startswith("Weekly positive-to-negative ratio. "))
        self.assertIn("confirmed moments", ratio)
        self.assertEqual(len(alts), len(re.findall(rb"/S /Figure\b", objects)))

    def test_a_pdf_with_nothing_shared_still_renders_as_pdf_ua(self) -> None:
        # Carol may read Alice's shared records, and Alice shared nothing with her.
        response = self.login(self.carol).get(self.url("report_pdf"))
        self.assertEqual(response.status_code, 200)
        objects = self.assert_pdf_ua(response.content)
        self.assertNotRegex(objects, rb"/S /Figure\b")  # no empty chart drawn
        # A space where nothing at all was recorded.
        response = self.login(self.charlie).get(self.url("report_pdf", self.other_space.pk))
        self.assertEqual(response.status_code, 200)
        self.assert_pdf_ua(response.content)

    def test_each_chart_in_the_html_report_has_a_legend_and_dated_axis(self) -> None:
        html = self.login(self.alice).get(self.url("report")).content.decode()
        charts = re.findall(r'<svg class="chart".*?</svg>', html, re.S)
        self.assertGreaterEqual(len(charts), 2)
        legends = [re.findall(r'class="chart-legend"[^>]*>([^<]+)<', svg) for svg in charts]
        self.assertTrue(all(legends), legends)
        trust = next(svg for svg in charts if "Trust in Bob over time" in svg)
        self.assertIn(">Your felt trust (rating out of 10)<", trust)
        self.assertIn(">Trust index from evidence<", trust)
        self.assertIn(">80% interval<", trust)
        this_year = str(timezone.localdate().year)
        for svg in charts:
            # The first and last day of the axis, each with its year on the row below.
            ends = re.findall(
                r'class="chart-label" x="[\d.]+" y="(\d+)" '
                r'text-anchor="(?:start|end)"[^>]*>([^<]+)<',
                svg,
            )
            dates = [text for y, text in ends if y == str(PLOT_HEIGHT - 26)]
            years = [text for y, text in ends if y == str(PLOT_HEIGHT - 6)]
            self.assertEqual(len(dates), 2, ends)
            for text in dates:
                self.assertRegex(text, r"^\d{1,2} [A-Z][a-z]{2}$")
            self.assertEqual(len(years), 2, ends)
            self.assertIn(this_year, years)


def test_links_in_the_pdf_lead_to_the_site_and_nothing_is_fetched() -> None:
    fetched: list[str] = []
    html = (
        '<!doctype html><html lang="en"><head><title>T</title></head><body><h1>T</h1>'
        '<p><a href="/spaces/1/help/">Help</a></p>'
        '<img src="/media/secret.png" alt="never fetched"></body></html>'
    )
    with patch("urllib.request.urlopen", side_effect=lambda *a, **k: fetched.append(str(a))):
        objects = pdf_objects(render_pdf(html, base_url="https://mend.example/"))
    assert pdf_strings(objects, b"URI") == ["https://mend.example/spaces/1/help/"]
    assert not fetched
    assert not re.search(rb"/Subtype\s*/Image", objects)
