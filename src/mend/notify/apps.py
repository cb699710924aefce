from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "mend.notify"
    label = "notify"
    verbose_name = "Notifications"
    default_auto_field = "mend.core.ids.RandomBigAutoField"

    def ready(self) -> None:
        # In ready(): these modules import models, which cannot load while apps are loading.
        from mend.accounts import hooks as account_hooks
        from mend.notify import account_reactions

        account_hooks.keeps_ways_in(account_reactions)
