from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class MendAdminConfig(admin_apps.AdminConfig):
    """Django's admin, reached only through Mend's sign-in and with two-factor (admin_site)."""

    default = False  # named in INSTALLED_APPS; mend.accounts itself is AccountsConfig
    default_site = "mend.accounts.admin_site.MendAdminSite"


class AccountsConfig(AppConfig):
    name = "mend.accounts"
    label = "accounts"

    def ready(self) -> None:
        from allauth.account import signals as account_signals
        from allauth.mfa import signals as mfa_signals

        # In ready(): these modules import models, which cannot load while apps are loading.
        from mend.accounts import allauth_reactions
        from mend.vault import hooks as vault_hooks

        for signal in (
            account_signals.password_changed,
            account_signals.password_set,
            account_signals.password_reset,
        ):
            signal.connect(allauth_reactions.password_changed, dispatch_uid=f"mend-{id(signal)}")
        vault_hooks.kek_rotated.connect(allauth_reactions.kek_rotated)
        mfa_signals.authenticator_added.connect(
            allauth_reactions.second_factor_added, dispatch_uid="mend-second-factor-added"
        )
