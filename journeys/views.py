from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse("not built yet", status=501)
dashboard = _todo
journey_create = _todo
board = _todo
journey_edit = _todo
journey_delete = _todo
emotion_curve = _todo
stage_create = _todo
stage_detail = _todo
stage_edit = _todo
stage_delete = _todo
stage_move = _todo
