from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "mend.commitments"
    label = "commitments"
    verbose_name = "Commitments"

    def ready(self) -> None:
        # In ready(): these modules import models, which cannot load while apps are loading.
        from mend.accounts import hooks as account_hooks
        from mend.commitments import account_reactions

        account_hooks.keeps_ways_in(account_reactions)
