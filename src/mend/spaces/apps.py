from django.apps import AppConfig


class SpacesConfig(AppConfig):
    name = "mend.spaces"
    label = "spaces"

    def ready(self) -> None:
        # In ready(): these modules import models, which cannot load while apps are loading.
        from mend.accounts import hooks as account_hooks
        from mend.spaces import signup

        account_hooks.signup_invitation.connect(signup.holds_open_invitation)
