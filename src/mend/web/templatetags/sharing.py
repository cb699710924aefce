"""The owner's "Sharing" card under a record, the same on every kind of record."""

from __future__ import annotations

from django import forms, template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_block_tag(takes_context=True)
def sharing_card(
    context: template.Context, content: SafeString, url_name: str, pk: int, form: forms.Form
) -> SafeString:
    """``{% sharing_card "selftrust:result_sharing" result.pk form %}…{% endsharing_card %}``:
    what sharing means for this kind of record (the tag's body, may be empty), then the form,
    posted to ``url_name`` for the record ``pk``."""
    return render_to_string(
        "web/includes/sharing.html",
        {"note": content, "action": reverse(url_name, args=[pk]), "form": form},
        request=context.get("request"),
    )
