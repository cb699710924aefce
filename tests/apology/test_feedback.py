"""The writer's feedback: highlighted HTML built from escaped slices, and coaching wording."""

from __future__ import annotations

import html
import re
from typing import Any

from django.test import SimpleTestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from mend.apology.feedback import coach, highlight, sentence_around
from mend.domain.apology import analyze

TAG = re.compile(r"<[^>]+>")


def result_with(spans: list[tuple[int, int, str]]) -> dict[str, Any]:
    parts: dict[str, Any] = {
        p: {"present": False, "confidence": 0.0, "evidence": []}
        for p in ("regret", "responsibility", "commitment")
    }
    flags = []
    for start, end, kind in spans:
        if kind in parts:
            parts[kind]["evidence"].append({"start": start, "end": end, "text": ""})
        else:
            flags.append({"kind": kind, "start": start, "end": end, "text": "", "advice": "x"})
    return {"components": parts, "flags": flags}


@st.composite
def text_and_spans(draw: Any) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(st.text(alphabet=st.sampled_from("ab <>&\"'\n😔é"), max_size=60))
    n = len(text)
    spans = draw(
        st.lists(
            st.tuples(
                st.integers(-2, n + 2),
                st.integers(-2, n + 2),
                st.sampled_from(["regret", "responsibility", "commitment", "excuse"]),
            ),
            max_size=6,
        )
    )
    return text, spans


class Highlight(SimpleTestCase):
    @settings(max_examples=300, deadline=None)
    @given(text_and_spans())
    def test_highlight_reproduces_the_text_exactly_and_escapes_it(self, case: Any) -> None:
        text, spans = case
        out = str(highlight(text, result_with(spans)))
        self.assertEqual(html.unescape(TAG.sub("", out)), text)
        # The only tags are our own marks.
        for tag in TAG.findall(out):
            self.assertRegex(tag, r'^(<mark class="hl [a-z -]+" title="[^"<>]*">|</mark>)$')

    def test_overlapping_spans_carry_both_kinds(self) -> None:
        out = str(
            highlight(
                "I am sorry I lied", result_with([(0, 10, "regret"), (5, 17, "responsibility")])
            )
        )
        self.assertIn(
            '<mark class="hl hl--regret hl--responsibility" '
            'title="Regret, Responsibility">sorry</mark>',
            out,
        )

    def test_script_in_text_is_inert(self) -> None:
        text = "<script>alert(1)</script> sorry"
        out = str(highlight(text, result_with([(0, 8, "excuse")])))
        self.assertNotIn("<script>", out)
        self.assertIn("&lt;script&gt;", out)


class Wording(SimpleTestCase):
    def test_sentence_around_the_commitment(self) -> None:
        text = "I am sorry. I lied! From now on I will call when I am late. Love, A"
        start = text.index("From now on I will")
        self.assertEqual(
            sentence_around(text, start, start + 18), "From now on I will call when I am late."
        )
        self.assertEqual(
            sentence_around("I will  do\nbetter", 0, 6), "I will  do".replace("  ", " ")
        )

    def test_coaching_names_what_is_there_warmly_and_never_a_score(self) -> None:
        text = "I'm sorry I hid the debt. It was wrong of me."
        c = coach(text, analyze(text), space_id=1, recipient_id=None)
        by_key = {p["key"]: p for p in c.parts}
        self.assertTrue(by_key["responsibility"]["present"])
        self.assertEqual(
            by_key["responsibility"]["message"], "You have named what you did — that matters."
        )
        self.assertFalse(by_key["commitment"]["present"])
        self.assertIn("concrete", by_key["commitment"]["message"])
        for words in [c.summary, c.status_line, *[p["message"] for p in c.parts]]:
            self.assertNotRegex(words.lower(), r"score|verdict|genuine|partial|\d+ ?%")

    def test_someone_who_wrote_sorry_is_not_told_regret_is_missing(self) -> None:
        text = "I'm sorry if anyone was offended by what I said."
        c = coach(text, analyze(text), space_id=1, recipient_id=None)
        regret = {p["key"]: p for p in c.parts}["regret"]
        self.assertFalse(regret["present"])
        self.assertEqual(regret["status"], "said, then taken back")
        self.assertIn("You have said sorry", regret["message"])
        self.assertNotIn("not yet said", regret["message"])
        self.assertNotIn("Regret not yet", c.status_line)
        self.assertIn("Regret said, then taken back", c.status_line)

    def test_sorry_for_no_act_is_not_regret_not_yet(self) -> None:
        for text in ("So sorry for your loss.", "Sorry, are we still on for 11?"):
            c = coach(text, analyze(text), space_id=1, recipient_id=None)
            regret = {p["key"]: p for p in c.parts}["regret"]
            self.assertFalse(regret["present"])
            self.assertEqual(regret["status"], "said, but not for what you did")
            self.assertIn("You have said sorry", regret["message"])
            self.assertIn("Regret said, but not for what you did", c.status_line)
            self.assertNotIn("not yet", c.status_line.split(",")[0])

    def test_no_held_text_with_the_writers_sorry_hears_regret_not_yet(self) -> None:
        import json

        from mend.domain.apology import uses_apology_words
        from mend.domain.apology.dataset import default_path, load

        with (default_path().parent / "wild" / "train.jsonl").open(encoding="utf-8") as fh:
            texts = [it["text"] for it in load()] + [json.loads(x)["text"] for x in fh if x.strip()]
        said = [t for t in texts if uses_apology_words(t)]
        self.assertGreater(len(said), 500)
        for text in said:
            c = coach(text, analyze(text), space_id=1, recipient_id=None)
            regret = {p["key"]: p for p in c.parts}["regret"]
            self.assertNotEqual(regret["status"], "not yet", text)
            self.assertNotIn("not yet said", regret["message"], text)

    def test_no_apology_words_keeps_the_not_yet_wording(self) -> None:
        text = "You're overreacting about the car."
        c = coach(text, analyze(text), space_id=1, recipient_id=None)
        regret = {p["key"]: p for p in c.parts}["regret"]
        self.assertEqual(regret["status"], "not yet")
        self.assertIn("not yet said", regret["message"])

    def test_a_stress_account_is_named_as_an_excuse(self) -> None:
        text = "Sorry I snapped at you. I was stressed."
        c = coach(text, analyze(text), space_id=1, recipient_id=None)
        excuses = [f for f in c.flags if f["kind"] == "excuse"]
        self.assertEqual([f["label"] for f in excuses], ["An excuse"])
        self.assertIn("I was stressed", excuses[0]["text"])
        self.assertIn("excuse", excuses[0]["advice"])

    def test_public_non_apology_patterns_get_advice_that_names_them(self) -> None:
        text = "We apologise to anyone who may have been offended by the advert."
        c = coach(text, analyze(text), space_id=1, recipient_id=None)
        conditional = [f for f in c.flags if f["kind"] == "conditional"]
        self.assertTrue(conditional)
        self.assertIn("anyone who may have", conditional[0]["advice"])
