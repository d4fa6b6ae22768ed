"""Language editions: the content as an edition shows it, and the links between the editions' pages."""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import pickle
import shutil
from datetime import date
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from pydantic import BaseModel

from generator.content import load_valid_content
from generator.editions import (Edition, Editions, InLanguage, TranslatedEvidence, edition_roots, edition_view,
                                hand_written_pages, text_direction)
from generator.model import Contact, Funder, Link, Media, Organisation, Person, Screenshot
from generator.render import isolated_name, markdown_block, plain_block, plain_text

TRANSLATED = Path(__file__).parent / "fixtures" / "translated"
GOLDEN = Path(__file__).parent / "golden"


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


# --- every text of what an edition does not translate: the original's, marked as English -----------

def texts(value: object, where: str = "") -> Iterator[tuple[str, object]]:
    """Each text (str) of a model, with where it is (`funders.1.name`); lists and nested models walked."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), f"{where}.{name}".lstrip("."))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from texts(item, f"{where}.{number}")
    elif isinstance(value, str):
        yield where, value


def marked_english(view: BaseModel, original: BaseModel) -> set[str]:
    """Where the view's text is the original's marked as English; every other text must be the original's unmarked."""
    shown, written = dict(texts(view)), dict(texts(original))
    assert shown.keys() == written.keys() and all(str(shown[key]) == written[key] for key in shown)
    for where, text in shown.items():
        if isinstance(text, InLanguage):
            assert text.lang == "en", where
    return {where for where, text in shown.items() if isinstance(text, InLanguage)}


def test_people_and_the_organisation_are_shown_as_written_their_text_marked_english(content) -> None:
    person = Person(id="noor", name="Noor", role="Editor", background="Ten years at a desk.", languages=["Arabic", "English"],
                    links=[Link(title="Profile", url="https://example.org/noor")])
    organisation = Organisation(
        id="desk", name="The Desk", note="Demo data.", mission="We check *claims*.", independence="No funder reviews.",
        funders=[Funder(name="A Trust", year=2026, amount="EUR 1,000", purpose="Training"),
                 Funder(name="Readers", year=2025, band="EUR 1 to 10")],
        contact=Contact(email="desk@example.org", tip_line="Signal +00", address="1 Example Street",
                        url="https://example.org/contact"))
    with_them = copy.copy(content)
    with_them.people, with_them.organisation = {"noor": person}, {"desk": organisation}
    view = edition_view(with_them, "ar")
    assert marked_english(view.people["noor"], person) == {
        "name", "role", "background", "languages.0", "languages.1", "links.0.title"}
    assert marked_english(view.organisation["desk"], organisation) == {
        "name", "note", "mission", "independence", "funders.0.name", "funders.0.amount", "funders.0.purpose",
        "funders.1.name", "funders.1.band", "contact.tip_line", "contact.address"}
    bare = Organisation(id="desk", name="The Desk")
    with_them.organisation = {"desk": bare}
    assert marked_english(edition_view(with_them, "ar").organisation["desk"], bare) == {"name"}


def test_untranslated_claimants_and_sources_and_a_claims_untranslated_parts_are_marked_english(content) -> None:
    view = edition_view(content, "ar")
    assert marked_english(view.claimants["jane-doe"], content.claimants["jane-doe"]) == {"name"}
    untranslated = content.sources["interview-2016-09-20"].model_copy(update={"original_publisher": "Wire"})
    with_it = copy.copy(content)
    with_it.sources = {**content.sources, "interview-2016-09-20": untranslated}
    assert marked_english(edition_view(with_it, "ar").sources["interview-2016-09-20"], untranslated) == {
        "title", "publisher", "original_publisher"}
    # A translated source: its translation, but for the original publisher, kept as written.
    translated = view.sources["investigation-2016-11-29"]
    assert not isinstance(translated.title, InLanguage) and isinstance(translated.publisher, InLanguage)
    claim = content.claims["toll-62-killed"].model_copy(update={"media": Media(
        type="image", url="https://example.org/i.png", authenticity="OriginalMediaContext", context="Taken on the day.",
        screenshot=Screenshot(file="i.png", alt="A field."))})
    with_media = copy.copy(content)
    with_media.claims = {**content.claims, "toll-62-killed": claim}
    shown = edition_view(with_media, "ar").claims["toll-62-killed"]
    assert (shown.media.context, shown.media.screenshot.alt) == ("Taken on the day.", "A field.")
    assert all(isinstance(text, InLanguage) and text.lang == "en"
               for text in (shown.media.context, shown.media.screenshot.alt, *(e.note for e in shown.history)))
    assert (shown.media.url, shown.media.screenshot.file) == (claim.media.url, claim.media.screenshot.file)
    assert [e.model_dump() for e in shown.history] == [e.model_dump() for e in claim.history]


