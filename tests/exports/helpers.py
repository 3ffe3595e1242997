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
    }
