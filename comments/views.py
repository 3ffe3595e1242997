from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from core.forms import add_service_errors
from strategies.access import get_strategy_for_user
from touchpoints.access import get_touchpoint_for_user

from . import services
from .access import get_notification_for_user, get_own_comment_for_user, get_thread_for_user
from .forms import CommentForm
from .selectors import inbox_for, thread_for, unread_count, with_html
from .targets import Target

THREAD_TEMPLATE = "comments/thread.html"
INBOX_TEMPLATE = "comments/inbox.html"


def _site_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _render_thread(request, target, *, status=200, form=None, editing=None, edit_form=None, changed=False):
    """The thread: in place for htmx (a partial on the board or in a strategy), else its own page."""
    thread = thread_for(target)
    comments = with_html(thread.comments.all()) if thread else []
    about = Target(target)
    context = {
        "target": about,
        "journey": about.journey,
        "thread": thread,
        "comments": comments,
        "form": form or _new_comment_form(about),
        "editing": editing,
        "edit_form": edit_form,
        "in_place": bool(request.htmx),
        # Opened into a comment slot below a strategy (not in a card's panel): it can close itself.
        "closable": bool(request.htmx) and (request.htmx.target or "").startswith("comments-"),
        "count_changed": changed,
    }
    template = f"{THREAD_TEMPLATE}#thread" if request.htmx else THREAD_TEMPLATE
    response = render(request, template, context, status=status)
    if changed and request.htmx and about.stage_id:
        # The map shows the count on its card: its column is read again (boards listen for this).
        trigger_client_event(response, "board-stale", {"stages": [about.stage_id]})
    return response


def _new_comment_form(about: Target, data=None) -> CommentForm:
    # Ids unique on a board where several threads are open at once.
    return CommentForm(data, auto_id=f"new-comment-{about.key}-%s")


def _done(request, target, *, changed=False):
    if request.htmx:
        return _render_thread(request, target, changed=changed)
    return redirect(Target(target).thread_url)


def _thread_page(request, target):
    """GET: the thread. POST: a new comment. Every member may comment, viewers too."""
    if request.method == "GET":
        return _render_thread(request, target)
    form = _new_comment_form(Target(target), request.POST)
    if form.is_valid():
        try:
            services.comment_create(
                target=target, author=request.user, body=form.cleaned_data["body"], site_url=_site_url(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, target, changed=True)
    return _render_thread(request, target, status=422, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_thread(request, pk):
    touchpoint, _can_edit = get_touchpoint_for_user(request.user, pk)
    return _thread_page(request, touchpoint)


@login_required
@require_http_methods(["GET", "POST"])
def strategy_thread(request, pk):
    strategy, _can_edit = get_strategy_for_user(request.user, pk)
    return _thread_page(request, strategy)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    """Authors edit their own comments (403 for anyone else's)."""
    comment = get_own_comment_for_user(request.user, pk)
    target = comment.thread.target
    if request.method == "GET":
        form = CommentForm(initial={"body": comment.body}, prefix=f"edit-{comment.pk}")
        return _render_thread(request, target, editing=comment.pk, edit_form=form)
    form = CommentForm(request.POST, prefix=f"edit-{comment.pk}")
    if form.is_valid():
        try:
            services.comment_update(
                comment=comment, editor=request.user, body=form.cleaned_data["body"], site_url=_site_url(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, target)
    return _render_thread(request, target, status=422, editing=comment.pk, edit_form=form)


@login_required
@require_POST
def comment_delete(request, pk):
    comment = get_own_comment_for_user(request.user, pk)
    target = comment.thread.target
    services.comment_delete(comment=comment, user=request.user)
    return _done(request, target, changed=True)


@login_required
@require_POST
def thread_resolve(request, pk):
    thread = get_thread_for_user(request.user, pk)
    services.thread_resolve(thread=thread, user=request.user)
    return _done(request, thread.target)


@login_required
@require_POST
def thread_reopen(request, pk):
    thread = get_thread_for_user(request.user, pk)
    services.thread_reopen(thread=thread, user=request.user)
    return _done(request, thread.target)


# Inbox ------------------------------------------------------------------------


def _render_inbox(request, *, partial: str = ""):
    notifications = inbox_for(request.user)
    context = {"notifications": notifications, "unread": unread_count(request.user)}
    template = f"{INBOX_TEMPLATE}#{partial}" if partial else INBOX_TEMPLATE
    return render(request, template, context)


@login_required
@require_GET
def inbox(request):
    return _render_inbox(request)


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_notification_for_user(request.user, pk)
    services.notification_mark_read(notification=notification)
    if request.htmx:
        return _render_inbox(request, partial="inbox-list")
    return redirect("comments:inbox")


@login_required
@require_POST
def notifications_read_all(request):
    services.notifications_mark_all_read(user=request.user)
    if request.htmx:
        return _render_inbox(request, partial="inbox-list")
    return redirect("comments:inbox")
