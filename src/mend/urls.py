from django.contrib import admin
from django.urls import include, path

from mend.api.main import api
from mend.web import views as web_views

handler400 = "mend.core.errors.bad_request"
handler403 = "mend.core.errors.forbidden"
handler404 = "mend.core.errors.not_found"
handler500 = "mend.core.errors.server_error"

urlpatterns = [
    path("", web_views.home, name="home"),
    path("healthz", web_views.health, name="health"),
    path("help/numbers/", web_views.numbers_help, name="numbers_help"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("", include("mend.accounts.urls")),
    path("", include("mend.notify.urls")),
    path("", include("mend.privacy.urls")),
    path("", include("mend.path.urls")),
    path("", include("mend.spaces.urls")),
    path("", include("mend.ledger.urls")),
    path("", include("mend.commitments.urls")),
    path("", include("mend.apology.urls")),
    path("", include("mend.selftrust.urls")),
    path("", include("mend.instruments.urls")),
    path("", include("mend.safety.urls")),
    path("", include("mend.screening.urls")),
    path("", include("mend.care.urls")),
]
