from asgiref.sync import iscoroutinefunction
from django.utils.decorators import sync_and_async_middleware

from .events import current_request


@sync_and_async_middleware
def live_request_middleware(get_response):
    """Remember the request while it is served, so a board event published by a
    service knows which browser tab and which user it came from."""
    if iscoroutinefunction(get_response):

        async def middleware(request):
            token = current_request.set(request)
            try:
                return await get_response(request)
            finally:
                current_request.reset(token)

    else:

        def middleware(request):
            token = current_request.set(request)
            try:
                return get_response(request)
            finally:
                current_request.reset(token)

    return middleware
