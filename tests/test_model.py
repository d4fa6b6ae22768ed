"""The typed content model (generator/model.py) and its editor-facing error messages."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import pytest
from pydantic import StringConstraints, ValidationError

from generator.markup import MAX_MARKDOWN_CHARS
from generator.model import (HISTORY_KINDS, Claim, Claimant, Contact, Entity, FieldIssue, Funder, HistoryEntry, Id,
                             Organisation, Person, Rating, Report, Source, Verdict, explain, field_path,
                             markdown_fields, fields_at, literal_choices, status_of, type_name, unfinished)

SOURCE = {"id": "s", "title": "T", "publisher": "P", "url": "https://example.org/a", "kind": "news"}
CLAIM: dict[str, Any] = {
    "id": "c", "claim": "A statement.", "claimant": "someone", "date": dt.date(2016, 9, 17),
    "verdict": {"rating": "false", "summary": "No.", "evidence": [{"source": "s"}], "published": dt.date(2026, 11, 20)},
}


def issues(model, data: dict[str, Any]) -> list[FieldIssue]:
    with pytest.raises(ValidationError) as error:
        model.model_validate(data)
    return explain(model, error.value)


def test_a_complete_claim_validates_with_defaults() -> None:
    claim = Claim.model_validate(CLAIM)
    assert claim.tags == [] and claim.history == [] and claim.appearance is None
    assert claim.verdict.evidence[0].source == "s"
    assert claim.last_updated == dt.date(2026, 11, 20)


def test_last_updated_is_the_latest_of_published_updated_and_history() -> None:
    data = {**CLAIM, "verdict": {**CLAIM["verdict"], "updated": dt.date(2026, 11, 25)},
            "history": [{"date": dt.date(2026, 12, 1), "note": "Fixed a typo."}]}
    assert Claim.model_validate(data).last_updated == dt.date(2026, 12, 1)


def test_models_are_frozen() -> None:
    claim = Claim.model_validate(CLAIM)
    with pytest.raises(ValidationError):
        claim.claim = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("model, required", [
    (Rating, {"id", "label", "description"}),
    (Claimant, {"id", "name", "kind"}),
    (Source, {"id", "title", "publisher", "url", "kind"}),
    (Claim, {"id", "claim", "claimant", "date"}),  # and, to publish, Claim.TO_PUBLISH
    (Report, {"id", "title", "source", "published", "claims"}),
])
def test_required_fields_follow_the_contract(model, required: set[str]) -> None:
    assert {name for name, info in model.model_fields.items() if info.is_required()} == required


def test_publishing_needs_a_verdict_with_its_rating_summary_and_evidence() -> None:
    assert Claim.TO_PUBLISH == (("verdict",), ("verdict", "rating"), ("verdict", "summary"), ("verdict", "evidence"))
    assert Report.TO_PUBLISH == ()
    for path in Claim.TO_PUBLISH:  # each a field of the model, and found missing
        assert path[-1] in fields_at(Claim, path[:-1]), path
        assert unfinished(Claim, {"verdict": {}} if len(path) > 1 else {}), path


def test_a_verdict_requires_its_date_and_leaves_the_rest_to_what_publishing_needs() -> None:
    found = issues(Claim, {**CLAIM, "verdict": {}})
    assert [(i.loc, i.message) for i in found] == [(("verdict",), "missing required field 'verdict.published'")]
    found = unfinished(Claim, {**CLAIM, "verdict": {}})
    assert [i.message for i in found] == [
        "missing required field 'verdict.rating'", "missing required field 'verdict.summary'",
        "missing required field 'verdict.evidence'"]
    assert {i.loc for i in found} == {("verdict",)}  # pointed at the mapping that lacks them


def test_evidence_needs_at_least_one_item_to_publish() -> None:
    data = {**CLAIM, "verdict": {**CLAIM["verdict"], "evidence": []}}
    assert Claim.model_validate(data).verdict.evidence == []
    assert [(i.loc, i.message) for i in unfinished(Claim, data)] == [
        (("verdict", "evidence"), "field 'verdict.evidence' needs at least 1 item(s)")]


# --- status: drafts and claims in review -----------------------------------------------------------

def test_the_status_is_published_unless_the_file_says_otherwise() -> None:
    assert Claim.model_validate(CLAIM).status == "published" and Claim.model_validate(CLAIM).is_published
    for status in ("draft", "review"):
        claim = Claim.model_validate({**CLAIM, "status": status})
        assert (claim.status, claim.is_published) == (status, False)
    report = {"id": "r", "title": "T", "source": "s", "published": dt.date(2026, 1, 1), "claims": ["c"]}
    assert Report.model_validate(report).is_published and not Report.model_validate({**report, "status": "draft"}).is_published
    assert [(i.message, i.hint) for i in issues(Claim, {**CLAIM, "status": "drafts"})] == [
        ("field 'status': 'drafts' is not one of draft, review, published", "did you mean 'draft'?")]
    assert "status" not in Claimant.model_fields and "status" not in Source.model_fields


@pytest.mark.parametrize("data, status", [({"status": "draft"}, "draft"), ({"status": "review"}, "review"),
                                          ({"status": "published"}, "published"), ({}, "published"),
                                          ({"status": "drafts"}, "published"), ({"status": ["draft"]}, "published"),
                                          (["status", "draft"], "published"), (None, "published")])
def test_status_of_a_files_data(data: Any, status: str) -> None:
    assert status_of(data) == status


def test_a_draft_may_leave_out_the_verdict() -> None:
    claim = Claim.model_validate({**CLAIM, "status": "draft", "verdict": None})
    assert claim.verdict is None
    assert claim.last_updated == claim.date
    history = [{"date": dt.date(2026, 12, 1), "note": "Started."}]
    assert Claim.model_validate({**CLAIM, "status": "draft", "verdict": None, "history": history}).last_updated == \
        dt.date(2026, 12, 1)


def test_an_empty_evidence_field_is_no_evidence_yet() -> None:
    data = {**CLAIM, "status": "draft", "verdict": {**CLAIM["verdict"], "evidence": None, "rating": None, "summary": None}}
    verdict = Claim.model_validate(data).verdict
    assert (verdict.evidence, verdict.rating, verdict.summary) == ([], None, None)


@pytest.mark.parametrize("status", ["draft", "review"])
def test_what_a_draft_leaves_out_is_work_still_to_do(status: str) -> None:
    hint = f"publishing needs it; it may stay empty while the status is {status}"
    without_verdict = {key: value for key, value in CLAIM.items() if key != "verdict"}
    assert [(i.loc, i.message, i.hint) for i in unfinished(Claim, {**without_verdict, "status": status})] == [
        ((), "field 'verdict' is not filled in yet", hint)]  # and not again each field inside it
    empty = {**CLAIM, "status": status, "verdict": {"rating": None, "evidence": [], "published": dt.date(2026, 1, 1)}}
    assert [(i.loc, i.message, i.hint) for i in unfinished(Claim, empty)] == [
        (("verdict", "rating"), "field 'verdict.rating' is not filled in yet", hint),
        (("verdict",), "field 'verdict.summary' is not filled in yet", hint),
        (("verdict", "evidence"), "field 'verdict.evidence' is not filled in yet", hint)]


def test_what_a_published_claim_leaves_out_is_worded_as_a_required_field() -> None:
    hint = "publishing needs it: fill it in, or set 'status: draft' to work on it unpublished"
    for status in ({}, {"status": "published"}, {"status": "drafts"}):  # a wrong status is no draft
        data = {**CLAIM, **status, "verdict": {"rating": None, "summary": "x", "evidence": [], "published": dt.date(2026, 1, 1)}}
        assert [(i.loc, i.message, i.hint) for i in unfinished(Claim, data)] == [
            (("verdict", "rating"), "field 'verdict.rating' is empty", hint),
            (("verdict", "evidence"), "field 'verdict.evidence' needs at least 1 item(s)", hint)]
        assert [(i.loc, i.message) for i in unfinished(Claim, {**CLAIM, **status, "verdict": None})] == [
            (("verdict",), "field 'verdict' is empty")]


def test_a_complete_claim_or_one_the_model_refuses_has_nothing_unfinished() -> None:
    assert unfinished(Claim, CLAIM) == []
    assert unfinished(Claim, {**CLAIM, "verdict": "unproven"}) == []  # not a mapping: the model's to report
    assert unfinished(Claim, {**CLAIM, "verdict": {**CLAIM["verdict"], "evidence": "x"}}) == []
    assert unfinished(Report, {"claims": []}) == []  # reports: nothing a draft may leave out


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>",
                                 "ftp://example.org/", "https://", "//example.org/x", "example.org",
                                 "https://example.org/a b", " JavaScript:alert(1)"])
def test_only_http_and_https_urls_are_accepted(url: str) -> None:
    found = issues(Source, {**SOURCE, "url": url})
    assert [i.loc for i in found] == [("url",)]
    assert found[0].message.startswith("field 'url' must")


@pytest.mark.parametrize("url", ["http://example.org", "HTTPS://Example.org/path?q=1#f", "  https://example.org/  "])
def test_http_urls_are_kept_without_surrounding_space(url: str) -> None:
    assert Source.model_validate({**SOURCE, "url": url}).url == url.strip()


def test_url_message_names_the_scheme_it_got() -> None:
    assert issues(Source, {**SOURCE, "archive_url": "javascript:alert(1)"})[0].message == (
        "field 'archive_url' must be an http:// or https:// address (got 'javascript:')")


@pytest.mark.parametrize("value", ["a", "a-1", "0", "x" * 80, "true", "false", "unproven"])
def test_valid_ids(value: str) -> None:
    assert Claim.model_validate({**CLAIM, "claimant": value}).claimant == value


@pytest.mark.parametrize("value", ["", "-a", "A", "a_b", "a b", "é", "x" * 81, "a\n"])
def test_invalid_ids_are_explained(value: str) -> None:
    found = issues(Claim, {**CLAIM, "claimant": value})
    assert [(i.loc, i.hint) for i in found] == [
        (("claimant",), "ids are lowercase letters, digits and hyphens, starting with a letter or digit")]
    assert found[0].message.startswith("field 'claimant': '")


def test_plain_text_is_kept_but_for_surrounding_whitespace() -> None:
    text = "  *Not* <b>markdown</b>\n  second line\t"
    assert Claim.model_validate({**CLAIM, "claim": text}).claim == text.strip()


@pytest.mark.parametrize("blank", ["", " ", "\n", "\t \u3000"])
def test_blank_plain_text_is_an_error(blank: str) -> None:
    found = issues(Claim, {**CLAIM, "claim": blank})
    assert [i.loc for i in found] == [("claim",)]


def test_markdown_is_kept_exactly() -> None:
    data = {**CLAIM, "verdict": {**CLAIM["verdict"], "analysis": "  - item\n\n    code\n"}}
    assert Claim.model_validate(data).verdict.analysis == "  - item\n\n    code\n"


@pytest.mark.parametrize("value, message", [
    (0, "field 'date' must be a date written YYYY-MM-DD"),
    (1474070400, "field 'date' must be a date written YYYY-MM-DD"),
    (dt.datetime(2016, 9, 17, 10, 0), "field 'date' must be a date without a time, written YYYY-MM-DD"),
    ("2016-02-30", "field 'date': 2016-02-30 does not exist"),
    ("17.09.2016", "field 'date': invalid date '17.09.2016'"),
])
def test_dates_must_be_real_calendar_dates(value: Any, message: str) -> None:
    assert [i.message for i in issues(Claim, {**CLAIM, "date": value})] == [message]


@pytest.mark.parametrize("value, hint", [
    ("2016-02-30", "February 2016 has 29 days"), ("2015-02-29", "February 2015 has 28 days"),
    ("2000-02-30", "February 2000 has 29 days"), ("1900-02-29", "February 1900 has 28 days"),
    ("2016-04-31", "April 2016 has 30 days"), ("2016-12-32", "December 2016 has 31 days"),
    ("2016-01-00", "January 2016 has 31 days"), ("2016-13-01", "there is no month 13: months are 01 to 12, written YYYY-MM-DD"),
    ("2016-00-10", "there is no month 00: months are 01 to 12, written YYYY-MM-DD"), ("0000-01-01", "years start at 0001"),
])
def test_a_day_that_does_not_exist_is_named_with_the_length_of_its_month(value: str, hint: str) -> None:
    found = issues(Claim, {**CLAIM, "date": value})
    assert [(i.loc, i.message, i.hint) for i in found] == [(("date",), f"field 'date': {value} does not exist", hint)]


@pytest.mark.parametrize("loc", [("verdict", "published"), ("verdict", "updated"), ("history", 0, "date")])
def test_every_date_field_names_a_day_that_does_not_exist(loc: tuple) -> None:
    data = {**CLAIM, "verdict": {**CLAIM["verdict"]}, "history": [{"date": dt.date(2026, 11, 22), "note": "n"}]}
    target = data
    for step in loc[:-1]:
        target = target[step]
    target[loc[-1]] = "2023-02-29"
    assert [(i.loc, i.hint) for i in issues(Claim, data)] == [(loc, "February 2023 has 28 days")]
    assert [i.hint for i in issues(Source, {**SOURCE, "accessed": "2026-06-31"})] == ["June 2026 has 30 days"]


@pytest.mark.parametrize("value", ["2016-2-30", "２０１６-02-30", "2016-02-3O", "2016/02/30", "16-02-30"])
def test_dates_in_other_forms_are_told_the_form(value: str) -> None:
    assert [i.hint for i in issues(Claim, {**CLAIM, "date": value})] == ["dates are written YYYY-MM-DD"]


def test_a_quoted_iso_date_is_read_as_a_date() -> None:
    assert Claim.model_validate({**CLAIM, "date": "2016-09-17"}).date == dt.date(2016, 9, 17)


def test_unknown_fields_point_at_the_key_with_a_suggestion() -> None:
    data = {**CLAIM, "contxt": "x", "verdict": {**CLAIM["verdict"], "evidence": [{"source": "s", "qoute": "q"}]}}
    found = issues(Claim, data)
    assert sorted((i.loc, i.message, i.hint, i.at_key) for i in found) == [
        (("contxt",), "unknown field 'contxt'", "did you mean 'context'?", True),
        (("verdict", "evidence", 0, "qoute"), "unknown field 'qoute'", "did you mean 'quote'?", True),
    ]


def test_a_field_of_a_mapping_inside_is_told_to_indent() -> None:
    verdict = {key: value for key, value in CLAIM["verdict"].items() if key != "summary"}
    found = issues(Claim, {**CLAIM, "verdict": verdict, "summary": "No."})
    assert sorted((i.loc, i.message, i.hint) for i in found) == [
        (("summary",), "unknown field 'summary'",
         "'summary' is indented less than the fields of 'verdict': indent it like them, below 'verdict:'")]
    assert [(i.loc, i.message) for i in unfinished(Claim, {**CLAIM, "verdict": verdict, "summary": "No."})] == [
        (("verdict",), "missing required field 'verdict.summary'")]
    found = issues(Claim, {**CLAIM, "note": "Fixed.", "history": [{"date": dt.date(2026, 11, 22)}]})
    assert ("unknown field 'note'", "'note' is indented less than the fields of the items of 'history': indent it "
                                    "like them, below 'history:'") in [(i.message, i.hint) for i in found]


@pytest.mark.parametrize("data, loc, hint", [
    ({**CLAIM, "verdict": {**CLAIM["verdict"], "tags": ["a"]}}, ("verdict", "tags"),
     "'tags' is a field of the claim, not of 'verdict': indent it like 'verdict'"),
    ({**CLAIM, "verdict": {**CLAIM["verdict"], "evidence": [{"source": "s", "published": dt.date(2026, 1, 1)}]}},
     ("verdict", "evidence", 0, "published"), "'published' is a field of 'verdict', not of the items of 'evidence': "
                                              "indent it like 'evidence'"),
])
def test_a_field_of_a_mapping_around_is_told_to_indent_less(data: dict[str, Any], loc: tuple, hint: str) -> None:
    assert [(i.loc, i.hint) for i in issues(Claim, data)] == [(loc, hint)]


def test_a_mapping_where_a_list_belongs_is_told_about_dashes() -> None:
    found = issues(Claim, {**CLAIM, "verdict": {**CLAIM["verdict"], "evidence": {"source": "s", "quote": "q"}}})
    assert [(i.loc, i.message, i.hint) for i in found] == [
        (("verdict", "evidence"), "field 'verdict.evidence' must be a list, not a mapping",
         "each item of a list starts with '- ', as in '- source: …'")]


def test_unknown_field_without_a_near_miss_lists_the_allowed_ones() -> None:
    found = issues(Claimant, {"id": "x", "name": "N", "kind": "person", "zzz": 1})
    assert found[0].hint == "allowed fields: name, kind, description, url"


def test_wrong_types_are_named() -> None:
    data = {**CLAIM, "claim": 2016, "tags": "casualties", "verdict": "unproven"}
    found = {i.loc: (i.message, i.hint) for i in issues(Claim, data)}
    assert found == {
        ("claim",): ("field 'claim' must be text, not a number", 'put it in quotes: "2016"'),
        ("tags",): ("field 'tags' must be a list, not text", "write a list as one '- item' per line"),
        ("verdict",): ("field 'verdict' must be a mapping of fields, not text", None),
    }


def test_an_empty_value_is_named_as_such() -> None:
    found = issues(Claim, {**CLAIM, "claim": None})
    assert [(i.message, i.hint) for i in found] == [
        ("field 'claim' is empty", "fill in a value, or remove the field if it is optional")]


def test_choices_get_a_did_you_mean() -> None:
    found = issues(Source, {**SOURCE, "kind": "newspaper"})
    assert [(i.message, i.hint) for i in found] == [
        ("field 'kind': 'newspaper' is not one of news, statement, report, dataset, interview, social-media, other",
         "did you mean 'news'?")]


def test_rating_fields() -> None:
    rating = Rating.model_validate({"id": "true", "label": "True", "value": 5, "color": "#1b7f3b", "description": "d"})
    assert rating.value == 5
    assert Rating.model_validate({"id": "unproven", "label": "U", "description": "d"}).value is None
    found = issues(Rating, {"id": "x", "label": "X", "description": "d", "color": "red", "value": float("inf")})
    assert {i.loc: i.message for i in found} == {
        ("color",): "field 'color': 'red' is not in the expected form",
        ("value",): "field 'value': input should be a finite number",
    }


def test_report_claims_are_ids_in_order() -> None:
    report = Report.model_validate({"id": "r", "title": "T", "source": "s", "published": dt.date(2026, 1, 1),
                                    "claims": ["b", "a"]})
    assert report.claims == ["b", "a"]
    found = issues(Report, {"id": "r", "title": "T", "source": "s", "published": dt.date(2026, 1, 1),
                            "claims": ["ok", "Not OK"]})
    assert [(i.loc, i.message) for i in found] == [(("claims", 1), "field 'claims[1]': 'Not OK' is not a valid id")]


def test_language_tags() -> None:
    for tag in ("en", "pt-BR", "zh-Hant-TW", "ar"):
        assert Source.model_validate({**SOURCE, "language": tag}).language == tag
    assert issues(Source, {**SOURCE, "language": "english language"})[0].hint == "a BCP 47 language tag, e.g. en, ar, pt-BR"


def test_field_path_reads_like_yaml() -> None:
    assert field_path(("verdict", "evidence", 0, "source")) == "verdict.evidence[0].source"
    assert field_path((2, "value")) == "[2].value"
    assert field_path(()) == ""


def test_fields_and_choices_at_a_location() -> None:
    assert fields_at(Claim, ("verdict", "evidence", 3)) == ["source", "quote", "note"]
    assert fields_at(Claim, ("history", 0)) == ["date", "kind", "note", "previous_rating"]
    assert "id" not in fields_at(Claim, ())
    assert "id" in fields_at(Rating, ())
    assert fields_at(Claim, ("claim",)) == []
    assert literal_choices(Claimant, ("kind",)) == ["person", "organization"]
    assert literal_choices(Source, ("kind",))[:2] == ["news", "statement"]
    assert literal_choices(Claim, ("verdict", "evidence", 0, "source")) == []  # not a choice
    assert literal_choices(Claim, ("nowhere", "kind")) == [] and literal_choices(Claim, ("tags", 0)) == []
    assert fields_at(Claim, ("nowhere", "source")) == [] and fields_at(Claim, ("tags", 0)) == []
    assert fields_at(Claim, (0, "verdict")) == fields_at(Claim, ("verdict",))  # list positions are skipped


@pytest.mark.parametrize(("value", "name"), [
    (True, "true/false"), (dt.datetime(2016, 9, 17, 12, 0), "a date and time"), (dt.date(2016, 9, 17), "a date"),
    ({}, "a mapping"), ([], "a list"), ("x", "text"), (62, "a number"), (6.2, "a number"), (None, "nothing"),
    ({1}, "set"), (b"x", "bytes"),
])
def test_values_are_named_in_editors_words(value: Any, name: str) -> None:
    assert type_name(value) == name


@pytest.mark.parametrize(("model", "data", "message"), [
    (Claim, {**CLAIM, "id": "Bad Id"}, "field 'id': 'Bad Id' is not a valid id"),
    (Claim, {**CLAIM, "claimant": "Bad Id"}, "field 'claimant': 'Bad Id' is not a valid id"),
    (Claim, {**CLAIM, "verdict": {**CLAIM["verdict"], "rating": "Bad Id"}}, "field 'verdict.rating': 'Bad Id' is not a valid id"),
    (Claim, {**CLAIM, "verdict": {**CLAIM["verdict"], "evidence": [{"source": "Bad Id"}]}},
     "field 'verdict.evidence[0].source': 'Bad Id' is not a valid id"),
    (Claim, {**CLAIM, "appearance": "Bad Id"}, "field 'appearance': 'Bad Id' is not a valid id"),
    (Report, {"id": "r", "title": "T", "source": "s", "published": dt.date(2026, 1, 1), "claims": ["Bad Id"]},
     "field 'claims[0]': 'Bad Id' is not a valid id"),
    (Rating, {"id": "x", "label": "X", "description": "d", "color": "red"}, "field 'color': 'red' is not in the expected form"),
])
def test_ids_are_told_apart_from_other_patterns(model, data: dict[str, Any], message: str) -> None:
    assert [issue.message for issue in issues(model, data)] == [message]


def test_any_field_typed_as_ids_is_told_apart_whatever_its_name() -> None:
    # Fields no model has today: ids are known by their type, not by a list of field names.
    class Future(Entity):
        related: list[Id]
        codes: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]+$")]]

    assert [issue.message for issue in issues(Future, {"related": ["Bad Id"], "codes": ["x"]})] == [
        "field 'related[0]': 'Bad Id' is not a valid id", "field 'codes[0]': 'x' is not in the expected form"]


@pytest.mark.parametrize("markdown", [
    "Our data: 250,000 deaths, from [the UN](https://example.org/un).",
    "See [the images](javascript:alert(1)). <img src=x onerror=alert(1)> <script>alert(1)</script>",
])
def test_markdown_fields_keep_what_was_written(markdown: str) -> None:
    """Markup is judged when the field is rendered (generator.markup), not refused by the model."""
    data = {"id": "x", "name": "X", "kind": "person", "description": markdown}
    assert Claimant.model_validate(data).description == markdown


def test_markdown_fields_have_a_length_limit() -> None:
    data = {"id": "x", "name": "X", "kind": "person", "description": "[" * (MAX_MARKDOWN_CHARS + 1)}
    assert [(i.loc, i.message) for i in issues(Claimant, data)] == [
        (("description",), f"field 'description' is too long ({MAX_MARKDOWN_CHARS + 1:,} characters, "
                           f"the limit is {MAX_MARKDOWN_CHARS:,})")]


@pytest.mark.parametrize("character", ["\u202e", "\u202a", "\u2066", "\u2069", "\x00", "\x02", "\x1b", "\x7f"])
@pytest.mark.parametrize("field", ["name", "description"])
def test_text_fields_refuse_bidi_overrides_and_control_characters(character: str, field: str) -> None:
    data = {"id": "x", "name": "X", "kind": "person", field: f"Jane {character}Doe"}
    [issue] = issues(Claimant, data)
    assert issue.loc == (field,)
    assert f"invisible character U+{ord(character):04X}" in issue.message
    assert "at position 6" in issue.message


def test_text_fields_keep_tabs_line_breaks_and_right_to_left_marks() -> None:
    text = "\u0627\u0644\u0631\u0642\u0629\u200f (Raqqa)\tline\nnext"
    assert Claimant.model_validate({"id": "x", "name": text, "kind": "person", "description": text}).description == text


def test_urls_refuse_hidden_controls() -> None:
    found = issues(Claimant, {"id": "x", "name": "X", "kind": "person", "url": "https://example.org/\u202eabc"})
    assert "invisible character U+202E" in found[0].message


def test_markdown_fields_are_found_in_nested_models() -> None:
    claim = Claim.model_validate({**CLAIM, "verdict": {**CLAIM["verdict"], "analysis": "**x**"}})
    assert list(markdown_fields(claim)) == [(("verdict", "analysis"), "**x**")]
    assert list(markdown_fields(Claim.model_validate(CLAIM))) == []
    rating = Rating.model_validate({"id": "true", "label": "True", "description": "Accurate."})
    assert list(markdown_fields(rating)) == [(("description",), "Accurate.")]


# --- media -----------------------------------------------------------------------------------------

MEDIA: dict[str, Any] = {"type": "image", "url": "https://example.net/p.jpg", "authenticity": "DecontextualizedContent",
                         "screenshot": {"file": "shots/p.png", "alt": "Smoke over buildings"}}


def test_a_claim_may_carry_the_image_it_is_about_with_its_media_verdict() -> None:
    claim = Claim.model_validate({**CLAIM, "media": {**MEDIA, "context": " Taken in 2013. "}})
    assert claim.media is not None and claim.media.screenshot is not None
    assert (claim.media.type, claim.media.authenticity, claim.media.context, claim.media.screenshot.file) == (
        "image", "DecontextualizedContent", "Taken in 2013.", "shots/p.png")
    assert Claim.model_validate(CLAIM).media is None  # claims without media stay valid


def test_a_screenshot_needs_its_alt_text_and_media_its_verdict() -> None:
    found = issues(Claim, {**CLAIM, "media": {**MEDIA, "screenshot": {"file": "p.png"}, "authenticity": None}})
    assert [(i.loc, i.message) for i in found] == [
        (("media", "screenshot"), "missing required field 'media.screenshot.alt'"),
        (("media", "authenticity"), "field 'media.authenticity' is empty")]
    found = issues(Claim, {**CLAIM, "media": {"type": "image", "url": "https://example.net/p.jpg"}})
    assert [i.message for i in found] == ["missing required field 'media.authenticity'"]


def test_the_media_verdict_is_one_of_schema_orgs_categories() -> None:
    (found,) = issues(Claim, {**CLAIM, "media": {**MEDIA, "authenticity": "Decontextualized"}})
    assert found.message.startswith("field 'media.authenticity': 'Decontextualized' is not one of OriginalMediaContext, "
                                    "DecontextualizedContent, EditedOrCroppedContent, SatireOrParodyContent, "
                                    "StagedContent, TransformedContent")
    assert found.hint == "did you mean 'DecontextualizedContent'?"


@pytest.mark.parametrize("written, kept", [("1:23", "1:23"), ("01:02:03", "01:02:03"), (83, "1:23"), (3723, "1:02:03"),
                                           (5, "0:05")])
def test_a_videos_timestamp_is_kept_as_written_even_when_yaml_reads_a_number(written: Any, kept: str) -> None:
    claim = Claim.model_validate({**CLAIM, "media": {**MEDIA, "type": "video", "timestamp": written}})
    assert claim.media is not None and claim.media.timestamp == kept


def test_only_a_video_has_a_timestamp_and_it_is_minutes_and_seconds() -> None:
    (found,) = issues(Claim, {**CLAIM, "media": {**MEDIA, "timestamp": "1:23"}})
    assert (found.loc, found.message) == (("media", "timestamp"), "field 'media.timestamp' is for videos: an image has "
                                                                  "none (remove it, or set 'type: video')")
    (found,) = issues(Claim, {**CLAIM, "media": {**MEDIA, "type": "video", "timestamp": "1:75"}})
    assert (found.message, found.hint) == ("field 'media.timestamp': '1:75' is not in the expected form",
                                           'minutes and seconds into the video, written M:SS or H:MM:SS, e.g. "1:23"')


@pytest.mark.parametrize("file", ["p.png", "2016/september/p-1_a.jpeg", "P.gif", "x.webp"])
def test_screenshots_are_named_like_files_under_the_media_folder(file: str) -> None:
    claim = Claim.model_validate({**CLAIM, "media": {**MEDIA, "screenshot": {"file": file, "alt": "a"}}})
    assert claim.media is not None and claim.media.screenshot is not None and claim.media.screenshot.file == file


@pytest.mark.parametrize("file", ["../p.png", "/p.png", "p.svg", "p.webp.gif", "a//p.png", "p .png", "-p.png"])
def test_other_screenshot_names_are_refused_with_the_rule(file: str) -> None:
    (found,) = issues(Claim, {**CLAIM, "media": {**MEDIA, "screenshot": {"file": file, "alt": "a"}}})
    assert found.loc == ("media", "screenshot", "file")
    assert found.hint and found.hint.startswith("a path under content/media/")


# --- people, the organisation, typed history ----------------------------------------------------

def test_a_person_needs_a_name_and_a_role_and_keeps_plain_text_as_written() -> None:
    person = Person.model_validate({"id": "ana", "name": " Ana <b>Example</b> ", "role": "Editor",
                                   "languages": ["Arabic", "English"],
                                   "links": [{"title": "Profile", "url": "https://example.org/ana"}]})
    assert (person.name, person.background, person.languages) == ("Ana <b>Example</b>", None, ["Arabic", "English"])
    assert issues(Person, {"id": "ana", "name": "Ana"}) == [FieldIssue((), "missing required field 'role'")]
    assert issues(Person, {"id": "a", "name": "A", "role": "R", "links": [{"title": "x", "url": "javascript:x"}]}) == [
        FieldIssue(("links", 0, "url"), "field 'links[0].url' must be an http:// or https:// address (got 'javascript:')")]


def test_a_verdict_names_reviewers_by_id_and_its_author_as_before() -> None:
    verdict = Verdict.model_validate({"published": "2020-01-01", "author": "Deir ez-Zor desk", "reviewers": ["ana"]})
    assert (verdict.author, verdict.reviewers) == ("Deir ez-Zor desk", ["ana"])
    assert Verdict.model_validate({"published": "2020-01-01"}).reviewers == []
    assert [i.message for i in issues(Verdict, {"published": "2020-01-01", "reviewers": ["Ana Example"]})] == [
        "field 'reviewers[0]': 'Ana Example' is not a valid id"]


def test_history_kinds_are_a_choice_and_the_default_is_update() -> None:
    assert HISTORY_KINDS == ("correction", "update", "clarification")
    assert HistoryEntry.model_validate({"date": "2020-01-01", "note": "n"}).kind == "update"
    (issue,) = issues(HistoryEntry, {"date": "2020-01-01", "note": "n", "kind": "Correction"})
    assert issue.message == "field 'kind': 'Correction' is not one of correction, update, clarification"
    assert issue.hint == "did you mean 'correction'?"


@pytest.mark.parametrize("funder, message", [
    ({"amount": "EUR 1", "band": "EUR 1 to 5"}, "field 'funders[0]' gives both 'amount' and 'band': keep the amount, "
                                                 "or the band it falls in"),
    ({}, "field 'funders[0]' needs an 'amount', or a 'band' (the range the amount falls in)"),
    ({"amount": "EUR 1", "year": 26}, "field 'funders[0].year' must be a year written in full, such as 2026"),
    ({"amount": "EUR 1", "year": 3000}, "field 'funders[0].year' must be a year written in full, such as 2026"),
])
def test_a_funder_gives_an_amount_or_a_band_and_a_full_year(funder: dict, message: str) -> None:
    data = {"id": "organisation", "name": "Desk", "funders": [{"name": "F", "year": 2026, **funder}]}
    assert [i.message for i in issues(Organisation, data)] == [message]


def test_an_organisation_needs_only_a_name_and_checks_its_contact() -> None:
    organisation = Organisation.model_validate({"id": "organisation", "name": "Desk"})
    assert (organisation.funders, organisation.contact, organisation.mission) == ([], None, None)
    assert Funder.model_validate({"name": "F", "year": 1900, "band": "small"}).band == "small"
    assert Contact.model_validate({"email": "desk@example.org"}).email == "desk@example.org"
    for bad in ("desk at example.org", "<desk@example.org>", "desk@example", "a@b@example.org"):
        (issue,) = issues(Contact, {"email": bad})
        assert issue.hint == "an email address, e.g. desk@example.org", bad
