"""JSON: the map document itself, versioned (docs/export-format.md); imports back losslessly."""

import json


def render(document: dict, *, progress=None) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