# --- the whole view of a fixture with every field an edition treats differently ----------------------

def _written(value: object, root: Path) -> object:
    """The view as data: text kept in another language as {"en": text}, paths relative to the content."""
    if isinstance(value, InLanguage):
        return {value.lang: str(value)}
    if isinstance(value, BaseModel):
        return {"model": type(value).__name__, **{name: _written(getattr(value, name), root) for name in type(value).model_fields},
                **({"quote_is_translation": value.quote_is_translation} if isinstance(value, TranslatedEvidence) else {})}
    if isinstance(value, dict):
        return {str(key): _written(item, root) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_written(item, root) for item in value]
    if isinstance(value, Path):
        return value.relative_to(root).as_posix()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_edition_view_of_every_kind_and_field(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(TRANSLATED, root)
    # An evidence item left untranslated with both texts, one translated in part (its quote, not its note),
    # a claimant's description, a source's original publisher, and a screenshot with its alt text.
    _edit(root / "claims" / "toll-62-killed.yaml", "    - source: briefing-2016-09-17\n",
          "    - source: briefing-2016-09-17\n      quote: Sixty-two soldiers.\n      note: The ministry's own figure.\n"
          "    - source: interview-2016-09-20\n      quote: I saw it.\n      note: An eyewitness.\n")
    _edit(root / "translations" / "ar" / "claims" / "toll-62-killed.yaml", "evidence:\n",
          "evidence:\n  briefing-2016-09-17:\n    quote: اثنان وستون جنديًا.\n    quote_is_translation: false\n")
    _edit(root / "translations" / "ar" / "claims" / "toll-62-killed.yaml", "evidence:\n",
          "evidence:\n  interview-2016-09-20:\n    note: شاهد عيان.\n")
    _edit(root / "sources" / "investigation-2016-11-29.yaml", "kind: report", "kind: report\noriginal_publisher: Wire")
    # A draft whose verdict has no summary yet, translated: its verdict shows none either.
    _edit(root / "claims" / "no-civilians-nearby.yaml", "  summary: The investigation found civilians within a kilometre.\n",
          "")
    _edit(root / "claims" / "no-civilians-nearby.yaml", "claim:", "status: draft\nclaim:")
    _edit(root / "reports" / "briefing-review.yaml", "  - no-civilians-nearby\n", "")
    (root / "translations" / "ar" / "claims" / "no-civilians-nearby.yaml").write_text(
        "translated: 2026-11-23\nclaim: لم يكن هناك مدنيون قرب الموقع.\n", encoding="utf-8")
    _edit(root / "claimants" / "jane-doe.yaml", "kind: person", "kind: person\ndescription: A witness.")
    _edit(root / "sources" / "interview-2016-09-20.yaml", "kind: interview", "kind: interview\noriginal_publisher: Wire")
    (root / "media").mkdir()
    Image.new("RGB", (4, 3), "white").save(root / "media" / "still.png")
    _edit(root / "claims" / "strike-was-halted.yaml", "verdict:", "media:\n  type: image\n  url: https://example.org/i\n"
          "  authenticity: OriginalMediaContext\n  context: Posted the next day.\n  screenshot:\n    file: still.png\n"
          "    alt: A field.\nverdict:")
    content = load_valid_content(root)[0]
    edition = edition_view(content, "ar")
    assert edition.root == content.root and edition.translations is content.translations
    view = {kind: getattr(edition, kind) for kind in
            ("ratings", "claimants", "sources", "people", "organisation", "claims", "reports", "paths")}
    shown = json.dumps(_written(view, root), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    golden = GOLDEN / "edition-view.json"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_text(shown, encoding="utf-8")
        pytest.fail(f"rewrote {golden.name}: check it, and run again without UPDATE_GOLDEN")
    assert shown == golden.read_text(encoding="utf-8")


def test_edition_addresses_without_a_final_slash_and_pages_named_in_capitals() -> None:
    assert edition_roots("https://f.org/site", None, ["en", "ar"]) == {"en": "https://f.org/site/",
                                                                       "ar": "https://f.org/site/ar/"}
    unknown = Editions("ar", tuple(Edition(e.language, "", e.prefix, e.pages | {"notes/BOX.md"}) for e in EDITIONS.all))
    assert [link["link"] for link in unknown.selector(None)] == ["../", "./"]  # 404.html, at ar/: relative homes
    assert [link["link"] for link in unknown.selector("notes/BOX.md")] == ["../../../notes/BOX/", "./"]
    flat = Editions("en", unknown.all, directory_urls=False)
    assert [link["link"] for link in flat.selector("notes/BOX.md")] == ["BOX.html", "../ar/notes/BOX.html"]
