"""generator.i18n: the catalogs hold every word the templates and the sources mark, Arabic pages read
in Arabic (plural forms, month names), and the `digits` option."""

from __future__ import annotations

import os
import pickle
import re
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from generator.build import Settings, build_site
from generator.i18n import ENGLISH, Localizer, catalog_languages, catalog_path, install_words, native_system, translations
from generator.resources import LOCALES
from generator.site import Publisher, Site
from sitebuild import FIXTURES, REPO, build_or_fail

# The folders `make messages` does not search (the Makefile's MESSAGES_SKIPPED), left out here too.
SKIPPED = set(re.search(r"^MESSAGES_SKIPPED := (.*)$", (REPO / "Makefile").read_text(encoding="utf-8"), re.M).group(1).split())
TRANSLATED = {"ar"}  # every word of these catalogs must be translated (English's are the words as written)
COMMENT_TAGS = ("Translators:",)


def marked_messages() -> dict[str | tuple[str, str], str]:
    """Every word marked in the templates and the Python sources, as babel.cfg tells `make messages`
    to find them: msgid (a pair for plural forms) -> where it is first used."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    found: dict[str | tuple[str, str], str] = {}
    def searched(folder: str) -> bool:
        name = Path(folder).name
        return not (name.startswith((".", "_")) or name in SKIPPED)

    for filename, line, message, _, _ in extract_from_dir(str(REPO), method_map, options_map, DEFAULT_KEYWORDS,
                                                            COMMENT_TAGS, strip_comment_tags=True,
                                                            directory_filter=searched):
        found.setdefault(message, f"{filename}:{line}")
    return found


def catalog_gaps(marked: dict, catalog: Catalog, *, translated: bool) -> list[str]:
    """What is wrong with a catalog: a marked word it lacks (or has only as obsolete or fuzzy), a
    word left untranslated where every word must be, a translation whose placeholders differ from
    the word's, and a word it holds that nothing marks any more."""
    gaps = []
    for message, where in marked.items():
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(msgid)
        if entry is None or entry.fuzzy:
            gaps.append(f"missing: {msgid!r} ({where}); run make messages")
        elif translated and (not all(entry.string) if isinstance(entry.string, tuple) else not entry.string):
            gaps.append(f"untranslated: {msgid!r} ({where})")
    for entry, errors in catalog.check():
        gaps += [f"placeholders: {entry.id!r}: {error}" for error in errors]
    ids = {message[0] if isinstance(message, tuple) else message for message in marked}
    gaps += [f"unused: {entry.id!r}; run make messages" for entry in catalog if entry.id and
             (entry.id[0] if isinstance(entry.id, tuple) else entry.id) not in ids]
    return gaps


def read_catalog(language: str, locales: Path = LOCALES) -> Catalog:
    with catalog_path(language, locales).open("rb") as po:
        return read_po(po, locale=language)


# The tests given `marked` read the sources as text: marked source_text, as `make mutation` rewrites the
# sources with every mutant of every marked word.
@pytest.fixture(scope="module")
def marked() -> dict:
    return marked_messages()


# --- the catalogs --------------------------------------------------------------------------------


@pytest.mark.source_text
def test_the_templates_and_sources_mark_words_for_translation(marked: dict) -> None:
    where = "\n".join(marked.values())
    assert "Our verdict:" in marked and "Claimed by" in marked and "Evidence" in marked
    assert ("%(n)s claim checked", "%(n)s claims checked") in marked
    for place in ("site_templates/claim.html.j2", "site_templates/overrides/404.html", "generator/feeds.py",
                  "generator/sharing.py", "generator/pages.py"):
        assert place in where


def test_there_are_english_and_arabic_catalogs() -> None:
    assert {"ar", "en"} <= set(catalog_languages())


@pytest.mark.source_text
@pytest.mark.parametrize("language", catalog_languages())
def test_each_catalog_holds_every_marked_word(marked: dict, language: str) -> None:
    assert catalog_gaps(marked, read_catalog(language), translated=language in TRANSLATED) == []


