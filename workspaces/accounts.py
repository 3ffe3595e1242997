"""How django-allauth's accounts fit this app (ACCOUNT_ADAPTER)."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
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


def api_login_check(*, user, code: str) -> None:
    """What the log-in page asks beyond the password, asked of an API token request too: a confirmed
    address (when confirmation is mandatory), and the authenticator's current code for an account with
    two-factor authentication. Raises a ValidationError naming the field."""
    if settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory" and not (
        EmailAddress.objects.filter(user=user, verified=True).exists()
    ):
        raise ValidationError(
            {"username": _("Confirm your e-mail address first: log in on the site to have the link sent again.")},
            code="unverified",
        )
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        return
    if not code:
        raise ValidationError(
            {"code": _("This account uses two-factor authentication: give the code from your authenticator app.")},
            code="required",
        )
    if not totp.wrap().validate_code(code):  # (a code works once)
        raise ValidationError({"code": _("Incorrect code.")}, code="invalid")
    totp.record_usage()
