"""Korean, Polish and Russian: the pages speak the user's language, and the catalogs are complete.

The catalogs live in locale/<lang>/LC_MESSAGES/django.po with the compiled .mo beside
them (committed, so a checkout needs no gettext). `make messages` extracts new strings
and compiles; these tests fail when a string is left untranslated or fuzzy, when a
placeholder is lost, or when a .mo no longer matches its .po.
"""

import gettext
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from journeys.services import journey_create

LANGUAGES = ("ko", "pl", "ru")
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"

# What each page must show, by language (msgid in the comment).
LOGIN_WORDS = {
    "ko": ["로그인"],  # Log in
    "pl": ["Zaloguj"],
    "ru": ["Войти"],
}
DASHBOARD_WORDS = {
    "ko": [
        "고객 여정 지도",
        "새 워크스페이스",
        "로그아웃",
        "단계 5개",
        "접점 1개",
    ],  # Journey maps, New workspace, Log out, plurals
    "pl": ["Mapy ścieżki klienta", "Nowa przestrzeń robocza", "Wyloguj się", "5 etapów", "1 punkt styku"],
    "ru": ["Карты пути клиента", "Новое рабочее пространство", "Выйти", "5 этапов", "1 точка контакта"],
}
BOARD_WORDS = {
    # The cards (cached per language), the lanes, the hidden control labels, the filters;
    # "5 ... / 4 ..." are the guiding-question plurals.
    "ko": [
        'aria-label="감정: 긍정적;',
        "감정 곡선",
        "접점 추가",
        "페인 포인트",
        "모든 채널",
        "가이드 질문 5개",
        "가이드 질문 4개",
        "다음 단계로 이동",
    ],
    "pl": [
        'aria-label="Emocja: Pozytywna;',
        "Krzywa emocji",
        "Dodaj punkt styku",
        "Problemy",
        "Wszystkie kanały",
        "5 pytań pomocniczych",
        "4 pytania pomocnicze",
        "Przenieś do następnego etapu",
    ],
    "ru": [
        'aria-label="Эмоция: Позитивная;',
        "Кривая эмоций",
        "Добавить точку контакта",
        "Болевые точки",
        "Все каналы",
        "5 ключевых вопросов",
        "4 ключевых вопроса",
        "Переместить на следующий этап",
    ],
}
# A map created in a language gets its stage names (and questions) in that language.
TEMPLATE_STAGES = {
    "ko": ("default", ["인지", "고려", "구매", "구매 후", "충성도"]),
    "pl": ("alternatives", ["Odkrycie", "Ocena alternatyw", "Zakup", "Obsługa posprzedażowa", "Lojalność"]),
    "ru": ("engagement", ["Осведомлённость", "Вовлечение", "Рассмотрение", "Покупка", "После покупки"]),
}
FIRST_QUESTION = {
    "ko": "구매자는 자신의 목표나 과제를 어떻게 설명하나요?",
    "pl": "Jak kupujący opisują swoje cele lub wyzwania?",
    "ru": "Как покупатели описывают свои цели или трудности?",
}


@pytest.fixture(autouse=True)
def english_outside_requests():
    """A request leaves its language active in the thread: fixtures (such as the default
    channels, named in the active language) and later tests must start in English."""
    translation.deactivate()
    yield
    translation.deactivate()


def _page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    return html


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_page_follows_the_browser_language(client, db, language):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5")
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for word in LOGIN_WORDS[language]:
        assert word in html
    assert "Sign In" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_dashboard_is_translated(team, journey, touchpoint, client_for, language):
    html = _page(client_for(team.owner), reverse("journeys:dashboard"), language)
    for word in DASHBOARD_WORDS[language]:
        assert word in html
    assert "Journey maps" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_board_cards_and_columns_are_translated(team, journey, touchpoint, client_for, language):
    html = _page(client_for(team.owner), reverse("boards:board", args=[journey.pk]), language)
    for word in BOARD_WORDS[language]:
        assert word in html
    assert "Emotion: Positive" not in html
    assert "Add touchpoint" not in html


def test_board_cards_switch_language_with_the_user(team, journey, touchpoint, client_for):
    """Rendered cards are cached by language: Korean after Russian shows Korean cards."""
    client = client_for(team.owner)
    url = reverse("boards:board", args=[journey.pk])
    assert 'aria-label="Эмоция: Позитивная;' in _page(client, url, "ru")
    korean = _page(client, url, "ko")
    assert 'aria-label="감정: 긍정적;' in korean
    assert "Эмоция" not in korean


@pytest.mark.parametrize("language", LANGUAGES)
def test_map_created_in_a_language_gets_its_stage_template_in_that_language(team, client_for, language):
    template, names = TEMPLATE_STAGES[language]
    with translation.override(language):
        journey = journey_create(workspace=team.workspace, title="Map", template=template, created_by=team.owner)
    stages = list(journey.stages.order_by("position"))
    assert [stage.name for stage in stages] == names
    assert stages[0].guiding_question_list[0] == FIRST_QUESTION[language]
    html = _page(client_for(team.viewer), reverse("boards:board", args=[journey.pk]), language)
    for name in names:
        assert f">{name}</h2>" in html
    assert FIRST_QUESTION[language] in html


# --- The catalogs ---------------------------------------------------------------------

_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
# Placeholders (%(name)s, %s, {{ name }}) and HTML tags must come through unchanged.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{\{ ?[a-z_.]+ ?\}\}|<[^>]+>")


