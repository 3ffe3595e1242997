"""CSV: one row per touchpoint, UTF-8 with a byte-order mark so spreadsheets read Korean and Cyrillic.
After the card's own columns come how it performs (rows.SUMMARY_COLUMNS), which the importer skips.

Text cells that a spreadsheet would run as a formula (starting with = + - @ or a
tab) are written with a leading apostrophe; the CSV importer removes it again.
"""

import csv
import io

from .rows import COLUMNS, SUMMARY_COLUMNS, card_summaries, touchpoint_rows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = (*COLUMNS, *SUMMARY_COLUMNS)
NUMBER_COLUMNS = ("position", "emotion", "card_metric_value", "evidence_count")
TEXT_COLUMNS = frozenset(index for index, name in enumerate(HEADER) if name not in NUMBER_COLUMNS)


def defuse(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def undefuse(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def render(document: dict, *, progress=None) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    # Both in board order: a card's summary beside its own columns.
    summaries = card_summaries(document).values()
    for row, summary in zip(touchpoint_rows(document), summaries, strict=True):
        writer.writerow(
            [
                defuse(value) if index in TEXT_COLUMNS and isinstance(value, str) else value
                for index, value in enumerate((*row, *summary))
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
