"""The practice's back office: practice staff manage counsellors, intake and helplines.

A superuser sees every practice; practice staff see and change only their own practice's rows.
Session notes are not here: they are encrypted, and read (if the practice allows it) in Mend.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from mend.care import services
from mend.care.models import CounsellorProfile, IntakeRequest, Practice, PracticeStaff


def _own_practice_id(request: HttpRequest) -> int | None:
    return (
        PracticeStaff.objects.filter(user=request.user)  # type: ignore[misc]
        .values_list("practice_id", flat=True)
        .first()
    )


class PracticeScoped(admin.ModelAdmin):  # type: ignore[type-arg]
    practice_path = "practice"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{self.practice_path: _own_practice_id(request)})

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "practice" and not request.user.is_superuser:
            kwargs["queryset"] = Practice.objects.filter(pk=_own_practice_id(request) or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Practice)
class PracticeAdmin(PracticeScoped):
    practice_path = "pk"
    list_display = ("name", "contact_email", "helplines_status", "staff_may_read_notes")
    fieldsets = (
        (None, {"fields": ("name", "contact_email")}),
        (
            "Helplines shown to people in danger or distress",
            {
                "fields": ("emergency_number", "domestic_abuse_helpline", "crisis_line"),
                "description": (
                    "Configure me: the defaults are UK numbers. Check each one for the "
                    "country and the people you serve."
                ),
            },
        ),
        ("Policy", {"fields": ("staff_may_read_notes",)}),
    )

    @admin.display(description="Helplines")
    def helplines_status(self, obj: Practice) -> str:
        return "configure me (defaults)" if obj.helplines_need_configuring else "configured"


@admin.register(CounsellorProfile)
class CounsellorProfileAdmin(PracticeScoped):
    list_display = ("user", "practice", "title", "accepting_clients")
    list_filter = ("accepting_clients",)
    search_fields = ("user__email", "user__display_name", "title")
    raw_id_fields = ("user",)

    # Removing a counsellor ends every consent given to them (a consent is their only way in).
    def delete_model(self, request: HttpRequest, obj: CounsellorProfile) -> None:
        services.remove_counsellor(profile=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for profile in queryset:
            services.remove_counsellor(profile=profile)


@admin.register(PracticeStaff)
class PracticeStaffAdmin(PracticeScoped):
    list_display = ("user", "practice")
    raw_id_fields = ("user",)


@admin.register(IntakeRequest)
class IntakeRequestAdmin(PracticeScoped):
    list_display = ("pk", "created_at", "urgency", "status", "contact_method", "practice")
    list_filter = ("status", "urgency")
    list_editable = ("status",)
    ordering = ("-created_at",)
    readonly_fields = (
        "practice",
        "requester",
        "name",
        "contact_method",
        "contact_detail",
        "help_with",
        "urgency",
        "created_at",
        "status_changed_at",
    )
    exclude = ("status_digest",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if "status" in form.changed_data:
            obj.status_changed_at = timezone.now()
        super().save_model(request, obj, form, change)
