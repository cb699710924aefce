"""What higher apps may answer for screening (see ``mend.core.hooks``)."""

from __future__ import annotations

from mend.core.hooks import Hook
from mend.domain.redflags import Helplines
from mend.spaces.models import Space

# The helplines of a practice that serves this space, or None. The first answer that is not
# None wins; without one, the deployment's settings apply.
practice_helplines: Hook[Space, Helplines | None] = Hook("screening.practice_helplines")
