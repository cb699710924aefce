"""Red-flag phrases in self-trust writing bring help to the writer, and to no reader."""

from __future__ import annotations

from django.utils import timezone

from mend.selftrust import services
from mend.selftrust.models import Boundary, JournalEntry
from tests.base import MendTestCase

VIOLENT = "He pushed me against the wall again and I am scared he will hurt me"
HELP = "Your safety comes first"


class JournalHelp(MendTestCase):
    def test_the_writer_sees_help_after_saving_and_on_the_entry(self) -> None:
        client = self.login(self.alice)
        response = client.form(
            f"/spaces/{self.space.pk}/self-trust/journal/new/",
            {"title": "Tonight", "body": VIOLENT, "visibility": "counsellor"},
            follow=True,
        )
        self.assertContains(response, HELP)
        entry = JournalEntry.objects.get()
        self.assertContains(client.get(f"/self-trust/journal/{entry.pk}/"), HELP)

    def test_a_calm_entry_shows_no_help(self) -> None:
        entry = services.create_entry(
            space=self.space, owner=self.alice, title="Walk", body="A quiet walk by the river."
        )
        page = self.login(self.alice).get(f"/self-trust/journal/{entry.pk}/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, HELP)

    def test_the_counsellor_reading_a_shared_entry_never_sees_the_writers_help(self) -> None:
        entry = services.create_entry(
            space=self.space,
            owner=self.alice,
            title="Tonight",
            body=VIOLENT,
            visibility="counsellor",
        )
        page = self.login(self.carol).get(f"/self-trust/journal/{entry.pk}/")
        self.assertContains(page, "scared he will hurt me")  # she can read it …
        self.assertNotContains(page, HELP)  # … but the help is alice's alone
        self.assertEqual(
            self.login(self.bob).get(f"/self-trust/journal/{entry.pk}/").status_code, 404
        )


class BoundaryHelp(MendTestCase):
    def shared_boundary(self, **texts: str) -> Boundary:
        return services.create_boundary(
            space=self.space, owner=self.alice, statement="Knock first", visibility="space", **texts
        )

    def test_a_moment_note_brings_help_to_the_owner_only(self) -> None:
        boundary = self.shared_boundary()
        client = self.login(self.alice)
        self.assertNotContains(client.get(f"/self-trust/boundaries/{boundary.pk}/"), HELP)
        response = client.form(
            f"/self-trust/boundaries/{boundary.pk}/events/",
            {"kind": "crossed", "occurred_on": timezone.localdate().isoformat(), "note": VIOLENT},
            follow=True,
        )
        self.assertContains(response, HELP)
        partner = self.login(self.bob).get(f"/self-trust/boundaries/{boundary.pk}/")
        self.assertContains(partner, "scared he will hurt me")
        self.assertNotContains(partner, HELP)

    def test_the_boundary_text_itself_brings_help_to_the_owner_only(self) -> None:
        boundary = self.shared_boundary(why=VIOLENT)
        self.assertContains(
            self.login(self.alice).get(f"/self-trust/boundaries/{boundary.pk}/"), HELP
        )
        self.assertNotContains(
            self.login(self.bob).get(f"/self-trust/boundaries/{boundary.pk}/"), HELP
        )
