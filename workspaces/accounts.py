"""How django-allauth's accounts fit this app (ACCOUNT_ADAPTER)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email: str) -> str:
        # Django's form field takes 320 characters, the account keeps 254 (PostgreSQL would refuse more).
        limit = get_user_model()._meta.get_field("email").max_length
        if len(email) > limit:
            raise ValidationError(
                _("Use an address of at most %(limit)d characters.") % {"limit": limit}, code="max_length"
            )
        return super().clean_email(email)


class LoginForm(AllauthLoginForm):
    """allauth's log-in form (ACCOUNT_FORMS), its first field labelled with what it takes, not "Login"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or e-mail address")
