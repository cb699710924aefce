from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "mend.ledger"
    label = "ledger"
    verbose_name = "Evidence ledger"
