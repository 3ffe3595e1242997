from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("not built yet", status=501)
touchpoint_create = _todo
touchpoint_detail = _todo
touchpoint_edit = _todo
touchpoint_delete = _todo
touchpoint_move = _todo