def test_the_arabic_catalog_has_six_plural_forms() -> None:
    catalog = read_catalog("ar")
    assert catalog.num_plurals == 6
    plural = catalog.get("%(n)s claim checked")
    assert len(plural.string) == 6 and len(set(plural.string)) == 6


@pytest.mark.source_text
def test_a_word_missing_from_a_catalog_is_found(marked: dict, tmp_path: Path) -> None:
    catalog = read_catalog("ar")
    catalog.delete("Our verdict:")
    locales = tmp_path / "locales"
    catalog_path("ar", locales).parent.mkdir(parents=True)
    with catalog_path("ar", locales).open("wb") as po:
        write_po(po, catalog)
    gaps = catalog_gaps(marked, read_catalog("ar", locales), translated=True)
    assert len(gaps) == 1 and gaps[0].startswith("missing: 'Our verdict:' (site_templates/")


@pytest.mark.source_text
def test_a_word_left_untranslated_is_found(marked: dict) -> None:
    catalog = read_catalog("ar")
    catalog.get("Evidence").string = ""
    catalog.get("%(n)s claim checked").string = ("", *catalog.get("%(n)s claim checked").string[1:])
    gaps = catalog_gaps(marked, catalog, translated=True)
    assert [gap.split(" (")[0] for gap in gaps] == ["untranslated: '%(n)s claim checked'", "untranslated: 'Evidence'"]


@pytest.mark.source_text
def test_a_translation_with_other_placeholders_is_found(marked: dict) -> None:
    catalog = read_catalog("ar")
    catalog.get("on %(date)s").string = "في %(day)s"
    assert [gap.split(":")[0] for gap in catalog_gaps(marked, catalog, translated=True)] == ["placeholders"]


@pytest.mark.source_text
def test_a_word_nothing_marks_any_more_is_found(marked: dict) -> None:
    catalog = read_catalog("ar")
    catalog.add("A word no template uses", "كلمة")
    assert catalog_gaps(marked, catalog, translated=True) == ["unused: 'A word no template uses'; run make messages"]


# --- words, dates and numbers --------------------------------------------------------------------


def test_english_is_written_as_before() -> None:
    assert ENGLISH.long_date(date(2016, 9, 17)) == "17 September 2016"
    assert ENGLISH.long_date(date(2025, 1, 5)) == "5 January 2025"
    assert ENGLISH.gettext("Our verdict:") == "Our verdict:"
    assert ENGLISH.number(1234) == "1,234"
    assert [ENGLISH.ngettext("%(n)s claim checked", "%(n)s claims checked", n) for n in (0, 1, 2)] == [
        "0 claims checked", "1 claim checked", "2 claims checked"]


def test_arabic_words_and_month_names() -> None:
    arabic = Localizer("ar")
    assert arabic.gettext("Our verdict:") == "حكمنا:"
    assert arabic.gettext("Claimed by") == "صاحب الادعاء"
    assert arabic.gettext("Evidence") == "الأدلة"
    assert arabic.long_date(date(2016, 9, 17)) == "17 سبتمبر 2016"
    assert arabic.gettext("Fact-check: %(claim)s", claim="100% sure") == "تدقيق: 100% sure"


def test_arabic_plural_forms() -> None:
    arabic = Localizer("ar")
    forms = {n: arabic.ngettext("%(n)s claim checked", "%(n)s claims checked", n) for n in (0, 1, 2, 3, 11, 100)}
    assert forms == {0: "لم نتحقق من أي ادعاء", 1: "تحققنا من ادعاء واحد", 2: "تحققنا من ادعاءين",
                     3: "تحققنا من 3 ادعاءات", 11: "تحققنا من 11 ادعاءً", 100: "تحققنا من 100 ادعاء"}
    # The form follows the number's last two digits; a number is written as the language groups it.
    assert arabic.ngettext("%(n)s claim", "%(n)s claims", 1234) == "1,234 ادعاءً"
    assert arabic.ngettext("%(n)s claim", "%(n)s claims", 1200) == "1,200 ادعاء"


