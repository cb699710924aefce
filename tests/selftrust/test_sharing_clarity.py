"""What a shared boundary shares is said plainly; nothing claims "private" when it is not."""

from __future__ import annotations

from mend.selftrust import services
from tests.base import MendTestCase

NOTE_WARNING = "Everyone this boundary is shared with can read this note"


class SharedBoundaryWording(MendTestCase):
    def test_note_warning_only_when_the_boundary_is_shared(self) -> None:
        private = services.create_boundary(space=self.space, owner=self.alice, statement="Mine")
        shared = services.create_boundary(
            space=self.space, owner=self.alice, statement="Ours", visibility="space"
        )
        for_carol = services.create_boundary(
            space=self.space, owner=self.alice, statement="Carol's", visibility="counsellor"
        )
        client = self.login(self.alice)
        self.assertNotContains(client.get(f"/self-trust/boundaries/{private.pk}/"), NOTE_WARNING)
        page = client.get(f"/self-trust/boundaries/{shared.pk}/").content.decode()
        self.assertIn(NOTE_WARNING, page)
        # The warning is tied to the note field for screen readers.
        self.assertIn('aria-describedby="id_note_helptext"', page)
        self.assertContains(client.get(f"/self-trust/boundaries/{for_carol.pk}/"), NOTE_WARNING)

    def test_the_sharing_choice_says_history_and_notes_go_with_it(self) -> None:
        boundary = services.create_boundary(space=self.space, owner=self.alice, statement="b")
        client = self.login(self.alice)
        self.assertContains(
            client.get(f"/self-trust/boundaries/{boundary.pk}/"), "its whole history goes with it"
        )
        self.assertContains(
            client.get(f"/spaces/{self.space.pk}/self-trust/boundaries/"),
            "Its history and your notes on it are shared with it",
        )

    def test_overview_no_longer_claims_the_partner_never_sees_anything(self) -> None:
        html = self.login(self.alice).get(f"/spaces/{self.space.pk}/self-trust/").content.decode()
        self.assertNotIn("never see it.", html)
        self.assertIn("will ever see your journal", html)
        self.assertIn("only if you choose to share them", html)

    def test_someone_elses_shared_boundary_is_labelled_as_theirs_not_private(self) -> None:
        boundary = services.create_boundary(
            space=self.space, owner=self.alice, statement="Knock first", visibility="space"
        )
        partner = self.login(self.bob).get(f"/self-trust/boundaries/{boundary.pk}/")
        self.assertContains(partner, '<p class="selftrust-nav__label">Shared with you by Alice</p>')
        self.assertNotContains(partner, "Self-trust · private to you")
        owner = self.login(self.alice).get(f"/self-trust/boundaries/{boundary.pk}/")
        self.assertNotContains(owner, "Shared with you by")
        self.assertNotContains(owner, "Self-trust · private to you")  # shared, so not private
        self.assertContains(owner, "shared by you")
        # The owner's other self-trust pages keep the private label.
        self.assertContains(
            self.login(self.alice).get(f"/spaces/{self.space.pk}/self-trust/"),
            "Self-trust · private to you",
        )
