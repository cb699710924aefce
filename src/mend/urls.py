"""Every page's address, in one table. Each app's pages keep their own namespace
(``"spaces:detail"``, ``"care:report"``), as an ``urls.py`` per app would give them; they are
declared here together because the apps share one address space, most of it under
``spaces/<int:space_id>/``, and a new page's address is chosen best with all the others in view."""

from collections.abc import Callable, Iterable

from django.contrib import admin
from django.http import HttpResponseBase
from django.urls import URLPattern, URLResolver, include, path

from mend.accounts import views as accounts
from mend.api.main import api
from mend.apology import views as apology
from mend.care import report_views as care_reports
from mend.care import views as care
from mend.commitments import views as commitments
from mend.instruments import views as instruments
from mend.ledger import views as ledger
from mend.notify import views as notify
from mend.path import views as path_views  # `path` is Django's route function
from mend.privacy import views as privacy
from mend.safety import views as safety
from mend.screening import views as screening
from mend.selftrust import views as selftrust
from mend.spaces import views as spaces
from mend.web import views as web

handler400 = "mend.core.errors.bad_request"
handler403 = "mend.core.errors.forbidden"
handler404 = "mend.core.errors.not_found"
handler500 = "mend.core.errors.server_error"

# What a route is under: the beginnings routes share, kept apart so that each row is one line.
ROOT = ""
ME = "me/"
SPACE = "spaces/<int:space_id>/"
SELF_TRUST = f"{SPACE}self-trust/"
QUESTIONNAIRE = f"{SELF_TRUST}questionnaires/<slug:instrument_id>/"
INSTRUMENTS = f"{SPACE}instruments/"
INVITATION = f"{SPACE}invitations/<int:invitation_id>/"
SAFETY = f"{SPACE}safety/"
CASELOAD_SPACE = "caseload/spaces/<int:space_id>/"
BREACH = "breaches/<int:breach_id>/"
MOMENT = "moments/<int:moment_id>/"
DISCLOSURE = "disclosures/<int:disclosure_id>/"
COMMITMENT = "commitments/<int:commitment_id>/"
OCCURRENCE = "occurrences/<int:occurrence_id>/"
JOURNAL_ENTRY = "self-trust/journal/<int:entry_id>/"
BOUNDARY = "self-trust/boundaries/<int:boundary_id>/"
GUT_CHECK = "self-trust/intuition/<int:gut_check_id>/"
RESULT = "self-trust/results/<int:result_id>/"
INSTRUMENT_RESULT = "instrument-results/<int:result_id>/"
CONVERSATION = "safety/conversations/<int:conv_id>/"
INTAKE = "practice/inbox/<int:intake_id>/"

View = Callable[..., HttpResponseBase]
# (namespace, under, route, view, name), and for a view that serves several actions the keyword
# arguments its route passes it. The address is ``under + route``.
Page = tuple[str, str, str, View, str] | tuple[str, str, str, View, str, dict[str, str]]

