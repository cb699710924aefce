from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "mend.ledger"
    label = "ledger"
    verbose_name = "Evidence ledger"

    def ready(self) -> None:
        # In ready(): these modules import models, which cannot load while apps are loading.
        from mend.commitments import hooks as commitment_hooks
        from mend.ledger import reactions
        from mend.spaces import hooks as space_hooks

        space_hooks.member_left.connect(reactions.member_left)
        space_hooks.visibility_changed.connect(reactions.visibility_changed)
        space_hooks.breach_changed.connect(reactions.breach_changed)
        commitment_hooks.occurrence_changed.connect(reactions.occurrence_changed)
        commitment_hooks.commitment_rewritten.connect(reactions.commitment_rewritten)
