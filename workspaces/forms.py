from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_OPEN_INVITATION_USES, Role


class WorkspaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)
    open_link = forms.BooleanField(
        label=_("Anyone who has the link"),
        required=False,
        help_text=_("Whoever has the link joins with this role: share it only where you mean to."),
    )
    max_uses = forms.IntegerField(
        label=_("How many people may use the link"),
        min_value=1,
        max_value=MAX_OPEN_INVITATION_USES,
        initial=10,
        required=False,
    )
    days = forms.IntegerField(label=_("Days the link works"), min_value=1, max_value=30, initial=7, required=False)

    def clean(self):
        data = super().clean()
        # (Only an open link uses them; blank: their defaults.)
        data["max_uses"] = data.get("max_uses") or 10
        data["days"] = data.get("days") or 7
        if not data.get("open_link") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give the address to invite, or make a link for anyone."))
        return data


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class SignUpNameForm(forms.Form):
    """What django-allauth's sign-up asks besides the address and the password (ACCOUNT_SIGNUP_FORM_CLASS):
    the name colleagues see. allauth makes the username from it, so sign-up asks for no username."""

    name = forms.CharField(label=_("Your name"), max_length=150, required=False)

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["name"].strip()
        user.save(update_fields=["first_name"])