def test_native_digits_are_the_languages_own() -> None:
    native = Localizer("ar", "native")
    assert native.long_date(date(2016, 9, 17)) == "١٧ سبتمبر ٢٠١٦"
    assert native.number(1234) == "١٬٢٣٤"
    assert native.ngettext("%(n)s claim checked", "%(n)s claims checked", 11) == "تحققنا من ١١ ادعاءً"
    assert native.with_digits("2016-09-17") == "٢٠١٦-٠٩-١٧"
    assert Localizer("fa", "native").with_digits("2016") == "۲۰۱۶"
    assert Localizer("en", "native").number(1234) == "1,234"  # English's own digits are 0-9


def test_a_language_without_a_catalog_keeps_the_english_words_and_gets_its_dates() -> None:
    french = Localizer("fr")
    assert french.gettext("Our verdict:") == "Our verdict:"
    assert french.long_date(date(2016, 9, 17)) == "17 septembre 2016"
    assert Localizer("de").long_date(date(2016, 9, 17)) == "17. September 2016"
    assert Localizer("ar-EG").gettext("Evidence") == "الأدلة"  # a region's tag uses its language's catalog
    assert Localizer("not-a-language").long_date(date(2016, 9, 17)) == "17 September 2016"


def test_catalogs_are_read_once_and_again_when_changed(tmp_path: Path) -> None:
    assert translations("ar") is translations("ar")
    locales = tmp_path / "locales"
    catalog = read_catalog("ar")
    catalog_path("ar", locales).parent.mkdir(parents=True)
    with catalog_path("ar", locales).open("wb") as po:
        write_po(po, catalog)
    assert translations("ar", locales).gettext("Evidence") == "الأدلة"
    catalog.get("Evidence").string = "البيّنات"
    with catalog_path("ar", locales).open("wb") as po:  # a translator's save, during a preview
        write_po(po, catalog)
    os.utime(catalog_path("ar", locales), ns=(1, 1))
    assert translations("ar", locales).gettext("Evidence") == "البيّنات"


def test_the_themes_templates_get_the_words() -> None:
    environment = jinja2.Environment()  # as MkDocs makes its theme's
    install_words(environment, Localizer("ar"))
    install_words(environment, Localizer("ar"))  # a rebuild of `mkdocs serve` installs them again
    page = environment.from_string("{{ _('Page not found') }} · {{ _('%(site)s: latest fact-checks', site=name) }}")
    assert page.render(name="Desk") == "الصفحة غير موجودة · Desk: أحدث التدقيقات"


# --- Arabic pages --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def arabic_pages() -> dict[str, str]:
    site = Site(publisher=Publisher("Test Fact Desk"), site_url="https://facts.example.org/ar/", language="ar",
                share_cards=False)
    build = build_site(FIXTURES / "minimal", site, Settings(jobs=1))
    assert not build.problems.errors
    return {file.path: file.text for file in build.files if file.path.endswith((".md", ".xml"))}


def test_an_arabic_claim_page(arabic_pages: dict[str, str]) -> None:
    page = arabic_pages["claims/toll-62-killed.md"]
    assert '<p class="fc-verdict"><span class="fc-verdict__label">حكمنا:</span> <span class="fc-badge' in page
    assert '<p class="fc-meta"><strong>صاحب الادعاء</strong> ' in page
    assert "في 17 سبتمبر 2016 في <a" in page
    assert '<h2 id="evidence">الأدلة</h2>' in page
    assert '<h2 id="corrections-and-updates">التصحيحات والتحديثات</h2>' in page  # the feeds link this id
    assert 'title: "تدقيق: Four air strikes' in page
    for english in ("Our verdict", "Claimed by", "Evidence", "Corrections and updates", "In short", " on 17"):
        assert english not in page


