"""What higher apps may answer for instruments (see ``mend.core.hooks``).

Practices live in the care app, above this one: instruments knows a practice only by its id,
and asks care which practices serve a space and which practice a staff user runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mend.core.hooks import Hook
from mend.spaces.models import Space

# The ids of the practices serving this space now (those of counsellors a member consents to).
# Their own instruments are offered in the space besides the deployment's.
space_practices: Hook[Space, Iterable[int]] = Hook("instruments.space_practices")

# The (id, name) of the practices a staff user runs, for the admin's import form.
staff_practices: Hook[Any, Iterable[tuple[int, str]]] = Hook("instruments.staff_practices")

# The name of the practice with this id, or None if there is none (for the command line and
# the admin, which name a practice without importing care).
practice_name: Hook[int, str | None] = Hook("instruments.practice_name")
