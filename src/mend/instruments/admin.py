"""Questionnaire definitions in the back office: practice staff import their own (checked, all
or nothing) and see the deployment's; a superuser imports for the whole deployment. A loaded
definition is never edited: a changed wording is a new version."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from mend.core.exceptions import DomainError
from mend.core.forms import posted
from mend.instruments import hooks, services
from mend.instruments.forms import DEPLOYMENT, ImportForm
from mend.instruments.models import InstrumentDefinition


def _staff_practices(request: HttpRequest) -> list[tuple[int, str]]:
    return [p for answer in hooks.staff_practices.send(request.user) for p in answer]


def _scopes(request: HttpRequest) -> list[tuple[str, str]]:
    scopes = [(str(pk), f"Spaces served by {name}") for pk, name in _staff_practices(request)]
    if request.user.is_superuser:
        scopes.insert(0, (DEPLOYMENT, "Every space of this deployment"))
    return scopes


@admin.register(InstrumentDefinition)
class InstrumentDefinitionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("short_name", "version", "key", "offered_in", "builtin", "loaded_at")
    fields = (
        "key",
        "version",
        "name",
        "short_name",
        "practice_id",
        "builtin",
        "loaded_at",
        "definition",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        own = [pk for pk, _name in _staff_practices(request)]
        return qs.filter(Q(practice_id__isnull=True) | Q(practice_id__in=own))

    @admin.display(description="Offered in")
    def offered_in(self, obj: InstrumentDefinition) -> str:
        if obj.practice_id is None:
            return "every space"
        name = next((n for n in hooks.practice_name.send(obj.practice_id) if n), None)
        return f"spaces served by {name or f'practice {obj.practice_id}'}"

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Results point at the version they were scored with; a version nobody used may go.
        if obj is None or obj.builtin:
            return False
        allowed = request.user.is_superuser or obj.practice_id in {
            pk for pk, _n in _staff_practices(request)
        }
        return allowed and not obj.results.exists()

    # Being a practice's staff (or a superuser) is the permission: no per-model grant needed.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(_scopes(request))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(_scopes(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(_scopes(request))

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="instruments_import"), *super().get_urls()]

    def add_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect("admin:instruments_import")

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return HttpResponse("You cannot import questionnaires.", status=403)
        scopes = _scopes(request)
        form = ImportForm(posted(request), request.FILES or None, scopes=scopes)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    data = services.decode_definition(
                        upload.read(services.MAX_DEFINITION_BYTES + 1)
                    )
                    definition, created = services.import_definition(
                        data=data, practice_id=form.practice_id(), loaded_by=request.user
                    )
                except DomainError as exc:
                    for line in exc.fields.get("definition") or [exc.message]:
                        form.add_error("file", line)
                else:
                    verb = "Loaded" if created else "Already loaded, nothing changed:"
                    messages.success(request, f"{verb} {definition}.")
                    return redirect("admin:instruments_instrumentdefinition_changelist")
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import a questionnaire definition",
            "form": form,
        }
        return TemplateResponse(request, "instruments/admin_import.html", context, status=status)
