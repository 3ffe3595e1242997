from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_of(request, queryset: QuerySet, per_page: int = 50) -> Page:
    """The page the request asks for (`?page=`); the nearest one when it asks for one that does not exist."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The request's query string without `page`, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
