"""The checkout a benchmark runs from: its root, and its ``src`` first on ``sys.path``, so that
``python benchmarks/<file>.py`` measures this tree rather than whatever ``mend`` is installed.
Import it before anything from ``mend``."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
