from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .selectors import MAX_QUERY_LENGTH, search


@login_required
@require_safe
def results(request):
    """The header's search box: what matches in the user's workspaces, grouped by kind."""
    text = request.GET.get("q", "")[:MAX_QUERY_LENGTH].strip()
    groups = search(request.user, text) if text else []
    return render(request, "search/results.html", {"query": text, "groups": groups})
