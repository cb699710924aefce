from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mend.core.pages import signed_in
from mend.path import selectors
from mend.spaces.access import get_space_for_member


@signed_in("GET")
def path_page(request: HttpRequest, space_id: int) -> HttpResponse:
    space = get_space_for_member(request.user, space_id)
    stages = selectors.path_of(request.user, space)
    return render(request, "path/path.html", {"space": space, "stages": stages})
