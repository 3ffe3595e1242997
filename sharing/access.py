"""Who may open what through a share link, and who may manage a map's links.

A visitor holds a token: `open_share_link` gives the link if it opens its map now, else a 404 that is
the same whatever the reason (no such token, revoked, expired), and never tells that a token exists.
A link with a password opens once the password was given in this session (`unlock`); a wrong one is
the same 404. Wrong tokens and wrong passwords are counted per address (django-ratelimit, in the
cache): past `MISSES_PER_ADDRESS` the address gets 429 for any share link for the hour, and past
`WRONG_PASSWORDS_PER_LINK` a link takes no more passwords for the hour, from anyone.

Members manage links through `get_share_link_for_user` and `get_rw_share_link_for_user`: a link of a
map outside their workspaces is a 404, a viewer who revokes one gets a 403."""

from django.contrib.auth.hashers import check_password
from django.http import Http404
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

from workspaces.access import get_for_user, get_rw_for_user

from .models import ShareLink
from .tokens import looks_like_a_token, token_digest

MISSES_PER_ADDRESS = "30/h"  # wrong tokens and wrong passwords, together
WRONG_PASSWORDS_PER_LINK = "100/h"
MISSES = "sharing:misses"
WRONG_PASSWORDS = "sharing:wrong-passwords"
UNLOCKED = "sharing:unlocked"  # the session's list of links whose password it gave
UNLOCKED_KEPT = 50


def _used_up(request, group: str, key, rate: str) -> bool:
    """Whether the misses counted under `group` and `key` have reached their limit (the next one is
    not even tried)."""
    usage = get_usage(request, group=group, key=key, rate=rate, increment=False)
    return usage is not None and usage["count"] >= usage["limit"]


def _missed(request) -> Http404:
    """Count a wrong token or password against the address; the 404 to raise."""
    get_usage(request, group=MISSES, key="ip", rate=MISSES_PER_ADDRESS, increment=True)
    return Http404()


def open_share_link(request, token: str) -> ShareLink:
    """The link of this token, with its map, if it opens its map now (whether its password was given
    or not: see `is_unlocked`). Http404 otherwise; Ratelimited for an address that guessed too often."""
    if _used_up(request, MISSES, "ip", MISSES_PER_ADDRESS):
        raise Ratelimited
    link = None
    if looks_like_a_token(token):
        links = ShareLink.objects.usable().select_related("journey__workspace")
        link = links.filter(token_digest=token_digest(token)).first()
    if link is None:
        raise _missed(request)
    return link


def still_opens(link_id: int) -> bool:
    """Whether the link still opens its map (for a guest's live board, which outlives its request)."""
    return ShareLink.objects.usable().filter(pk=link_id).exists()


def is_unlocked(request, link: ShareLink) -> bool:
    return not link.password or link.pk in request.session.get(UNLOCKED, [])


def unlock(request, link: ShareLink, password: str) -> None:
    """Remember in the session that its visitor gave the link's password, or raise the link's 404 (429
    once the address, or the link, has had too many wrong ones)."""
    if is_unlocked(request, link):
        return

    def this_link(_group, _request) -> str:
        return str(link.pk)

    if _used_up(request, WRONG_PASSWORDS, this_link, WRONG_PASSWORDS_PER_LINK):
        raise Ratelimited
    if not check_password(password, link.password):
        get_usage(request, group=WRONG_PASSWORDS, key=this_link, rate=WRONG_PASSWORDS_PER_LINK, increment=True)
        raise _missed(request)
    unlocked = [pk for pk in request.session.get(UNLOCKED, []) if pk != link.pk]
    request.session[UNLOCKED] = [*unlocked[-(UNLOCKED_KEPT - 1) :], link.pk]


def get_share_link_for_user(user, pk) -> tuple[ShareLink, bool]:
    queryset = ShareLink.objects.select_related("journey__workspace", "created_by")
    return get_for_user(queryset, user, pk, "journey__workspace")


def get_rw_share_link_for_user(user, pk) -> ShareLink:
    queryset = ShareLink.objects.select_related("journey__workspace")
    return get_rw_for_user(queryset, user, pk, "journey__workspace")
