"""Sign-up by invitation: someone who opened an open space invitation may create an account.

The join page remembers the invitation (its id, never its secret) in the visitor's session;
the accounts app asks through ``mend.accounts.hooks.signup_invitation`` whether a visitor
holds one that is still open.
"""

from __future__ import annotations

from django.http import HttpRequest

from mend.spaces.models import Invitation

SESSION_KEY = "mend-signup-invitation"


def remember_invitation(request: HttpRequest, invitation: Invitation) -> None:
    request.session[SESSION_KEY] = invitation.pk


def holds_open_invitation(request: HttpRequest) -> bool:
    invitation_id = request.session.get(SESSION_KEY)
    if not isinstance(invitation_id, int):
        return False
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    return invitation is not None and invitation.status == "open"
