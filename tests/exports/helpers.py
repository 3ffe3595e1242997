import copy
import re
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


def pdf_page_text(data: bytes, page: int) -> str:
    """The text of one page (from 1) of a PDF, as pdftotext reads it."""
    command = ["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), "-", "-"]
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode("utf-8")


def pdf_page_sizes(data: bytes) -> list[str]:
    """Each page's paper as poppler's pdfinfo names it ("A3", "A4"...), with its orientation: "A3 landscape"."""
    result = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", "-"], input=data, capture_output=True, check=True)
    sizes = []
    for line in result.stdout.decode().splitlines():
        match = re.match(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts(?: \((\w+)\))?", line)
        if match:
            width, height, name = float(match[1]), float(match[2]), match[3] or "?"
            sizes.append(f"{name} {'landscape' if width > height else 'portrait'}")
    return sizes


SVG = "{http://www.w3.org/2000/svg}"


def svg_root(data: bytes):
    """An SVG export parsed as XML (the app's own output, parsed by the standard library as the task asks)."""
    import xml.etree.ElementTree as ET

    return ET.fromstring(data)  # noqa: S314 - a file the test just made


def svg_texts(root) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]
