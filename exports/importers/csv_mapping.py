"""What every CSV import with a column-mapping step shares: reading the file (UTF-8, the delimiter
sniffed, formula-escaped cells undone), its header and first rows, guessing which column holds what
from header names in our users' languages, and reading dates, numbers and names as people type them.
Files are bounded: MAX_COLUMNS columns, MAX_ROWS rows, MAX_CELL characters a cell."""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..formats.csv_format import undefuse
from .common import ImportInvalid, Problems, decode_text

MAX_ROWS = 50_000
MAX_COLUMNS = 60
MAX_CELL = 2_000
SAMPLE_ROWS = 10
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%Y.%m.%d", "%Y-%m", "%Y/%m", "%m/%Y", "%m.%Y")


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]  # the first SAMPLE_ROWS rows


def decode(raw: bytes) -> str:
    return decode_text(raw)


def reader_of(text: str):
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)


def header_of(reader) -> list[str]:
    try:
        header = [undefuse(name).strip() for name in next(reader)]
    except StopIteration:
        raise ImportInvalid([{"row": 1, "field": "file", "message": _("The file is empty.")}]) from None
    except csv.Error as error:
        raise ImportInvalid([{"row": 1, "field": "file", "message": str(error)}]) from None
    if len(header) > MAX_COLUMNS:
        raise ImportInvalid(
            [
                {
                    "row": 1,
                    "field": "file",
                    "message": _("The file has more than %(max)d columns.") % {"max": MAX_COLUMNS},
                }
            ]
        )
    if any(len(name) > MAX_CELL for name in header):
        raise ImportInvalid([{"row": 1, "field": "file", "message": _("A column name is too long.")}])
    return [name or _("Column %(number)d") % {"number": index + 1} for index, name in enumerate(header)]


def sample(raw: bytes) -> Table:
    """The header and the first rows, for the mapping step (reads no more of the file than that)."""
    reader = reader_of(decode(raw[: 256 * 1024]))
    header = header_of(reader)
    rows = []
    try:
        for values in reader:
            if any(value.strip() for value in values):
                rows.append([undefuse(value)[:200] for value in values[: len(header)]])
            if len(rows) >= SAMPLE_ROWS:
                break
    except csv.Error:
        pass
    return Table(header=header, rows=rows)


def guess_columns(header: list[str], guesses: dict[str, tuple[str, ...]]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        lowered = name.strip().lower()
        for role, words in guesses.items():
            if role not in columns and any(lowered == word or lowered.startswith(word) for word in words):
                columns[role] = index
                break
    return columns


def parse_date(text: str) -> datetime.date | None:
    text = text.strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


NUMBER_NOISE = re.compile(r"zł|원|руб\.?|[\s\u00a0\u202f%]|[A-Za-z$€£₩¥₽]")


def parse_number(text: str) -> Decimal | None:
    """31.5, 31,5, 1 234,5, 1,234.5, 45%, $1,200, 12 000 zł: the number people typed."""
    text = NUMBER_NOISE.sub("", text.strip()).replace("−", "-")
    if not text or len(text) > 40:
        return None
    if "," in text and "." in text:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in text:
        whole, _sep, fraction = text.rpartition(",")
        text = (
            text.replace(",", "") if len(fraction) == 3 and text.count(",") >= 1 and whole else text.replace(",", ".")
        )
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def by_name(queryset, attribute: str) -> dict:
    """Objects by their name, compared without case; a name two objects share names neither."""
    found: dict = {}
    for obj in queryset:
        key = getattr(obj, attribute).strip().casefold()
        found[key] = None if key in found else obj
    return found


def cells_of(values: list[str], columns: dict[str, int]) -> dict[str, str]:
    """A row's mapped cells by role: formula escapes undone, spaces trimmed, "" past the row's end."""
    return {role: undefuse(values[index]).strip() if index < len(values) else "" for role, index in columns.items()}


@dataclass
class PreviewRow:
    line: int
    cells: list[str]
    item: dict | None  # the row as it will be written, or None when it has problems
    problems: list[dict]


def preview_rows(table: Table, read_row) -> list[PreviewRow]:
    """The sample's rows as `read_row(problems, line, values)` reads them, each with its problems."""
    rows = []
    for line, values in enumerate(table.rows, start=2):
        problems = Problems()
        item = read_row(problems, line, values)
        rows.append(PreviewRow(line=line, cells=values, item=item, problems=problems.items))
    return rows
