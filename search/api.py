from django.utils.html import strip_tags
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import NOT_AUTHENTICATED

from .selectors import MAX_QUERY_LENGTH, search
from .targets import TARGETS


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    snippet = serializers.CharField(help_text="The text around the first match, when it is not in the title.")
    url = serializers.CharField(help_text="The page that shows it.")


class SearchGroupSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[target.kind for target in TARGETS])
    results = SearchHitSerializer(many=True)
    more = serializers.BooleanField(help_text="More matched than are listed: the newest are.")


class SearchResultsSerializer(serializers.Serializer):
    query = serializers.CharField()
    groups = SearchGroupSerializer(many=True)


class SearchView(APIView):
    @extend_schema(
        tags=["search"],
        parameters=[
            OpenApiParameter("q", str, description=f"The words to find (at most {MAX_QUERY_LENGTH} characters).")
        ],
        responses={200: SearchResultsSerializer, 401: NOT_AUTHENTICATED},
        description=(
            "Maps, stages, cards, personas, strategies, comments and evidence of the caller's workspaces that "
            "contain every word given (as the start of a word), grouped by kind, newest first, 10 of each."
        ),
    )
    def get(self, request):
        text = request.query_params.get("q", "")[:MAX_QUERY_LENGTH].strip()
        groups = search(request.user, text) if text else []
        data = {
            "query": text,
            "groups": [
                {
                    "kind": group.target.kind,
                    "more": group.more,
                    "results": [
                        {
                            "id": hit.pk,
                            "title": strip_tags(hit.title),
                            "snippet": strip_tags(hit.snippet),
                            "url": hit.url,
                        }
                        for hit in group.hits
                    ],
                }
                for group in groups
            ],
        }
        return Response(SearchResultsSerializer(data).data)
