import copy
import subprocess
from io import BytesIO

import openpyxl


def pdf_text(data: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it."""
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def xlsx_rows(data: bytes, sheet_index: int) -> list[tuple]:
    workbook = openpyxl.load_workbook(BytesIO(data), read_only=True)
    return list(workbook.worksheets[sheet_index].iter_rows(values_only=True))


def without_export_ids(document: dict) -> dict:
    """The document less what belongs to the export itself, not to the map: the time it was written
    and the touchpoints' refs (made of their ids). A map's copy in the same workspace shares the rest,
    persona refs included (its personas are the same rows)."""
    document = copy.deepcopy(document)
    del document["exported_at"]
    for stage in document["stages"]:
        for touchpoint in stage["touchpoints"]:
            del touchpoint["ref"]
    return document


def comparable(document: dict) -> dict:
    """A map document without what differs between two copies of the same map (refs, export time)."""
    refs = {persona["ref"]: persona["name"] for persona in document["personas"]}
    return {
        "journey": document["journey"],
        "channels": sorted(channel["name"] for channel in document["channels"]),
        "personas": sorted(
            ({k: v for k, v in persona.items() if k != "ref"} for persona in document["personas"]),
            key=lambda persona: persona["name"],
        ),
        "stages": [
            {
                **{k: v for k, v in stage.items() if k != "touchpoints"},
                "touchpoints": [
                    {
                        **{k: v for k, v in touchpoint.items() if k not in {"ref", "personas"}},
                        "personas": sorted(refs[ref] for ref in touchpoint["personas"]),
                    }
                    for touchpoint in stage["touchpoints"]
                ],
            }
            for stage in document["stages"]
        ],
        "lanes": document.get("lanes"),
        "strategies": [
            {**strategy, "persona": refs.get(strategy["persona"])} for strategy in document.get("strategies", [])
        ],
    }
