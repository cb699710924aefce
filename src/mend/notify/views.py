"""The notification pages: the list (read and unread), marking read, preferences, and the
installable web app's manifest and service worker (served from the site's root, so the
worker's scope is the whole site)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from mend.accounts.requests import signed_in_user
from mend.core.exceptions import DomainError
from mend.core.forms import posted
from mend.core.pages import signed_in
from mend.notify import push, services
from mend.notify.forms import PreferencesForm
from mend.notify.kinds import CHANNEL_LABELS
from mend.notify.selectors import notifications_for, preferences_of, push_subscriptions_of


@signed_in("GET")
def notification_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    items = notifications_for(user)
    return render(
        request,
        "notify/list.html",
        {"items": items, "unread": sum(1 for n in items if n.read_at is None)},
    )


@signed_in("POST")
def mark_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one read and open the page where it can be done."""
    try:
        notification = services.mark_read(
            notification_id=notification_id, user=signed_in_user(request)
        )
    except DomainError as exc:
        return render(
            request,
            "web/error.html",
            {"title": "Not found", "message": str(exc)},
            status=exc.status,
        )
    if request.POST.get("open"):
        return redirect(notification.path)
    return redirect("notify:list")


@signed_in("POST")
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(user=signed_in_user(request))
    messages.success(request, "All marked as read.")
    return redirect("notify:list")


@signed_in("GET", "POST")
def preferences(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    prefs = preferences_of(user)
    form = PreferencesForm(posted(request), prefs=prefs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_preferences(
                user=user,
                muted=form.muted(),
                email_on=data["email_on"],
                quiet_start=data["quiet_start"],
                quiet_end=data["quiet_end"],
                daily_digest=data["daily_digest"],
                digest_hour=data["digest_hour"],
                name_space=data["name_space"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Saved. Mend will tell you of things as you chose.")
            return redirect("notify:settings")
    key = push.public_key_or_none()
    return render(
        request,
        "notify/settings.html",
        {
            "form": form,
            "prefs": prefs,
            "channels": CHANNEL_LABELS.values(),
            "push_available": bool(key),
            "push_key": key,
            "push_browsers": push_subscriptions_of(user).count(),
        },
        status=400 if form.errors else 200,
    )


@signed_in("POST")
def push_off_everywhere(request: HttpRequest) -> HttpResponse:
    removed = services.unsubscribe_push(user=signed_in_user(request))
    messages.success(
        request,
        f"Push is off in all your browsers ({removed} turned off)."
        if removed
        else "Push was not on in any browser.",
    )
    return redirect("notify:settings")


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    body = {
        "name": "Mend",
        "short_name": "Mend",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#2f5d62",
        "icons": [
            {"src": static("mend/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return HttpResponse(json.dumps(body), content_type="application/manifest+json")


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        render_to_string("notify/sw.js", {"icon": static("mend/favicon.svg")}),
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