def test_arabic_counts_take_their_plural_form(arabic_pages: dict[str, str]) -> None:
    assert "تحققنا من ادعاءين</p>" in arabic_pages["claimants/defence-ministry.md"]  # 2: the dual
    assert "تحققنا من ادعاء واحد</p>" in arabic_pages["claimants/jane-doe.md"]
    assert "<p>تحققنا من 3 ادعاءات. " in arabic_pages["claims/index.md"]
    assert "· 3 ادعاءات</small>" in arabic_pages["index.md"]


def test_arabic_feeds(arabic_pages: dict[str, str]) -> None:
    assert "<title>Test Fact Desk: التدقيقات</title>" in arabic_pages["feed.xml"]
    assert "<title>Test Fact Desk: التصحيحات والتحديثات</title>" in arabic_pages["corrections.xml"]
    assert "Test Fact Desk: تدقيقات ادعاءات Ministry of Defence" in arabic_pages["feed-claimant-defence-ministry.xml"]


def test_the_digits_option_reaches_the_pages() -> None:
    site = Site(publisher=Publisher("Test Fact Desk"), language="ar", digits="native", share_cards=False)
    build = build_site(FIXTURES / "minimal", site, Settings(jobs=1))
    claim = next(file.text for file in build.files if file.path == "claims/toll-62-killed.md")
    assert "في ١٧ سبتمبر ٢٠١٦ في <a" in claim
    table = next(file.text for file in build.files if file.path == "claims/index.md")
    assert "<td>٢٠١٦-٠٩-١٧</td>" in table and "<p>تحققنا من ٣ ادعاءات. " in table


def test_po_files_are_text_for_reviewers() -> None:
    text = catalog_path("ar").read_text(encoding="utf-8")
    assert 'msgid "Our verdict:"\nmsgstr "حكمنا:"' in text
    assert not list(LOCALES.rglob("*.mo"))  # compiled in memory when read, never kept


@pytest.mark.slow
def test_an_arabic_site_built_by_mkdocs(tmp_path: Path) -> None:
    """theme.language reaches the generated pages and the theme overrides' own words (404, feed links)."""
    site = build_or_fail(FIXTURES / "minimal", tmp_path / "site",
                         extra_config={"theme": {"language": "ar"}, "factcheck": {"share_cards": False}})
    claim = (site / "claims" / "toll-62-killed" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ar"' in claim and '<body dir="rtl"' in claim
    assert '<span class="fc-verdict__label">حكمنا:</span>' in claim
    assert 'title="Test Fact Desk: أحدث التدقيقات"' in claim
    lost = (site / "404.html").read_text(encoding="utf-8")
    assert "<h1>الصفحة غير موجودة</h1>" in lost and 'placeholder="اسم، مكان، رقم…"' in lost
    assert "Page not found" not in lost


@pytest.mark.parametrize("language, system", [("ar", "arab"), ("fa", "arabext"), ("en", "latn"), ("ja", "latn")])
def test_a_languages_own_digits_are_those_cldr_names_native(language: str, system: str) -> None:
    assert native_system(Locale.parse(language)) == system


@pytest.mark.parametrize("systems, symbols", [({}, {"latn": {}}), ({"native": "unknown"}, {"latn": {}})])
def test_without_native_digits_that_have_symbols_the_digits_are_western(systems: dict, symbols: dict) -> None:
    assert native_system(SimpleNamespace(other_numbering_systems=systems, number_symbols=symbols)) == "latn"


def test_a_localizer_sent_to_another_process_leaves_its_catalog_behind_and_reads_it_there() -> None:
    arabic = Localizer("ar")
    assert arabic.gettext("Evidence") != "Evidence"  # the catalog is read
    assert "_catalog" not in arabic.__getstate__() and arabic.__getstate__()["language"] == "ar"
    again = pickle.loads(pickle.dumps(arabic))
    assert again.gettext("Evidence") == arabic.gettext("Evidence")
