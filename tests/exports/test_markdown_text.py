"""Strategy bodies as the PDF draws them: Markdown flattened to lines of plain text."""

from exports.formats.markdown_text import Line, markdown_lines


def test_emphasis_and_links_read_as_plain_words():
    assert markdown_lines("Piszemy **prosto** i _ciepło_, zob. [szablony](https://example.org/s).") == [
        Line("Piszemy prosto i ciepło, zob. szablony (https://example.org/s).")
    ]


def test_a_link_written_as_its_address_is_not_repeated():
    assert markdown_lines("<https://example.org>") == [Line("https://example.org")]


def test_headings_are_bold_lines_and_paragraphs_stay_apart():
    assert markdown_lines("## 목표\nКаждый продавец.\n\nВторой абзац.") == [
        Line("목표", bold=True),
        Line("Каждый продавец."),
        Line("Второй абзац."),
    ]


def test_list_items_get_their_bullet_or_number_and_an_indent_per_level():
    body = "- Czat\n    1. w godzinę\n    2. w nocy też\n- E-mail\n\n3. trzeci\n4. czwarty"
    assert markdown_lines(body) == [
        Line("• Czat"),
        Line("1. w godzinę", level=1),
        Line("2. w nocy też", level=1),
        Line("• E-mail"),
        Line("3. trzeci"),
        Line("4. czwarty"),
    ]


def test_code_blocks_keep_their_lines_and_spaces():
    assert markdown_lines("```\nkod  z  odstępami\nlinia 2\n```") == [Line("kod  z  odstępami"), Line("linia 2")]


def test_quotes_tables_and_rules_stay_readable():
    body = "> Cytat klienta\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n---\n\nKoniec"
    assert markdown_lines(body) == [
        Line("> Cytat klienta"),
        Line("A | B"),
        Line("1 | 2"),
        Line("———"),
        Line("Koniec"),
    ]


def test_markup_that_is_not_allowed_leaves_only_its_text():
    lines = markdown_lines('<script>alert(1)</script><img src="x" onerror="y" alt="logo"> 카카오톡')
    assert [line.text for line in lines] == ["[logo] 카카오톡"]
    assert markdown_lines("") == []
