"""generator.cards: the share cards, drawn with Pillow, shaped with libraqm, cached by what they show."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageFont

import generator.cards as cards
from generator.cards import (ELLIPSIS, HEIGHT, WIDTH, CardCache, CardError, ClaimCard, Fonts, ReportCard, SiteCard,
                             Tally, card_key, card_png, draw, find_fonts, has_rtl, shapes_rtl, wrap)
from generator.content import load_valid_content
from generator.sharing import claim_card
from generator.site import Publisher, Site
from sitebuild import FIXTURES, REPO
from tools import missing

ARTIFACTS = REPO / "test-artifacts" / "share-cards"
CLAIM = ClaimCard(claim="Four air strikes killed 62 soldiers and wounded about 100 others.",
                  claimant="Ministry of Defence", date="17 September 2016", verdict="Mostly false",
                  color="#b3261e", site_name="Test Fact Desk")
ARABIC = ClaimCard(claim="أعيد فتح المستشفى الرئيسي بعد أعمال الترميم.", claimant="مديرية الصحة",
                   date="20 February 2025", verdict="Accurate", color="#1b7f3b", site_name="Test Fact Desk")
CLAIM_AREA = (64, 110, WIDTH - 64, 380)  # where a claim card writes the claim


def fonts(rtl: bool = True) -> Fonts:
    try:
        folder = find_fonts()
    except CardError:
        missing("DejaVu Sans (Debian: fonts-dejavu-core)", "make card-deps (apt-get install fonts-dejavu-core)")
    return Fonts(folder, rtl)


def needs_raqm() -> None:
    if not shapes_rtl():
        missing("libraqm in Pillow, with FriBiDi", "make card-deps (apt-get install libfribidi0)")


def image_of(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def pixels_of(image: Image.Image, color: str, box: tuple[int, int, int, int] | None = None) -> int:
    """How many pixels (in box) are exactly this colour."""
    rgb = Image.new("RGB", (1, 1), color).getpixel((0, 0))
    region = image.convert("RGB").crop(box) if box else image.convert("RGB")
    return sum(count for count, value in region.getcolors(maxcolors=1 << 20) if value == rgb)


def ink(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How many pixels in box are not the white paper."""
    return box_area(box) - pixels_of(image, "#ffffff", box)


def box_area(box: tuple[int, int, int, int]) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


# --- the image ------------------------------------------------------------------------------------


def test_a_claim_card_is_a_1200_by_630_png_showing_its_rating_colour() -> None:
    png, drawn = card_png(CLAIM, CardCache(None), rtl=True)
    assert drawn
    image = image_of(png)
    assert (image.format, image.size, image.mode) == ("PNG", (WIDTH, HEIGHT), "RGB")
    # The verdict's box and the band across the top: thousands of pixels of the rating's colour.
    assert pixels_of(image, CLAIM.color) > 20_000
    assert pixels_of(image, CLAIM.color, (0, 0, WIDTH, 18)) == WIDTH * 18
    # The label is written in white on the box (the lower left of the card).
    assert pixels_of(image, "#ffffff", (64, 506, 600, 588)) > 1_000
    assert ink(image, CLAIM_AREA) > 5_000  # the claim itself


def test_a_report_card_shows_each_rating_of_its_tally_in_its_colour() -> None:
    tally = (Tally("False", "#b3261e", 2), Tally("Unproven", "#6b6b6b", 1), Tally("True", "#1b7f3b", 3))
    image = draw(ReportCard("Review of the ministry briefing", tally, "Test Fact Desk"), fonts())
    bar = (64, 410, WIDTH - 64, 454)
    shares = {item.color: pixels_of(image, item.color, bar) / box_area(bar) for item in tally}
    assert shares == pytest.approx({"#b3261e": 2 / 6, "#6b6b6b": 1 / 6, "#1b7f3b": 3 / 6}, abs=0.01)


