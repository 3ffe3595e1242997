"""CSV: one row per touchpoint, UTF-8 with a byte-order mark so spreadsheets read Korean and Cyrillic.

Text cells that a spreadsheet would run as a formula (starting with = + - @ or a
tab) are written with a leading apostrophe; the CSV importer removes it again.
"""

import csv
import io

from .rows import COLUMNS, touchpoint_rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = frozenset(range(len(COLUMNS))) - {COLUMNS.index("position"), COLUMNS.index("emotion")}


def defuse(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def undefuse(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def render(document: dict, *, progress=None) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in touchpoint_rows(document):
        writer.writerow(
            [
                defuse(value) if index in TEXT_COLUMNS and isinstance(value, str) else value
                for index, value in enumerate(row)
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
