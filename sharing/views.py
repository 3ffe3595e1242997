"""A map's "Share" page: its links, who made them, when they were last used; a new one (owners and
editors), shown once with its token; revoking one at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import add_service_errors
from journeys.access import get_journey_for_user

from . import services
from .access import get_rw_share_link_for_user
from .forms import ShareLinkForm
from .selectors import share_links_of


@login_required
@require_http_methods(["GET", "POST"])
def links(request, pk):
    journey, can_edit = get_journey_for_user(request.user, pk)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = ShareLinkForm(request.POST or None) if can_edit else None
    new_url = ""
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            _link, token = services.share_link_create(journey=journey, created_by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            new_url = request.build_absolute_uri(reverse("sharing:home", args=[token]))
            form = ShareLinkForm()
    context = {
        "journey": journey,
        "can_edit": can_edit,
        "form": form,
        "new_url": new_url,
        "links": share_links_of(journey),
    }
    return render(request, "sharing/links.html", context, status=422 if form is not None and form.errors else 200)


@login_required
@require_POST
def revoke(request, pk):
    link = get_rw_share_link_for_user(request.user, pk)
    services.share_link_revoke(link=link)
    messages.success(request, _("The link was revoked: it opens nothing from now on."))
    return redirect("sharing:links", pk=link.journey_id)
