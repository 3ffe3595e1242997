"""Pages go out compressed (core.middleware.GZipMiddleware) as Django's gzip sends them, at a cheaper level."""

import gzip

from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from core.middleware import GZipMiddleware

PAGE = ("<li>Touchpoint: promotional e-mail and store visit</li>" * 200).encode()


def respond(response, **headers):
    request = RequestFactory().get("/", **headers)
    return GZipMiddleware(lambda request: response)(request)


def test_a_page_is_compressed_for_a_browser_that_accepts_gzip_and_decompresses_to_itself():
    response = respond(HttpResponse(PAGE), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    assert response["Vary"] == "Accept-Encoding"
    assert int(response["Content-Length"]) == len(response.content) < len(PAGE) / 10
    assert gzip.decompress(response.content) == PAGE


def test_a_page_is_sent_as_it_is_without_gzip_in_accept_encoding_or_when_short():
    plain = respond(HttpResponse(PAGE), HTTP_ACCEPT_ENCODING="br")
    assert plain.content == PAGE and not plain.has_header("Content-Encoding")
    assert plain["Vary"] == "Accept-Encoding"
    short = respond(HttpResponse(b"<p>Hi</p>"), HTTP_ACCEPT_ENCODING="gzip")
    assert short.content == b"<p>Hi</p>" and not short.has_header("Content-Encoding")


def test_a_strong_etag_is_made_weak_and_a_stream_of_events_is_never_compressed():
    page = HttpResponse(PAGE)
    page["ETag"] = '"abc"'
    assert respond(page, HTTP_ACCEPT_ENCODING="gzip")["ETag"] == 'W/"abc"'
    stream = StreamingHttpResponse(iter([b"data: 1\n\n"]), content_type="text/event-stream")
    assert not respond(stream, HTTP_ACCEPT_ENCODING="gzip").has_header("Content-Encoding")
