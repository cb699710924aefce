from django.urls import path

from mend.ledger import views

app_name = "ledger"
urlpatterns = [
    path("spaces/<int:space_id>/ledger/", views.dashboard, name="dashboard"),
    path("spaces/<int:space_id>/ledger/moments/", views.log_moment, name="log_moment"),
    path("spaces/<int:space_id>/ledger/timeline/", views.timeline, name="timeline"),
    path("spaces/<int:space_id>/ledger/bank/", views.bank, name="bank"),
    path("spaces/<int:space_id>/ledger/disclosures/", views.disclosures, name="disclosures"),
    path("spaces/<int:space_id>/ledger/checkin/", views.checkin, name="checkin"),
    *(
        path(
            f"moments/<int:moment_id>/{action}/",
            views.moment_action,
            {"action": action},
            name=action,
        )
        for action in ("confirm", "dispute", "undo")
    ),
    path("disclosures/<int:disclosure_id>/acknowledge/", views.acknowledge, name="acknowledge"),
]
