from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ShareLink
from .services import MAX_PASSWORD_LENGTH


class ShareLinkForm(forms.ModelForm):
    """A new link: what it shows, until when, behind which password (the model's rules: something shown,
    no day in the past)."""

    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Optional: visitors type it once per browser session. Give it apart from the link."),
    )

    class Meta:
        model = ShareLink
        fields = ["label", "shows_board", "shows_guide", "shows_strategies", "expires_on"]
        widgets = {"expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, "password"]}


class SharePasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=MAX_PASSWORD_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
