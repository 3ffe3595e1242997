from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("not built yet", status=501)
persona_list = _todo
persona_create = _todo
persona_detail = _todo
persona_edit = _todo
persona_delete = _todo
