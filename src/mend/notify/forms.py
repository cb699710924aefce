from __future__ import annotations

from typing import Any

from django import forms

from mend.notify.kinds import CHANNELS, KIND_LABELS, KINDS
from mend.notify.models import Preferences


def field_name(channel: str, kind: str) -> str:
    return f"{channel}__{kind}"


class PreferencesForm(forms.Form):
    """One tick box per kind and channel (ticked: tell me this way), and the rest."""

    email_on = forms.BooleanField(required=False, label="Send me e-mails")
    daily_digest = forms.BooleanField(
        required=False, label="One e-mail a day instead of one each time"
    )
    digest_hour = forms.IntegerField(
        min_value=0, max_value=23, initial=8, label="Hour of the daily e-mail (0–23)"
    )
    quiet_start = forms.TimeField(
        required=False, label="Quiet from", widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_end = forms.TimeField(
        required=False, label="Quiet until", widget=forms.TimeInput(attrs={"type": "time"})
    )
    name_space = forms.BooleanField(
        required=False, label="E-mails and push may say the space's name"
    )

    def __init__(self, *args: Any, prefs: Preferences, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "email_on": prefs.email_on,
                "daily_digest": prefs.daily_digest,
                "digest_hour": prefs.digest_hour,
                "quiet_start": prefs.quiet_start,
                "quiet_end": prefs.quiet_end,
                "name_space": prefs.name_space,
            },
        )
        super().__init__(*args, **kwargs)
        for channel in CHANNELS:
            for kind in KINDS:
                self.fields[field_name(channel, kind)] = forms.BooleanField(
                    required=False, initial=prefs.allows(channel, kind)
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("quiet_start") is None) != (data.get("quiet_end") is None):
            self.add_error("quiet_end", "Give both the start and the end, or neither.")
        return data

    def muted(self) -> dict[str, list[str]]:
        return {
            channel: [k for k in KINDS if not self.cleaned_data.get(field_name(channel, k))]
            for channel in CHANNELS
        }

    def rows(self) -> list[tuple[str, list[Any]]]:
        """For the template: each kind with its three tick boxes."""
        return [(KIND_LABELS[k], [self[field_name(c, k)] for c in CHANNELS]) for k in KINDS]
