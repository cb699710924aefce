"""Pages kept per process (``mend.core.memo``): what the tests of each such page share."""

from __future__ import annotations

from typing import Any

from mend.accounts.models import User


class KeptPageChecks:
    """For a test case whose ``view(client)`` returns the page and how much of it was worked
    out again for that view."""

    def view(self, client: Any) -> tuple[str, int]:
        raise NotImplementedError

    def assert_new_name_shows(self, client: Any, person: Any, name: str, expected: str) -> None:
        """A member renamed after the page was kept is shown by their new name at the next view
        (the page worked out again, not served as it was)."""
        self.view(client)
        User.objects.filter(pk=person.pk).update(display_name=name)
        html, worked = self.view(client)
        assert worked == 1, f"the page was not worked out again after {person} was renamed"
        assert expected in html, f"{expected!r} is not on the page"
