"""Every user-facing string is translatable, and both catalogues translate every one."""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "platskraft"
TEMPLATES = sorted(p for p in PACKAGE.rglob("templates/**/*") if p.suffix in {".html", ".txt"})
# Words that are names, not language: they read the same in every language.
NOT_LANGUAGE = {"Platskraft"}
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
LETTERS = re.compile(r"[A-Za-zÅÄÖåäöÉé]{2,}")


class _TextCollector(HTMLParser):
    """Collects text a person sees: text nodes and the visible attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def untranslated_text(source: str, *, html: bool) -> list[str]:
    """Literal words in a template that are outside {% translate %} and {% blocktranslate %}."""
    pieces, depth_translate, depth_comment = [], 0, 0
    for token in Lexer(source).tokenize():
        if token.token_type is TokenType.BLOCK:
            word = token.contents.split()[0]
            if word in {"blocktranslate", "blocktrans"}:
                depth_translate += 1
            elif word in {"endblocktranslate", "endblocktrans"}:
                depth_translate -= 1
            elif word == "comment":
                depth_comment += 1
            elif word == "endcomment":
                depth_comment -= 1
            pieces.append(" ")
        elif token.token_type is TokenType.TEXT and not (depth_translate or depth_comment):
            pieces.append(token.contents)
        else:
            pieces.append(" ")
    text = "".join(pieces)
    if html:
        collector = _TextCollector()
        collector.feed(text)
        candidates = collector.found
    else:
        candidates = [text]
    words = []
    for candidate in candidates:
        for word in LETTERS.findall(candidate):
            if word not in NOT_LANGUAGE:
                words.append(word)
    return words


def test_the_template_checker_finds_literal_text():
    assert untranslated_text("<p>Hello {{ x }}</p>", html=True) == ["Hello"]
    assert untranslated_text('<img alt="Our view">', html=True) == ["Our", "view"]
    assert untranslated_text("{% blocktranslate %}Hello{% endblocktranslate %}", html=True) == []
    assert (
        untranslated_text('<p>{% translate "Hello" %}</p><script>var a;</script>', html=True) == []
    )


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_templates_have_no_untranslated_text(path):
    words = untranslated_text(path.read_text(encoding="utf-8"), html=path.suffix == ".html")
    assert words == [], f"{path.relative_to(ROOT)} shows text outside translate tags: {words}"


@pytest.mark.django_db
def test_catalogues_are_current_and_complete(tmp_path, settings, monkeypatch):
    """Extract every message from the sources and demand a translation in sv and en."""
    if not shutil.which("xgettext") or not shutil.which("msgmerge"):
        pytest.fail("GNU gettext (xgettext, msgmerge) is needed: apt-get install gettext")
    for language in ("sv", "en"):
        target = tmp_path / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(PACKAGE / "locale" / language / "LC_MESSAGES" / "django.po", target)
    settings.LOCALE_PATHS = [tmp_path]
    monkeypatch.chdir(ROOT)
    call_command(
        "makemessages",
        locale=["sv", "en"],
        no_obsolete=True,
        no_location=True,
        verbosity=0,
        ignore_patterns=[
            "node_modules/*",
            "var/*",
            "tests/*",
            "*/tests/*",
            "bench/*",
            "platskraft/locale",
            ".venv/*",
        ],
    )
    problems = []
    for language in ("sv", "en"):
        catalogue = polib.pofile(str(tmp_path / language / "LC_MESSAGES" / "django.po"))
        assert len(catalogue) > 100
        for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
            problems.append(f"{language}: {entry.msgid!r}")
    assert problems == [], (
        "Untranslated or out-of-date messages (run `make messages` and translate):\n"
        + "\n".join(problems[:50])
    )


@pytest.mark.django_db
def test_pages_start_in_swedish_whatever_the_browser_says(client):
    page = client.get("/about/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="sv">' in page.content.decode()
    client.cookies["platskraft_language"] = "en"
    assert '<html lang="en">' in client.get("/about/").content.decode()
