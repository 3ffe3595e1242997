from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import WorkspaceForm
from .services import workspace_create


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        workspace = workspace_create(name=form.cleaned_data["name"], owner=request.user)
        messages.success(request, _("Workspace “%(name)s” created.") % {"name": workspace.name})
        return redirect("journeys:dashboard")
    return render(request, "workspaces/workspace_form.html", {"form": form}, status=422 if form.errors else 200)