def _unquote(line: str) -> str:
    body = _STRING.search(line).group(1)
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body)


def parse_po(path: Path) -> list[dict]:
    """A small .po reader: one dict per entry with msgctxt, msgid, msgid_plural, msgstr list, flags."""
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {
                "msgctxt": None,
                "msgid": "",
                "msgid_plural": None,
                "msgstr": {},
                "flags": set(),
                "obsolete": False,
            }
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += _unquote(line)
            else:
                entry[field[0]] += _unquote(line)
        else:
            keyword = line.split(None, 1)[0]
            match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
            if match or keyword == "msgstr":
                field = ("msgstr", int(match.group(1)) if match else 0)
                entry["msgstr"][field[1]] = _unquote(line)
            else:
                field = (keyword, None)
                entry[keyword] = _unquote(line)
    return [entry for entry in entries if not entry["obsolete"]]


def _po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def _messages(language: str) -> list[dict]:
    return [entry for entry in parse_po(_po_path(language)) if entry["msgid"]]


def _header(language: str) -> dict:
    header = next(entry for entry in parse_po(_po_path(language)) if entry["msgid"] == "")
    return dict(line.split(": ", 1) for line in header["msgstr"][0].splitlines() if ": " in line)


def _untranslated_or_fuzzy(entries: list[dict]) -> list[str]:
    return [
        entry["msgid"]
        for entry in entries
        if entry["msgid"] and ("fuzzy" in entry["flags"] or not all(entry["msgstr"].values()))
    ]


NPLURALS = {"ko": 1, "pl": 3, "ru": 3}


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_untranslated_or_fuzzy_entries(language):
    entries = _messages(language)
    assert len(entries) > 300
    assert _untranslated_or_fuzzy(entries) == []
    assert "fuzzy" not in next(e for e in parse_po(_po_path(language)) if e["msgid"] == "")["flags"]
    for entry in entries:
        if entry["msgid_plural"] is not None:
            assert sorted(entry["msgstr"]) == list(range(NPLURALS[language])), entry["msgid"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder_and_tag(language):
    for entry in _messages(language):
        source = entry["msgid_plural"] if entry["msgid_plural"] is not None else entry["msgid"]
        expected = sorted(PLACEHOLDER.findall(source))
        for translated in entry["msgstr"].values():
            assert sorted(PLACEHOLDER.findall(translated)) == expected, (entry["msgid"], translated)


@pytest.mark.parametrize(
    ("language", "counts"),
    [
        ("ko", {1: 0, 2: 0, 5: 0}),
        ("pl", {1: 0, 2: 1, 4: 1, 5: 2, 12: 2, 22: 1, 25: 2, 101: 2}),
        ("ru", {1: 0, 2: 1, 5: 2, 11: 2, 12: 2, 21: 0, 22: 1, 25: 2, 101: 0}),
    ],
)
def test_plural_forms_header_matches_the_language(language, counts):
    header = _header(language)
    assert header["Language"] == language
    assert header["Plural-Forms"].startswith(f"nplurals={NPLURALS[language]};")
    compiled = gettext.c2py(header["Plural-Forms"].split("plural=", 1)[1].rstrip(";"))
    assert {count: compiled(count) for count in counts} == counts


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_the_po_file(language):
    """The committed .mo holds exactly the .po's translations (run `make messages` if not)."""
    with open(_po_path(language).with_suffix(".mo"), "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    expected = {}
    for entry in _messages(language):
        key = entry["msgid"] if entry["msgctxt"] is None else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if entry["msgid_plural"] is None:
            expected[key] = entry["msgstr"][0]
        else:
            for index, text in entry["msgstr"].items():
                expected[(key, index)] = text
    actual = {key: value for key, value in compiled._catalog.items() if key != ""}
    assert actual == expected
    assert compiled.info()["plural-forms"] == _header(language)["Plural-Forms"]


# What makemessages skips besides the Makefile's --ignore list (and what need not be copied).
NOT_SOURCE = (
    ".git",
    ".venv",
    "staticfiles",
    "var",
    "media",
    "node_modules",
    "locale",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "test-results",
    "*.sqlite3*",
    "*.egg-info",
)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs gettext (apt install gettext)")
def test_every_marked_string_in_the_code_has_a_translation(tmp_path, settings, monkeypatch):
    """Extract the strings afresh, in a copy of the project and its catalogs: anything new
    must already be translated.

    When this fails, run `make messages`, translate the new entries in
    locale/*/LC_MESSAGES/django.po, and run `make messages` again to compile.
    """
    # makemessages writes into every `locale` directory under the working directory, so it
    # runs in a copy: the real catalogs are never touched by the test.
    project = tmp_path / "project"
    shutil.copytree(settings.BASE_DIR, project, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    shutil.copytree(LOCALE_DIR, project / "locale")
    settings.LOCALE_PATHS = [project / "locale"]
    monkeypatch.chdir(project)
    call_command(
        "makemessages", locale=list(LANGUAGES), no_obsolete=True, ignore_patterns=[".venv", "staticfiles"], verbosity=0
    )
    for language in LANGUAGES:
        entries = [e for e in parse_po(project / "locale" / language / "LC_MESSAGES" / "django.po") if e["msgid"]]
        assert _untranslated_or_fuzzy(entries) == [], f"{language}: new or changed strings need a translation"
