from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("not built yet", status=501)
channel_list = _todo
channel_create = _todo
channel_edit = _todo
channel_delete = _todo