def test_the_site_card_names_the_site() -> None:
    image = draw(SiteCard("Test Fact Desk", "Sourced fact-checks, claim by claim."), fonts())
    assert image.size == (WIDTH, HEIGHT)
    assert ink(image, (64, 170, WIDTH - 64, 330)) > 5_000


def test_an_arabic_claim_is_shaped_and_drawn_right_to_left() -> None:
    needs_raqm()
    font = fonts().get(46)
    basic = ImageFont.truetype(str(find_fonts() / cards.REGULAR), 46, layout_engine=ImageFont.Layout.BASIC)
    # Shaping joins the letters: the word is narrower than its isolated letters side by side.
    assert font.getlength("المستشفى") < basic.getlength("المستشفى")
    image = draw(ARABIC, fonts())
    right, left = (WIDTH // 2, 110, WIDTH - 64, 180), (64, 110, WIDTH // 2, 180)
    assert ink(image, right) > ink(image, left)  # a short right-to-left line sits against the right margin


def test_without_raqm_right_to_left_text_is_left_out_never_drawn_reversed() -> None:
    image = draw(ARABIC, fonts(rtl=False))
    assert ink(image, CLAIM_AREA) == 0  # neither the claim…
    assert pixels_of(image, ARABIC.color) > 20_000  # …but the verdict, the date and the site's name
    assert ink(image, (64, 400, WIDTH - 64, 440)) > 500
    latin = draw(CLAIM, fonts(rtl=False))
    assert ink(latin, CLAIM_AREA) > 5_000  # text of other scripts is drawn as usual


def test_right_to_left_text_is_recognised() -> None:
    assert has_rtl("قال الجيش") and has_rtl("מעבר הגבול") and has_rtl("یارانه سوخت") and has_rtl("a ב c")
    assert not has_rtl("The price of bread") and not has_rtl("面包价格")


def test_the_arabic_claim_of_the_varied_fixture_has_a_card_kept_as_a_test_artifact() -> None:
    """Look at test-artifacts/share-cards/hospital-reopened.png: the Arabic reads right to left, joined."""
    needs_raqm()
    content, _ = load_valid_content(FIXTURES / "varied", jobs=1)
    site = Site(Publisher("Varied Fact Desk"), site_url="https://facts.example.org/")
    card = claim_card(content.claims["hospital-reopened"], content, site)
    assert has_rtl(card.claim) and has_rtl(card.claimant)
    png, _ = card_png(card, CardCache(None))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "hospital-reopened.png").write_bytes(png)
    image = image_of(png)
    assert image.size == (WIDTH, HEIGHT)
    assert pixels_of(image, content.ratings[content.claims["hospital-reopened"].verdict.rating].color) > 20_000
    assert ink(image, CLAIM_AREA) > 2_000


# --- the text ------------------------------------------------------------------------------------


def test_a_long_claim_is_shortened_with_an_ellipsis_and_a_short_one_is_not() -> None:
    font = fonts().get(46)
    long = "word " * 200
    lines = wrap(long, font, 1000, 4)
    assert len(lines) == 4 and lines[-1].endswith(ELLIPSIS)
    assert all(font.getlength(line) <= 1000 for line in lines)
    assert wrap("Exports reached a record.", font, 1000, 4) == ["Exports reached a record."]


def test_text_without_spaces_is_broken_between_characters() -> None:
    font = fonts().get(46)
    lines = wrap("出口" * 100, font, 500, 3)
    assert len(lines) == 3 and lines[-1].endswith(ELLIPSIS)
    assert all(0 < font.getlength(line) <= 500 for line in lines)


def test_line_breaks_and_runs_of_spaces_in_the_text_are_one_space() -> None:
    assert wrap("a\n\nb   c\td", fonts().get(30), 1000, 2) == ["a b c d"]


# --- the cache -----------------------------------------------------------------------------------


