"""Language editions: the content as an edition shows it, and the links between the editions' pages."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from generator.content import load_valid_content
from generator.editions import (Edition, Editions, InLanguage, TranslatedEvidence, edition_roots, edition_view,
                                hand_written_pages, text_direction)
from generator.render import isolated_name, markdown_block, plain_block, plain_text

TRANSLATED = Path(__file__).parent / "fixtures" / "translated"


@pytest.fixture(scope="module")
def content():
    return load_valid_content(TRANSLATED)[0]


def test_an_edition_shows_only_the_translated_claims_and_reports_in_their_translation(content) -> None:
    view = edition_view(content, "ar")
    assert sorted(view.claims) == ["strike-was-halted", "toll-62-killed"]
    toll = view.claims["toll-62-killed"]
    assert toll.claim == "أربع غارات جوية قتلت 62 جنديًا وأصابت نحو 100 آخرين."
    assert toll.context == "قيل ذلك في إحاطة يوم الغارة."
    assert toll.verdict.summary == "لم تتأكد الحصيلة من مصدر مستقل قط."
    assert toll.verdict.analysis == "التحقيق **لم** يؤكد هذا العدد.\n"
    # What is not text stays the original's.
    original = content.claims["toll-62-killed"]
    assert (toll.date, toll.verdict.rating, toll.verdict.published, toll.tags) == (
        original.date, original.verdict.rating, original.verdict.published, original.tags)
    assert view.reports["briefing-review"].title == "مراجعة إحاطة الوزارة"
    assert view.reports["briefing-review"].claims == ["strike-was-halted", "toll-62-killed"]  # the report's order


def test_an_untranslated_analysis_is_left_out_never_shown_in_english(content) -> None:
    arabic = content.translations["ar"]
    toll = arabic.claims["toll-62-killed"]
    without = toll.model_copy(update={"verdict": toll.verdict.model_copy(update={"analysis": None})})
    content.translations["ar"] = dataclasses.replace(arabic, claims={**arabic.claims, "toll-62-killed": without})
    try:
        assert content.claims["toll-62-killed"].verdict.analysis  # the original has one
        assert edition_view(content, "ar").claims["toll-62-killed"].verdict.analysis is None
    finally:
        content.translations["ar"] = arabic


def test_evidence_is_translated_by_source_and_the_rest_kept_as_written_marked_english(content) -> None:
    evidence = edition_view(content, "ar").claims["toll-62-killed"].verdict.evidence
    translated, kept = evidence
    assert isinstance(translated, TranslatedEvidence) and translated.quote_is_translation
    assert translated.quote == "قُتل ما لا يقل عن 15 شخصًا و\"على الأرجح عشرات آخرون\"."
    assert kept.source == "briefing-2016-09-17" and kept.quote is None and not kept.quote_is_translation


def test_names_without_a_translation_are_the_originals_marked_as_english(content) -> None:
    view = edition_view(content, "ar")
    assert view.claimants["defence-ministry"].name == "وزارة الدفاع"
    jane = view.claimants["jane-doe"].name
    assert jane == "Jane Doe" and isinstance(jane, InLanguage) and jane.lang == "en"
    source = view.sources["investigation-2016-11-29"]
    assert source.title == 'تحقيق يكشف "أخطاء بشرية" وراء الغارة'
    assert isinstance(source.publisher, InLanguage) and source.publisher == "Example Times"
    assert view.sources["briefing-2016-09-17"].publisher == "وكالة الأنباء النموذجية"
    assert not isinstance(view.sources["briefing-2016-09-17"].publisher, InLanguage)
    assert isinstance(view.claims["toll-62-killed"].history[0].note, InLanguage)


def test_every_rating_gets_its_translated_label_and_keeps_its_value_and_colour(content) -> None:
    view = edition_view(content, "ar")
    assert [r.label for r in view.ratings.values()] == ["صحيح", "صحيح في معظمه", "مختلط", "خاطئ في معظمه", "خاطئ",
                                                        "غير مثبت"]
    assert [(r.id, r.value, r.color) for r in view.ratings.values()] == [
        (r.id, r.value, r.color) for r in content.ratings.values()]


def test_edit_links_of_translated_pages_open_the_translation(content) -> None:
    view = edition_view(content, "ar")
    assert view.path_of("claims", "toll-62-killed") == TRANSLATED / "translations/ar/claims/toll-62-killed.yaml"
    assert view.path_of("claimants", "jane-doe") == TRANSLATED / "claimants/jane-doe.yaml"
    assert ("claims", "no-civilians-nearby") not in view.paths


def test_the_view_of_published_content_is_published(content) -> None:
    view = edition_view(content, "ar")
    assert view.published().claims.keys() == view.claims.keys()


def test_text_kept_in_its_language_travels_to_other_processes_with_it() -> None:
    text = pickle.loads(pickle.dumps(InLanguage("Jane Doe", "en")))
    assert isinstance(text, InLanguage) and text.lang == "en" and text == "Jane Doe"


def test_pages_mark_text_in_another_language_and_isolate_names() -> None:
    english = InLanguage("Jane <Doe>", "en")
    assert isolated_name(english) == '<bdi lang="en">Jane &#60;Doe&#62;</bdi>'
    assert isolated_name("Jane <Doe>") == "<bdi>Jane &#60;Doe&#62;</bdi>"  # not the cached marked one
    assert plain_text(english) == '<span lang="en" dir="ltr">Jane &#60;Doe&#62;</span>'
    assert plain_block(InLanguage("one\ntwo", "en")) == '<span lang="en" dir="ltr">one<br>two</span>'
    assert markdown_block(InLanguage("**A**", "en")).startswith('<div class="fc-markdown" lang="en" dir="ltr">')
    assert text_direction("ar") == "rtl" and text_direction("en") == "ltr" and text_direction("not a tag") == "ltr"


EDITIONS = Editions("en", (
    Edition("en", "https://facts.example.org/", "", frozenset({"index.md", "claims/x.md", "about.md", "claims/y.md"})),
    Edition("ar", "https://facts.example.org/ar/", "ar/", frozenset({"index.md", "claims/x.md", "about.md"}))))


def test_a_page_in_both_editions_links_each_and_x_default_the_english() -> None:
    assert EDITIONS.alternates("claims/x.md") == [
        ("en", "https://facts.example.org/claims/x/"), ("ar", "https://facts.example.org/ar/claims/x/"),
        ("x-default", "https://facts.example.org/claims/x/")]
    assert EDITIONS.alternates("index.md")[1] == ("ar", "https://facts.example.org/ar/")


def test_a_page_in_one_edition_or_without_addresses_links_none() -> None:
    assert EDITIONS.alternates("claims/y.md") == []
    unknown = Editions("en", tuple(Edition(e.language, "", e.prefix, e.pages) for e in EDITIONS.all))
    assert unknown.alternates("claims/x.md") == []


def test_the_selector_goes_to_the_same_page_or_the_editions_home() -> None:
    assert [link["link"] for link in EDITIONS.selector("claims/x.md")] == ["./", "../../ar/claims/x/"]
    assert [link["link"] for link in EDITIONS.selector("claims/y.md")] == ["./", "../../ar/"]
    arabic = Editions("ar", EDITIONS.all)
    assert [(link["lang"], link["link"], link["current"]) for link in arabic.selector("claims/x.md")] == [
        ("en", "../../../claims/x/", False), ("ar", "./", True)]
    assert [link["link"] for link in arabic.selector("index.md")] == ["../", "./"]
    assert [link["name"] for link in arabic.selector(None)] == ["English", "العربية"]
    assert [link["link"] for link in arabic.selector(None)] == ["https://facts.example.org/", "https://facts.example.org/ar/"]


def test_without_directory_urls_the_links_name_the_html_files() -> None:
    flat = Editions("en", EDITIONS.all, directory_urls=False)
    assert flat.alternates("claims/x.md")[1] == ("ar", "https://facts.example.org/ar/claims/x.html")
    assert flat.selector("claims/x.md")[1]["link"] == "../ar/claims/x.html"


@pytest.mark.parametrize("site_url, edition, expected", [
    ("https://f.org/site/", None, {"en": "https://f.org/site/", "ar": "https://f.org/site/ar/"}),
    ("https://f.org/site/ar/", "ar", {"en": "https://f.org/site/", "ar": "https://f.org/site/ar/"}),
    ("", "ar", {"en": "", "ar": ""}),
])
def test_editions_live_below_the_default_sites_address(site_url: str, edition: str | None, expected: dict) -> None:
    assert edition_roots(site_url, edition, ["en", "ar"]) == expected


def test_the_default_editions_hand_written_pages_leave_out_the_other_editions(tmp_path: Path) -> None:
    for name in ("about.md", "ar/about.md", "guide/x.md", ".hidden/y.md", "image.png"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("#", encoding="utf-8")
    assert hand_written_pages(tmp_path, {"ar"}) == {"about.md", "guide/x.md"}
    assert hand_written_pages(tmp_path / "ar", set()) == {"about.md"}
    assert hand_written_pages(tmp_path / "fr", set()) == set()
