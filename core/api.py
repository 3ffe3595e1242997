"""The pieces every app's REST API shares: a viewset whose writes call services, query-string
filters, and the schema's common responses.

Writes call one service each; a service's `ValidationError` becomes a 400 with field errors and a
`VersionConflict` a 409 whose body is the current object (read back through the viewset's own
queryset, so a caller only ever sees what it may see).
"""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from knox.auth import TokenAuthentication
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .versioning import VersionConflict

# Largest id a filter or a related field accepts (BigAutoField).
MAX_ID = 2**63 - 1
VERSION_HELP = "The version you edited; if it is no longer the stored one the answer is 409."


class FilterSet(serializers.Serializer):
    """Query-string filters: each declared field maps to a queryset lookup.

    Subclasses declare integer fields and a `lookups` dict; a value that is not
    a positive whole number answers 400 with the parameter named.
    """

    lookups: dict[str, str] = {}

    def filter(self, queryset):
        self.is_valid(raise_exception=True)
        for name, value in self.validated_data.items():
            queryset = queryset.filter(**{self.lookups[name]: value})
        return queryset


def id_filter(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=help_text)


def version_field(**kwargs: Any) -> serializers.IntegerField:
    """The `version` an edit was made from (optional: without it the edit overwrites any version)."""
    return serializers.IntegerField(required=False, help_text=VERSION_HELP, **kwargs)


class ErrorDetail(serializers.Serializer):
    detail = serializers.CharField()


VALIDATION_ERROR = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Bad input: an object mapping each field (or `non_field_errors`) to a list of messages.",
)
NOT_AUTHENTICATED = OpenApiResponse(ErrorDetail, description="No or invalid credentials.")
FORBIDDEN = OpenApiResponse(ErrorDetail, description="Viewers may not change the workspace's content.")
NOT_FOUND = OpenApiResponse(ErrorDetail, description="Not found, or not in one of your workspaces.")
PAGE_NOT_FOUND = OpenApiResponse(ErrorDetail, description="There is no such page.")
TOO_MANY = OpenApiResponse(
    ErrorDetail, description="Too many attempts: wait the seconds its `Retry-After` header gives, then try again."
)


def conflict(serializer) -> OpenApiResponse:
    return OpenApiResponse(
        serializer,
        description="The `version` sent is not the stored one: someone changed it meanwhile. "
        "The body is the current object; nothing was written.",
    )


def read_responses(serializer) -> dict:
    return {200: serializer, 401: NOT_AUTHENTICATED, 404: NOT_FOUND}


def list_responses(serializer) -> dict:
    return {200: serializer(many=True), 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED, 404: PAGE_NOT_FOUND}


def create_responses(serializer) -> dict:
    return {201: serializer, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED, 403: FORBIDDEN}


def update_responses(serializer, *, versioned: bool = True) -> dict:
    responses = {200: serializer, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}
    if versioned:
        responses[409] = conflict(serializer)
    return responses


def delete_responses() -> dict:
    return {204: None, 400: VALIDATION_ERROR, 401: NOT_AUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND}


class ServiceViewSet(viewsets.GenericViewSet):
    # A viewset whose writes call services. `serializer_class` renders objects;
    # subclasses validate input with their own input serializers
    # (`self.validated(...)`) and call one service, or a few in one transaction.
    # Subclasses add the permission that decides who may write. (A comment, not a
    # docstring: each viewset's own docstring describes it in the API docs.)

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_converter = "int"
    filterset_class: type[FilterSet] | None = None

    def validated(self, serializer_class, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def render(self, obj, status_code=status.HTTP_200_OK) -> Response:
        # Read back through the API queryset, so the answer carries the same
        # annotations and prefetches as a GET.
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(obj).data, status=status_code)

    def filter_queryset(self, queryset):
        if self.action == "list" and self.filterset_class is not None:
            queryset = self.filterset_class(data=self.request.query_params).filter(queryset)
        return queryset

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.get_object()).data)

    def handle_exception(self, exc):
        if isinstance(exc, VersionConflict):
            current = self.get_queryset().filter(pk=exc.current.pk).first()
            if current is None:  # deleted meanwhile
                exc = exceptions.NotFound()
            else:
                return Response(self.get_serializer(current).data, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, DjangoValidationError):
            errors = serializers.as_serializer_error(exc)
            # A model's errors that name no field (its clean(), its constraints) under the API's key for them.
            if NON_FIELD_ERRORS in errors:
                errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
            exc = exceptions.ValidationError(errors)
        return super().handle_exception(exc)
