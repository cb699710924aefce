"""Every page's address, in one table. Each app's pages keep their own namespace
(``"spaces:detail"``, ``"care:report"``), as an ``urls.py`` per app would give them; they are
declared here together because the apps share one address space, most of it under
``spaces/<int:space_id>/``, and a new page's address is chosen best with all the others in view."""

from django.contrib import admin
from django.urls import include, path

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

SELF_TRUST = "spaces/<int:space_id>/self-trust/"
INSTRUMENTS = "spaces/<int:space_id>/instruments/"

accounts_pages = [
    path("me/", accounts.account, name="account"),
    path("me/quick-exit/", accounts.quick_exit_setting, name="quick_exit_setting"),
    path("exit/<str:token>/", accounts.quick_exit, name="quick_exit"),
    path("me/tokens/<int:token_id>/revoke/", accounts.token_revoke, name="token_revoke"),
    path("me/ways-in/", accounts.ways_in, name="ways_in"),
    path("me/sessions/<str:handle>/end/", accounts.session_end, name="session_end"),
    path("me/sign-out-everywhere/", accounts.sign_out_everywhere, name="sign_out_everywhere"),
]

notify_pages = [
    path("notifications/", notify.notification_list, name="list"),
    path("notifications/read-all/", notify.mark_all_read, name="read_all"),
    path("notifications/settings/", notify.preferences, name="settings"),
    path("notifications/push/off/", notify.push_off_everywhere, name="push_off"),
    path("notifications/<int:notification_id>/read/", notify.mark_read, name="read"),
    path("manifest.webmanifest", notify.manifest, name="manifest"),
    path("sw.js", notify.service_worker, name="service_worker"),
]

privacy_pages = [
    path("me/access-log/", privacy.access_log, name="access_log"),
    path("me/export.json", privacy.export, name="export"),
    path("me/delete/", privacy.delete, name="delete"),
]

path_pages = [path("spaces/<int:space_id>/path/", path_views.path_page, name="page")]

spaces_pages = [
    path("spaces/", spaces.space_list, name="list"),
    path("spaces/<int:space_id>/", spaces.space_detail, name="detail"),
    path("spaces/<int:space_id>/invite/", spaces.invite, name="invite"),
    path(
        "spaces/<int:space_id>/invitations/<int:invitation_id>/revoke/",
        spaces.revoke_invitation,
        name="revoke_invitation",
    ),
    path("spaces/<int:space_id>/leave/", spaces.leave, name="leave"),
    path(
        "spaces/<int:space_id>/joins/<int:request_id>/decide/",
        spaces.decide_join,
        name="decide_join",
    ),
    path("joins/<int:request_id>/withdraw/", spaces.withdraw_join, name="withdraw_join"),
    path("spaces/<int:space_id>/breaches/new/", spaces.breach_new, name="breach_new"),
    path("breaches/<int:breach_id>/", spaces.breach_detail, name="breach"),
    path(
        "breaches/<int:breach_id>/visibility/", spaces.breach_visibility, name="breach_visibility"
    ),
    path(
        "breaches/<int:breach_id>/acknowledge/",
        spaces.breach_acknowledge,
        name="breach_acknowledge",
    ),
    path("join/<str:secret>/", spaces.join, name="join"),
]

ledger_pages = [
    path("spaces/<int:space_id>/ledger/", ledger.dashboard, name="dashboard"),
    path("spaces/<int:space_id>/ledger/moments/", ledger.log_moment, name="log_moment"),
    path("spaces/<int:space_id>/ledger/timeline/", ledger.timeline, name="timeline"),
    path("spaces/<int:space_id>/ledger/bank/", ledger.bank, name="bank"),
    path("spaces/<int:space_id>/ledger/disclosures/", ledger.disclosures, name="disclosures"),
    path("spaces/<int:space_id>/ledger/checkin/", ledger.checkin, name="checkin"),
    *(
        path(
            f"moments/<int:moment_id>/{action}/",
            ledger.moment_action,
            {"action": action},
            name=action,
        )
        for action in ("confirm", "dispute", "undo")
    ),
    path("disclosures/<int:disclosure_id>/acknowledge/", ledger.acknowledge, name="acknowledge"),
]

