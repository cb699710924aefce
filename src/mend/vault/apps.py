from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "mend.vault"
    label = "vault"
    verbose_name = "Vault: envelope encryption of private text"
    default_auto_field = "mend.core.ids.RandomBigAutoField"