PAGES: list[Page] = [
    ("accounts", ME, "", accounts.account, "account"),
    ("accounts", ME, "quick-exit/", accounts.quick_exit_setting, "quick_exit_setting"),
    ("accounts", ROOT, "exit/<str:token>/", accounts.quick_exit, "quick_exit"),
    ("accounts", ME, "tokens/<int:token_id>/revoke/", accounts.token_revoke, "token_revoke"),
    ("accounts", ME, "ways-in/", accounts.ways_in, "ways_in"),
    ("accounts", ME, "sessions/<str:handle>/end/", accounts.session_end, "session_end"),
    ("accounts", ME, "sign-out-everywhere/", accounts.sign_out_everywhere, "sign_out_everywhere"),
    ("notify", ROOT, "notifications/", notify.notification_list, "list"),
    ("notify", ROOT, "notifications/read-all/", notify.mark_all_read, "read_all"),
    ("notify", ROOT, "notifications/settings/", notify.preferences, "settings"),
    ("notify", ROOT, "notifications/push/off/", notify.push_off_everywhere, "push_off"),
    ("notify", ROOT, "notifications/<int:notification_id>/read/", notify.mark_read, "read"),
    ("notify", ROOT, "manifest.webmanifest", notify.manifest, "manifest"),
    ("notify", ROOT, "sw.js", notify.service_worker, "service_worker"),
    ("privacy", ME, "access-log/", privacy.access_log, "access_log"),
    ("privacy", ME, "export.json", privacy.export, "export"),
    ("privacy", ME, "delete/", privacy.delete, "delete"),
    ("path", SPACE, "path/", path_views.path_page, "page"),
    ("spaces", ROOT, "spaces/", spaces.space_list, "list"),
    ("spaces", SPACE, "", spaces.space_detail, "detail"),
    ("spaces", SPACE, "invite/", spaces.invite, "invite"),
    ("spaces", INVITATION, "revoke/", spaces.revoke_invitation, "revoke_invitation"),
    ("spaces", SPACE, "leave/", spaces.leave, "leave"),
    ("spaces", SPACE, "joins/<int:request_id>/decide/", spaces.decide_join, "decide_join"),
    ("spaces", ROOT, "joins/<int:request_id>/withdraw/", spaces.withdraw_join, "withdraw_join"),
    ("spaces", SPACE, "breaches/new/", spaces.breach_new, "breach_new"),
    ("spaces", BREACH, "", spaces.breach_detail, "breach"),
    ("spaces", BREACH, "visibility/", spaces.breach_visibility, "breach_visibility"),
    ("spaces", BREACH, "acknowledge/", spaces.breach_acknowledge, "breach_acknowledge"),
    ("spaces", ROOT, "join/<str:secret>/", spaces.join, "join"),
    ("ledger", SPACE, "ledger/", ledger.dashboard, "dashboard"),
    ("ledger", SPACE, "ledger/moments/", ledger.log_moment, "log_moment"),
    ("ledger", SPACE, "ledger/timeline/", ledger.timeline, "timeline"),
    ("ledger", SPACE, "ledger/bank/", ledger.bank, "bank"),
    ("ledger", SPACE, "ledger/disclosures/", ledger.disclosures, "disclosures"),
    ("ledger", SPACE, "ledger/checkin/", ledger.checkin, "checkin"),
    *(
        ("ledger", MOMENT, f"{act}/", ledger.moment_action, act, {"action": act})
        for act in ("confirm", "dispute", "undo")
    ),
    ("ledger", DISCLOSURE, "acknowledge/", ledger.acknowledge, "acknowledge"),
    ("commitments", SPACE, "commitments/", commitments.commitment_list, "list"),
    ("commitments", SPACE, "commitments/new/", commitments.commitment_new, "new"),
    ("commitments", SPACE, "commitments/propose/", commitments.commitment_propose, "propose"),
    ("commitments", COMMITMENT, "", commitments.commitment_detail, "detail"),
    ("commitments", COMMITMENT, "renegotiate/", commitments.commitment_renegotiate, "renegotiate"),
    ("commitments", COMMITMENT, "visibility/", commitments.commitment_visibility, "visibility"),
    ("commitments", COMMITMENT, "<slug:action>/", commitments.commitment_action, "action"),
    ("commitments", COMMITMENT, "terms/answer/", commitments.terms_answer, "terms_answer"),
    ("commitments", COMMITMENT, "terms/withdraw/", commitments.terms_withdraw, "terms_withdraw"),
    ("commitments", OCCURRENCE, "report/", commitments.occurrence_report, "report"),
    ("commitments", OCCURRENCE, "<slug:response>/", commitments.occurrence_respond, "respond"),
    ("commitments", ROOT, "calendar/", commitments.calendar_settings, "calendar"),
    ("commitments", ROOT, "calendar/revoke/", commitments.calendar_revoke, "calendar_revoke"),
    ("commitments", ROOT, "calendar/<str:secret>.ics", commitments.calendar_feed, "feed"),
    ("apology", SPACE, "apologies/", apology.studio, "studio"),
    ("apology", SPACE, "apologies/new/", apology.compose, "compose"),
    ("apology", SPACE, "apologies/feedback/", apology.live_feedback, "feedback"),
    ("apology", ROOT, "apologies/<int:apology_id>/", apology.detail, "detail"),
    ("apology", ROOT, "apologies/<int:apology_id>/edit/", apology.edit, "edit"),
    ("apology", ROOT, "apologies/<int:apology_id>/send/", apology.send, "send"),
    ("apology", ROOT, "apologies/<int:apology_id>/respond/", apology.respond, "respond"),
    ("apology", ROOT, "apologies/<int:apology_id>/discard/", apology.discard, "discard"),
    ("selftrust", SELF_TRUST, "", selftrust.home, "home"),
    ("selftrust", SELF_TRUST, "journal/", selftrust.journal_list, "journal"),
    ("selftrust", SELF_TRUST, "journal/new/", selftrust.journal_new, "journal_new"),
    ("selftrust", SELF_TRUST, "boundaries/", selftrust.boundaries, "boundaries"),
    ("selftrust", SELF_TRUST, "intuition/", selftrust.intuition, "intuition"),
    ("selftrust", SELF_TRUST, "ratings/", selftrust.ratings, "ratings"),
    ("selftrust", SELF_TRUST, "questionnaires/", selftrust.questionnaires, "questionnaires"),
    ("selftrust", QUESTIONNAIRE, "", selftrust.questionnaire_take, "questionnaire"),
    ("selftrust", SELF_TRUST, "shared/", selftrust.shared_with_me, "shared"),
    ("selftrust", ROOT, "self-trust/lock/", selftrust.lock_settings, "lock"),
    ("selftrust", ROOT, "self-trust/unlock/", selftrust.unlock, "unlock"),
    ("selftrust", ROOT, "self-trust/recover/", selftrust.recover, "recover"),
    ("selftrust", ROOT, "self-trust/lock-now/", selftrust.lock_now, "lock_now"),
    ("selftrust", JOURNAL_ENTRY, "", selftrust.journal_entry, "journal_entry"),
    ("selftrust", JOURNAL_ENTRY, "edit/", selftrust.journal_edit, "journal_edit"),
    ("selftrust", JOURNAL_ENTRY, "delete/", selftrust.journal_delete, "journal_delete"),
    ("selftrust", JOURNAL_ENTRY, "sharing/", selftrust.journal_sharing, "journal_sharing"),
    ("selftrust", BOUNDARY, "", selftrust.boundary, "boundary"),
    ("selftrust", BOUNDARY, "events/", selftrust.boundary_event, "boundary_event"),
    ("selftrust", BOUNDARY, "sharing/", selftrust.boundary_sharing, "boundary_sharing"),
    ("selftrust", BOUNDARY, "delete/", selftrust.boundary_delete, "boundary_delete"),
    ("selftrust", GUT_CHECK, "resolve/", selftrust.intuition_resolve, "intuition_resolve"),
    ("selftrust", RESULT, "", selftrust.result, "result"),
    ("selftrust", RESULT, "sharing/", selftrust.result_sharing, "result_sharing"),
    ("instruments", INSTRUMENTS, "", instruments.overview, "overview"),
    ("instruments", INSTRUMENTS, "<int:definition_id>/", instruments.take, "take"),
    ("instruments", INSTRUMENT_RESULT, "", instruments.result, "result"),
    ("instruments", INSTRUMENT_RESULT, "sharing/", instruments.sharing, "sharing"),
    ("safety", SAFETY, "", safety.safety_home, "home"),
    ("safety", SAFETY, "heart-rate/", safety.heart_rate_import, "heart_rate_import"),
    ("safety", SAFETY, "heart-rate/resting/", safety.heart_rate_profile, "heart_rate_profile"),
    ("safety", SAFETY, "pause/", safety.pause_new, "pause_new"),
    ("safety", SPACE, "conversations/new/", safety.conversation_new, "conversation_new"),
    ("safety", ROOT, "safety/checkins/<int:checkin_id>/", safety.checkin_detail, "checkin"),
    ("safety", ROOT, "safety/pauses/<int:pause_id>/", safety.pause_detail, "pause"),
    ("safety", ROOT, "safety/pauses/<int:pause_id>/resume/", safety.pause_resume, "pause_resume"),
    ("safety", CONVERSATION, "", safety.conversation_detail, "conversation"),
    ("safety", CONVERSATION, "state/", safety.conversation_state, "conversation_state"),
    *(
        (
            "safety",
            CONVERSATION,
            f"{act}/",
            safety.conversation_act,
            f"conversation_{act}",
            {"action": act},
        )
        for act in ("begin", "turn", "summary", "end", "keep")
    ),
    ("safety", CONVERSATION, "pause/", safety.conversation_pause, "conversation_pause"),
    ("screening", SPACE, "safety-screen/", screening.screen_page, "safety_screen"),
    ("care", SPACE, "counsellor/", care.member_counsellor, "member"),
    ("care", SPACE, "counsellor/invite/", care.invite_counsellor, "invite"),
    ("care", SPACE, "counsellor/consents/<int:access_id>/withdraw/", care.withdraw, "withdraw"),
    ("care", ROOT, "homework/<int:homework_id>/answer/", care.homework_answer, "homework_answer"),
    ("care", ROOT, "caseload/", care.caseload, "caseload"),
    ("care", CASELOAD_SPACE, "", care.counsellor_space, "counsellor_space"),
    ("care", CASELOAD_SPACE, "homework/", care.homework_new, "homework_new"),
    ("care", CASELOAD_SPACE, "notes/", care.notes, "notes"),
    ("care", ROOT, "caseload/notes/<int:note_id>/", care.note_detail, "note"),
    ("care", ROOT, "caseload/notes/<int:note_id>/delete/", care.note_delete, "note_delete"),
    ("care", ROOT, "practice/inbox/", care.inbox, "inbox"),
    ("care", INTAKE, "status/", care.intake_set_status, "intake_set_status"),
    ("care", SPACE, "professional-help/", care_reports.professional_help, "professional_help"),
    ("care", SPACE, "report/", care_reports.report_html, "report"),
    ("care", SPACE, "report.pdf", care_reports.report_pdf, "report_pdf"),
    ("care", ROOT, "get-in-touch/", care.get_in_touch, "get_in_touch"),
    ("care", ROOT, "get-in-touch/requests/", care.my_requests, "my_requests"),
    ("care", ROOT, "get-in-touch/status/<str:secret>/", care.intake_status, "intake_status"),
]


def by_namespace(pages: Iterable[Page]) -> list[URLResolver]:
    """One ``include()`` per namespace, in the order the rows first name it, of its pages'
    ``path()`` entries in the rows' order."""
    grouped: dict[str, list[URLPattern]] = {}
    for namespace, under, route, view, name, *action in pages:
        kwargs = action[0] if action else None
        grouped.setdefault(namespace, []).append(path(under + route, view, kwargs, name=name))
    return [path("", include((patterns, namespace))) for namespace, patterns in grouped.items()]


urlpatterns = [
    path("", web.home, name="home"),
    path("healthz", web.health, name="health"),
    path("help/numbers/", web.numbers_help, name="numbers_help"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    *by_namespace(PAGES),
]