def test_a_cached_card_is_not_drawn_again(tmp_path: Path) -> None:
    cache = CardCache(tmp_path / "cards")
    first, drawn = card_png(CLAIM, cache)
    assert drawn and [p.name for p in (tmp_path / "cards").iterdir()] == [f"{card_key(CLAIM, shapes_rtl())}.png"]
    again, drawn_again = card_png(CLAIM, cache)
    assert (again, drawn_again) == (first, False)


@pytest.mark.parametrize("change", [{"claim": "Another claim."}, {"claimant": "Someone else"}, {"date": "1 May 2020"},
                                    {"verdict": "False"}, {"color": "#000000"}, {"site_name": "Another desk"}])
def test_a_card_is_drawn_again_when_anything_it_shows_changes(change: dict, tmp_path: Path) -> None:
    from dataclasses import replace

    cache = CardCache(tmp_path)
    card_png(CLAIM, cache)
    assert card_key(replace(CLAIM, **change), True) != card_key(CLAIM, True)
    assert card_png(replace(CLAIM, **change), cache)[1] is True


def test_the_key_changes_with_the_way_right_to_left_text_is_drawn() -> None:
    assert card_key(ARABIC, True) != card_key(ARABIC, False)
    assert card_key(SiteCard("A", "B"), True) != card_key(ClaimCard("A", "B", "", "", "", ""), True)


def test_a_cache_that_cannot_be_written_only_costs_a_drawing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    png, drawn = card_png(CLAIM, CardCache(blocked / "cards"))
    assert drawn and image_of(png).size == (WIDTH, HEIGHT)


def test_a_rebuild_draws_only_the_cards_of_what_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.build import Settings, build_site

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "varied", content)
    settings = Settings(jobs=1, card_cache=tmp_path / "cache")
    site = Site(Publisher("Varied Fact Desk"), site_url="https://facts.example.org/")
    drawn: list[object] = []
    real_draw = cards.draw
    monkeypatch.setattr(cards, "draw", lambda card, fonts: drawn.append(card) or real_draw(card, fonts))
    first = build_site(content, site, settings)
    assert len(drawn) == 1 + 7 + 5  # the site's, each claim's and each report's
    drawn.clear()
    assert {f.path: f.data for f in build_site(content, site, settings).files} == {f.path: f.data for f in first.files}
    assert drawn == []
    claim = content / "claims" / "export-record.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("Exports reached a record in 2024.",
                                                               "Exports reached a record high in 2024."), encoding="utf-8")
    build_site(content, site, settings)
    assert [card.claim for card in drawn] == ["Exports reached a record high in 2024."]


# --- the fonts -----------------------------------------------------------------------------------


def test_missing_fonts_are_named_with_where_they_were_looked_for(tmp_path: Path) -> None:
    with pytest.raises(CardError, match=r"the share cards' font \(DejaVuSans.ttf, DejaVuSans-Bold.ttf\) is not in "):
        find_fonts((tmp_path,))
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"")
    (tmp_path / "DejaVuSans-Bold.ttf").write_bytes(b"")
    assert find_fonts((tmp_path / "nowhere", tmp_path)) == tmp_path


def test_a_build_without_the_fonts_reports_how_to_install_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.build import Settings, build_site

    monkeypatch.setattr(cards, "FONT_DIRS", (tmp_path,))
    config = tmp_path / "mkdocs.yml"
    build = build_site(FIXTURES / "minimal", Site(), Settings(jobs=1, config_file=config))
    assert build.files == []
    assert [str(p) for p in build.problems.errors] == [
        f"{config}:1:1: error: the share cards' font (DejaVuSans.ttf, DejaVuSans-Bold.ttf) is not in {tmp_path} "
        "(hint: install Debian's fonts-dejavu-core (`make site` does), or set the factcheck plugin's option "
        "share_cards: false)"]
    without_cards = build_site(FIXTURES / "minimal", Site(share_cards=False), Settings(jobs=1, config_file=config))
    assert not without_cards.problems.errors and not any(f.path.endswith(".png") for f in without_cards.files)
