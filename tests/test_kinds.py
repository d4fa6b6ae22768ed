"""The registry of content kinds (generator/kinds.py): each kind described once, and every module's view agrees with it."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from generator import kinds
from generator.changes import _NAMED_BY
from generator.content import Content, load_valid_content, reserved_id
from generator.kinds import (BY_NAME, CLAIMANTS, CLAIMS, KINDS, LAYOUT, RATINGS, REPORTS, SOURCES, TRANSLATED_KINDS,
                            TRANSLATION_LAYOUT, Kind, kind_of, url_of)
from generator.loading import find_files
from generator.model import fields_at
from generator.pages import plan_pages
from generator.resources import NEW_FILE_TEMPLATES, PAGE_TEMPLATES
from generator.scaffold import NEW_FILE_KINDS, NEW_KINDS, plan_new
from generator.schemas import SCHEMA_FILES, write_schemas
from generator.site import Site
from generator.wiring import NOT_IN_NAV

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def test_each_kind_is_described_once() -> None:
    for attribute in ("name", "noun", "model", "schema_file", "page", "index"):
        values = [getattr(kind, attribute) for kind in KINDS if getattr(kind, attribute) is not None]
        assert len(values) == len(set(values)), attribute
    assert BY_NAME == {kind.name: kind for kind in KINDS}
    assert [kind.name for kind in KINDS] == ["ratings", "organisation", "claimants", "people", "sources", "claims",
                                             "reports"]
    assert {value for name, value in vars(kinds).items() if isinstance(value, Kind)} == set(KINDS)


def test_a_kind_is_one_file_or_a_folder_of_its_own_name() -> None:
    assert [(kind.name, kind.folder, kind.files, kind.single) for kind in KINDS if kind.files] == [
        ("ratings", None, ("ratings.yaml", "ratings.yml"), False),
        ("organisation", None, ("organisation.yaml", "organisation.yml"), True)]
    assert all(kind.folder == kind.name for kind in KINDS if not kind.files)


def test_references_are_fields_of_the_model_naming_kinds_read_before() -> None:
    for position, kind in enumerate(KINDS):
        for path, target in kind.references:
            assert target in [earlier.name for earlier in KINDS[:position]], (kind.name, path)
            field = path[:-1] if path[-1] == "*" else path  # a list of ids: the list's field
            parent = tuple(0 if step == "*" else step for step in field[:-1])
            assert field[-1] in fields_at(kind.model, parent), (kind.name, path)


def test_the_url_of_an_item_is_its_page_or_its_section_of_the_index() -> None:
    assert CLAIMS.url("x") == CLAIMS.page_path("x") == "claims/x.md"
    assert RATINGS.url("false") == "ratings/false.md"
    assert SOURCES.url("x") == "sources.md#x"
    assert BY_NAME["organisation"].url("organisation") == "transparency.md"  # the one item is the whole page
    with pytest.raises(ValueError, match="sources have no page of their own"):
        SOURCES.page_path("x")


def test_each_entity_knows_its_kind_and_url() -> None:
    content, _ = load_valid_content(MINIMAL, jobs=1)
    for kind in KINDS:
        for id, entity in getattr(content, kind.name).items():
            assert kind_of(entity) is kind
            assert url_of(entity) == kind.url(id)


# --- every module's view ----------------------------------------------------------------------

def test_loading_finds_the_files_of_every_kind_and_content_holds_them(tmp_path: Path) -> None:
    tree = tmp_path / "content"
    shutil.copytree(MINIMAL, tree)
    (tree / "people").mkdir()
    (tree / "people" / "ana.yaml").write_text("name: Ana\nrole: Editor\n", encoding="utf-8")
    (tree / "organisation.yaml").write_text("name: Desk\nfunders: [{name: F, year: 2026, amount: EUR 1}]\n"
                                            "contact: {email: desk@example.org, tip_line: tips@example.org}\n",
                                            encoding="utf-8")
    files, problems = find_files(tree, LAYOUT)
    assert problems == []
    assert {file.kind for file in files} == set(BY_NAME)
    assert LAYOUT.folders == tuple(kind.name for kind in KINDS if not kind.files)
    assert LAYOUT.files == {"ratings.yaml": "ratings", "ratings.yml": "ratings",
                            "organisation.yaml": "organisation", "organisation.yml": "organisation"}
    content, _ = load_valid_content(tree, jobs=1)
    fields = {field.name for field in dataclasses.fields(Content)}
    assert set(BY_NAME) <= fields
    assert all(getattr(content, kind.name) for kind in KINDS), "the fixture has entities of every kind"


def test_a_change_summary_names_an_item_of_each_kind() -> None:
    assert set(_NAMED_BY) == set(BY_NAME)
    assert all(field in kind.model.model_fields for kind in KINDS for field in [_NAMED_BY[kind.name][0]])


def test_schemas_are_written_to_each_kinds_file(tmp_path: Path) -> None:
    assert SCHEMA_FILES == {kind.name: kind.schema_file for kind in KINDS}
    assert {path.name for path in write_schemas(tmp_path)} == {kind.schema_file for kind in (*KINDS, *TRANSLATED_KINDS)}


def test_each_kind_an_edition_translates_is_described_once() -> None:
    assert [kind.original for kind in TRANSLATED_KINDS] == [RATINGS, CLAIMANTS, SOURCES, CLAIMS, REPORTS]
    assert [kind.name for kind in TRANSLATED_KINDS if kind.left_out] == ["claims", "reports"]
    assert TRANSLATION_LAYOUT.folders == ("claimants", "sources", "claims", "reports")
    assert TRANSLATION_LAYOUT.files == {"ratings.yaml": "ratings", "ratings.yml": "ratings"}
    assert len({kind.schema_file for kind in TRANSLATED_KINDS}) == len(TRANSLATED_KINDS)
    assert LAYOUT.others == ("translations",)


def test_scaffold_offers_each_kind_kept_one_file_each_claim_first(tmp_path: Path) -> None:
    assert NEW_KINDS == ("claim", "claimant", "person", "source", "report")
    assert NEW_FILE_KINDS == {kind.noun: kind for kind in KINDS if kind.folder}
    (tmp_path / "content").mkdir()
    for noun, kind in NEW_FILE_KINDS.items():
        assert (NEW_FILE_TEMPLATES / f"{noun}.yaml.tmpl").is_file()
        new = plan_new(noun, "x", tmp_path / "content")
        assert new.path == tmp_path / "content" / kind.folder / "x.yaml"
        assert f"schemas/{kind.schema_file}" in new.text.splitlines()[0]


def test_site_pages_are_where_the_kinds_say_with_their_templates() -> None:
    content, _ = load_valid_content(MINIMAL, jobs=1)
    pages = {page.path: page.template for page in plan_pages(content, Site())}
    expected = {}
    for kind in KINDS:
        if kind.page:
            expected |= {kind.page_path(id): kind.page_template for id in getattr(content, kind.name)}
        if kind.index and (kind.name not in ("people", "organisation") or getattr(content, kind.name)):  # only with items
            expected[kind.index] = kind.index_template
        if kind.embed:
            expected |= {kind.embed_path(id): "embed.html.j2" for id in getattr(content, kind.name)}
    assert expected.items() <= pages.items()
    in_kind_folders = {path for path in pages if path.split("/")[0] in BY_NAME}
    assert in_kind_folders == {path for path in expected if "/" in path}
    for template in {*expected.values()}:
        assert (PAGE_TEMPLATES / template).is_file()


def test_every_page_of_one_item_is_out_of_the_navigation_but_the_indexes_are_in() -> None:
    assert NOT_IN_NAV == ("/ratings/*.md", "/claimants/*.md", "/people/*.md", "/claims/*.md", "/reports/*.md",
                          "/claims/*/embed.md", "!/claimants/index.md", "!/people/index.md", "!/claims/index.md",
                          "!/reports/index.md")


def test_the_files_beside_each_page_are_where_the_kinds_say() -> None:
    assert CLAIMS.embed_path("x") == "claims/x/embed.md"
    assert CLAIMS.share_image_path("x") == "claims/x/share.png"
    assert REPORTS.share_image_path("x") == "reports/x/share.png"
    assert CLAIMANTS.feed_path("x") == "feed-claimant-x.xml"
    assert RATINGS.feed_path("x") == "feed-rating-x.xml"
    with pytest.raises(ValueError, match="sources have no embeddable cards"):
        SOURCES.embed_path("x")
    with pytest.raises(ValueError, match="claimants have no share cards"):
        CLAIMANTS.share_image_path("x")
    with pytest.raises(ValueError, match="claims have no feeds"):
        CLAIMS.feed_path("x")


@pytest.mark.parametrize("kind, message", [
    (CLAIMS, "id 'index' is reserved: claims/index.md is the list of all claims"),
    (RATINGS, "id 'index' is reserved: ratings/index.md is kept for the list of all ratings"),
    (SOURCES, None),  # sources are sections of sources.md
])
def test_index_is_reserved_where_an_item_page_would_be_the_kinds_list(kind: Kind, message: str | None) -> None:
    assert reserved_id(kind, "index") == message
    assert reserved_id(kind, "index-fund") is None


def test_the_required_fields_are_those_an_editor_writes() -> None:
    assert {kind.name: kind.required for kind in KINDS} == {
        "ratings": ("id", "label", "description"), "organisation": ("name",), "claimants": ("name", "kind"),
        "people": ("name", "role"),
        "sources": ("title", "publisher", "url", "kind"), "claims": ("claim", "claimant", "date", "verdict"),
        "reports": ("title", "source", "published", "claims")}


CLAIM_FIELDS = {"claim": "x", "claimant": "a", "date": "2016-01-01", "verdict": {}, "tags": []}
SOURCE_FIELDS = {"title": "T", "publisher": "P", "url": "https://example.org/", "kind": "news"}


@pytest.mark.parametrize("data, kind, fitting", [
    (CLAIM_FIELDS, SOURCES, CLAIMS),
    ({key: value for key, value in CLAIM_FIELDS.items() if key != "date"}, SOURCES, CLAIMS),  # three of four
    (SOURCE_FIELDS, CLAIMS, SOURCES),
    ({"name": "N", "kind": "person"}, SOURCES, BY_NAME["claimants"]),
    ({"title": "T", "source": "s", "published": "2016-01-01", "claims": []}, SOURCES, BY_NAME["reports"]),
    ({"id": "x", "label": "X", "description": "d"}, CLAIMS, RATINGS),
    (SOURCE_FIELDS, BY_NAME["claimants"], SOURCES),  # `kind` is a claimant's field too: a source has more of its own
])
def test_a_file_with_another_kinds_fields_fits_that_kind(data: dict, kind: Kind, fitting: Kind) -> None:
    assert kinds.kind_fitting(data, kind) is fitting


@pytest.mark.parametrize("data, kind", [
    (CLAIM_FIELDS, CLAIMS),  # its own kind
    ({"claim": "x", "claimant": "a"}, SOURCES),  # half of a claim: too little to tell
    ({"kind": "news"}, BY_NAME["claimants"]),  # one field in common: too little
    ({"title": "T", "kind": "news", "claimant": "a"}, SOURCES),  # most of its own kind's
    ({"title": "T", "publisher": "P", "url": "u", "claim": "x", "claimant": "a", "date": "d"}, SOURCES),  # as much of both
    (["not", "a", "mapping"], SOURCES),
])
def test_a_file_that_fits_no_other_kind_better_is_its_own(data: object, kind: Kind) -> None:
    assert kinds.kind_fitting(data, kind) is None