commitments_pages = [
    path("spaces/<int:space_id>/commitments/", commitments.commitment_list, name="list"),
    path("spaces/<int:space_id>/commitments/new/", commitments.commitment_new, name="new"),
    path(
        "spaces/<int:space_id>/commitments/propose/", commitments.commitment_propose, name="propose"
    ),
    path("commitments/<int:commitment_id>/", commitments.commitment_detail, name="detail"),
    path(
        "commitments/<int:commitment_id>/renegotiate/",
        commitments.commitment_renegotiate,
        name="renegotiate",
    ),
    path(
        "commitments/<int:commitment_id>/visibility/",
        commitments.commitment_visibility,
        name="visibility",
    ),
    path(
        "commitments/<int:commitment_id>/<slug:action>/",
        commitments.commitment_action,
        name="action",
    ),
    path(
        "commitments/<int:commitment_id>/terms/answer/",
        commitments.terms_answer,
        name="terms_answer",
    ),
    path(
        "commitments/<int:commitment_id>/terms/withdraw/",
        commitments.terms_withdraw,
        name="terms_withdraw",
    ),
    path("occurrences/<int:occurrence_id>/report/", commitments.occurrence_report, name="report"),
    path(
        "occurrences/<int:occurrence_id>/<slug:response>/",
        commitments.occurrence_respond,
        name="respond",
    ),
    path("calendar/", commitments.calendar_settings, name="calendar"),
    path("calendar/revoke/", commitments.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:secret>.ics", commitments.calendar_feed, name="feed"),
]

apology_pages = [
    path("spaces/<int:space_id>/apologies/", apology.studio, name="studio"),
    path("spaces/<int:space_id>/apologies/new/", apology.compose, name="compose"),
    path("spaces/<int:space_id>/apologies/feedback/", apology.live_feedback, name="feedback"),
    path("apologies/<int:apology_id>/", apology.detail, name="detail"),
    path("apologies/<int:apology_id>/edit/", apology.edit, name="edit"),
    path("apologies/<int:apology_id>/send/", apology.send, name="send"),
    path("apologies/<int:apology_id>/respond/", apology.respond, name="respond"),
    path("apologies/<int:apology_id>/discard/", apology.discard, name="discard"),
]

selftrust_pages = [
    path(SELF_TRUST, selftrust.home, name="home"),
    path(f"{SELF_TRUST}journal/", selftrust.journal_list, name="journal"),
    path(f"{SELF_TRUST}journal/new/", selftrust.journal_new, name="journal_new"),
    path(f"{SELF_TRUST}boundaries/", selftrust.boundaries, name="boundaries"),
    path(f"{SELF_TRUST}intuition/", selftrust.intuition, name="intuition"),
    path(f"{SELF_TRUST}ratings/", selftrust.ratings, name="ratings"),
    path(f"{SELF_TRUST}questionnaires/", selftrust.questionnaires, name="questionnaires"),
    path(
        f"{SELF_TRUST}questionnaires/<slug:instrument_id>/",
        selftrust.questionnaire_take,
        name="questionnaire",
    ),
    path(f"{SELF_TRUST}shared/", selftrust.shared_with_me, name="shared"),
    path("self-trust/lock/", selftrust.lock_settings, name="lock"),
    path("self-trust/unlock/", selftrust.unlock, name="unlock"),
    path("self-trust/recover/", selftrust.recover, name="recover"),
    path("self-trust/lock-now/", selftrust.lock_now, name="lock_now"),
    path("self-trust/journal/<int:entry_id>/", selftrust.journal_entry, name="journal_entry"),
    path("self-trust/journal/<int:entry_id>/edit/", selftrust.journal_edit, name="journal_edit"),
    path(
        "self-trust/journal/<int:entry_id>/delete/", selftrust.journal_delete, name="journal_delete"
    ),
    path(
        "self-trust/journal/<int:entry_id>/sharing/",
        selftrust.journal_sharing,
        name="journal_sharing",
    ),
    path("self-trust/boundaries/<int:boundary_id>/", selftrust.boundary, name="boundary"),
    path(
        "self-trust/boundaries/<int:boundary_id>/events/",
        selftrust.boundary_event,
        name="boundary_event",
    ),
    path(
        "self-trust/boundaries/<int:boundary_id>/sharing/",
        selftrust.boundary_sharing,
        name="boundary_sharing",
    ),
    path(
        "self-trust/boundaries/<int:boundary_id>/delete/",
        selftrust.boundary_delete,
        name="boundary_delete",
    ),
    path(
        "self-trust/intuition/<int:gut_check_id>/resolve/",
        selftrust.intuition_resolve,
        name="intuition_resolve",
    ),
    path("self-trust/results/<int:result_id>/", selftrust.result, name="result"),
    path(
        "self-trust/results/<int:result_id>/sharing/",
        selftrust.result_sharing,
        name="result_sharing",
    ),
]

instruments_pages = [
    path(INSTRUMENTS, instruments.overview, name="overview"),
    path(f"{INSTRUMENTS}<int:definition_id>/", instruments.take, name="take"),
    path("instrument-results/<int:result_id>/", instruments.result, name="result"),
    path("instrument-results/<int:result_id>/sharing/", instruments.sharing, name="sharing"),
]

safety_pages = [
    path("spaces/<int:space_id>/safety/", safety.safety_home, name="home"),
    path(
        "spaces/<int:space_id>/safety/heart-rate/",
        safety.heart_rate_import,
        name="heart_rate_import",
    ),
    path(
        "spaces/<int:space_id>/safety/heart-rate/resting/",
        safety.heart_rate_profile,
        name="heart_rate_profile",
    ),
    path("spaces/<int:space_id>/safety/pause/", safety.pause_new, name="pause_new"),
    path(
        "spaces/<int:space_id>/conversations/new/",
        safety.conversation_new,
        name="conversation_new",
    ),
    path("safety/checkins/<int:checkin_id>/", safety.checkin_detail, name="checkin"),
    path("safety/pauses/<int:pause_id>/", safety.pause_detail, name="pause"),
    path("safety/pauses/<int:pause_id>/resume/", safety.pause_resume, name="pause_resume"),
    path("safety/conversations/<int:conv_id>/", safety.conversation_detail, name="conversation"),
    path(
        "safety/conversations/<int:conv_id>/state/",
        safety.conversation_state,
        name="conversation_state",
    ),
    *(
        path(
            f"safety/conversations/<int:conv_id>/{action}/",
            safety.conversation_act,
            {"action": action},
            name=f"conversation_{action}",
        )
        for action in ("begin", "turn", "summary", "end", "keep")
    ),
    path(
        "safety/conversations/<int:conv_id>/pause/",
        safety.conversation_pause,
        name="conversation_pause",
    ),
]

screening_pages = [
    path("spaces/<int:space_id>/safety-screen/", screening.screen_page, name="safety_screen"),
]

care_pages = [
    path("spaces/<int:space_id>/counsellor/", care.member_counsellor, name="member"),
    path("spaces/<int:space_id>/counsellor/invite/", care.invite_counsellor, name="invite"),
    path(
        "spaces/<int:space_id>/counsellor/consents/<int:access_id>/withdraw/",
        care.withdraw,
        name="withdraw",
    ),
    path("homework/<int:homework_id>/answer/", care.homework_answer, name="homework_answer"),
    path("caseload/", care.caseload, name="caseload"),
    path("caseload/spaces/<int:space_id>/", care.counsellor_space, name="counsellor_space"),
    path("caseload/spaces/<int:space_id>/homework/", care.homework_new, name="homework_new"),
    path("caseload/spaces/<int:space_id>/notes/", care.notes, name="notes"),
    path("caseload/notes/<int:note_id>/", care.note_detail, name="note"),
    path("caseload/notes/<int:note_id>/delete/", care.note_delete, name="note_delete"),
    path("practice/inbox/", care.inbox, name="inbox"),
    path(
        "practice/inbox/<int:intake_id>/status/",
        care.intake_set_status,
        name="intake_set_status",
    ),
    path(
        "spaces/<int:space_id>/professional-help/",
        care_reports.professional_help,
        name="professional_help",
    ),
    path("spaces/<int:space_id>/report/", care_reports.report_html, name="report"),
    path("spaces/<int:space_id>/report.pdf", care_reports.report_pdf, name="report_pdf"),
    path("get-in-touch/", care.get_in_touch, name="get_in_touch"),
    path("get-in-touch/requests/", care.my_requests, name="my_requests"),
    path("get-in-touch/status/<str:secret>/", care.intake_status, name="intake_status"),
]

urlpatterns = [
    path("", web.home, name="home"),
    path("healthz", web.health, name="health"),
    path("help/numbers/", web.numbers_help, name="numbers_help"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    *(
        path("", include((pages, namespace)))
        for namespace, pages in [
            ("accounts", accounts_pages),
            ("notify", notify_pages),
            ("privacy", privacy_pages),
            ("path", path_pages),
            ("spaces", spaces_pages),
            ("ledger", ledger_pages),
            ("commitments", commitments_pages),
            ("apology", apology_pages),
            ("selftrust", selftrust_pages),
            ("instruments", instruments_pages),
            ("safety", safety_pages),
            ("screening", screening_pages),
            ("care", care_pages),
        ]
    ),
]
