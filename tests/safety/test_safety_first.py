"""After an unsettled check-in the next safe step comes first (issue 14): one pause box before
any detail, helplines as tap-to-call links, "Welcome back" where the page lands after a pause,
and the earliest return to the second."""

from __future__ import annotations

from datetime import timedelta

from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from mend.safety.models import Pause, SafetyCheckIn
from mend.screening.templatetags.screening import tel_links
from mend.spaces.visibility import Visibility
from tests.base import MendTestCase

from .helpers import pause


def _checkin(space, owner, *, safety, flooded):  # type: ignore[no-untyped-def]
    return SafetyCheckIn.objects.create(
        space=space,
        owner=owner,
        visibility=Visibility.PRIVATE,
        safety=safety,
        racing_heart=3 if flooded else 0,
        flee_or_fight=2 if flooded else 0,
        cant_think=2 if flooded else 0,
        body_tense=1 if flooded else 0,
        score=8 if flooded else 0,
        flooded=flooded,
        heart_rate=118 if flooded else None,
    )


class TelLinksTests(SimpleTestCase):
    def test_numbers_become_tel_links_and_the_rest_stays_escaped(self) -> None:
        self.assertEqual(
            tel_links("Helpline: 0808 2000 247 <b>"),
            'Helpline: <a class="tel" href="tel:08082000247">0808 2000 247</a> &lt;b&gt;',
        )
        self.assertIn('href="tel:999"', tel_links("112 / 999 / 911"))
        self.assertEqual(tel_links("a helpline in your country"), "a helpline in your country")


@override_settings(MEND_HELPLINE_EMERGENCY="999", MEND_HELPLINE_CRISIS="Samaritans 116 123")
class SafetyFirstResultTests(MendTestCase):
    def test_pause_box_comes_before_the_details_with_three_choices(self) -> None:
        c = _checkin(self.space, self.alice, safety=3, flooded=True)
        html = self.login(self.alice).get(f"/safety/checkins/{c.pk}/").content.decode()
        body = html[html.index('<main id="main"') :]
        start = body.index("Start the pause")
        self.assertLess(start, body.index('id="safety-help-title"'))
        self.assertLess(start, body.index('id="low-safety"'))
        self.assertLess(start, body.index('id="flooded"'))
        self.assertLess(start, body.index("Your check-in,"))
        self.assertEqual(body.count("Start the pause"), 1)  # one action, not three boxes
        for minutes in (20, 30, 60):
            self.assertIn(f'name="minutes" value="{minutes}"', body)
        self.assertIn('href="tel:999"', body)
        self.assertIn('href="tel:116123"', body)

    def test_flooded_but_safe_gets_the_pause_first_and_no_abuse_block(self) -> None:
        c = _checkin(self.space, self.alice, safety=8, flooded=True)
        html = self.login(self.alice).get(f"/safety/checkins/{c.pk}/").content.decode()
        self.assertLess(html.index("Start the pause"), html.index('id="flooded"'))
        self.assertNotIn('id="low-safety"', html)
        self.assertNotIn("safety-help-title", html)

    def test_quick_pause_starts_with_the_chosen_minutes(self) -> None:
        r = self.login(self.alice).form(f"/spaces/{self.space.pk}/safety/pause/", {"minutes": 60})
        p = Pause.objects.get(owner=self.alice)
        self.assertRedirects(r, f"/safety/pauses/{p.pk}/", fetch_redirect_response=False)
        self.assertAlmostEqual((p.planned_return - p.started_at).total_seconds(), 3600, delta=5)

    def test_welcome_back_is_inside_the_check_in_form_the_page_scrolls_to(self) -> None:
        p = pause(self.space, self.alice, ago=21)
        client = self.login(self.alice)
        r = client.form(f"/safety/pauses/{p.pk}/resume/")
        self.assertTrue(r["Location"].endswith("#check-in"), r["Location"])
        html = client.get(r["Location"]).content.decode()
        form = html[
            html.index('id="check-in"') : html.index("</form>", html.index('id="check-in"'))
        ]
        self.assertIn("Welcome back.", form)
        self.assertNotIn(
            "Welcome back.", client.get(f"/spaces/{self.space.pk}/safety/").content.decode()
        )

    def test_earliest_return_is_given_to_the_second(self) -> None:
        p = pause(self.space, self.alice, ago=5)
        Pause.objects.filter(pk=p.pk).update(
            started_at=timezone.now().replace(second=48, microsecond=0) - timedelta(minutes=5)
        )
        page = self.login(self.alice).get(f"/safety/pauses/{p.pk}/").content.decode()
        self.assertRegex(
            page, r"You can come back from <strong>(\w{3} \d\d \w{3} )?\d\d:\d\d:48</strong>"
        )
