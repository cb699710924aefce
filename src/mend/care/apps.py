from typing import Any

from django.apps import AppConfig


def remember_counsellor(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Note in the session whether the person is a counsellor or runs a practice's inbox, so
    the "Caseload" and "Practice inbox" links in the page header cost no query on every page.
    (Access is always checked by the views.)"""
    # Not at the top: apps.py is imported while apps load, before models may be imported.
    from mend.care.models import CounsellorProfile, PracticeStaff

    if request is not None and hasattr(request, "session"):
        request.session["mend_counsellor"] = CounsellorProfile.objects.filter(user=user).exists()
        request.session["mend_practice_staff"] = (
            user.is_staff and PracticeStaff.objects.filter(user=user).exists()
        )


class CareConfig(AppConfig):
    name = "mend.care"
    label = "care"
    verbose_name = "Care: practices and counsellors"
    default_auto_field = "mend.core.ids.RandomBigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # In ready(): these modules import models, which cannot load while apps are loading.
        from mend.care import selectors as care_selectors
        from mend.care.selectors import counsellor_join_refusal, practice_helplines
        from mend.instruments import hooks as instrument_hooks
        from mend.screening import hooks as screening_hooks
        from mend.spaces import hooks as space_hooks

        user_logged_in.connect(remember_counsellor, dispatch_uid="mend.care.remember_counsellor")
        screening_hooks.practice_helplines.connect(practice_helplines)
        space_hooks.join_refusal.connect(counsellor_join_refusal)
        instrument_hooks.space_practices.connect(care_selectors.practices_serving)
        instrument_hooks.staff_practices.connect(care_selectors.practices_run_by)
        instrument_hooks.practice_name.connect(care_selectors.practice_name)
