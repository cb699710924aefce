"""What other apps may take part in for the vault (see ``mend.core.hooks``)."""

from __future__ import annotations

from dataclasses import dataclass

from mend.core.hooks import Hook


@dataclass(frozen=True)
class KekRotated:
    old: bytes
    new: bytes


# The KEK is being replaced (inside the rotation's transaction): apps that sealed server
# secrets with it (two-factor keys) seal them again under the new one.
kek_rotated: Hook[KekRotated, None] = Hook("vault.kek_rotated")
