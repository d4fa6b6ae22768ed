"""Synthetic but realistic content trees for the benchmark: N claims and everything they cite.

The shape follows a working fact-check desk: one claimant per ~20 claims, one source per
~2 claims (each claim cites 2-4 of them, so sources are shared), one report per ~8 claims
and every claim in exactly one report, a tag vocabulary of ~150 tags, all six ratings of the
demo scale. Text mixes Latin, Arabic, Cyrillic and CJK script with some emoji, at the lengths
editors write: a one-sentence claim, a two-sentence summary, three paragraphs of analysis.

Everything is drawn from a seeded random generator, so the same N always gives the same tree,
and every tree validates without errors or warnings (every source is cited, every claim is in
a report, no verdict predates its claim).
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
RATINGS_FILE = REPO / "content" / "ratings.yaml"

# The word every claim's analysis contains, so a search for it matches many pages
# (the "common word" of the first-query measurement).
COMMON_WORD = "ceasefire"

LATIN = """the ministry said that forces killed wounded civilians near city village airbase strike convoy
hospital school market bridge road checkpoint army rebels coalition government officials report
statement figures casualties displaced refugees aid shelter water fuel prices border crossing
according monitoring group sources confirmed denied claimed investigation evidence satellite images
video footage witnesses local council spokesman press conference weeks months earlier later since
during after before about least more than dozens hundreds thousands per cent million budget""".split()
LATIN_ACCENTED = "réfugiés déplacés cessez-le-feu hôpital négociations segurança ministério população área".split()
ARABIC = """قالت الوزارة إن القوات قتلت مدنيين قرب المدينة القرية المطار الغارة القافلة المستشفى المدرسة
السوق الجسر الطريق الحاجز الجيش المعارضة التحالف الحكومة المسؤولين التقرير البيان الأرقام الضحايا
النازحين اللاجئين المساعدات المياه الوقود الأسعار الحدود المعبر وفقا مصادر أكدت نفت التحقيق""".split()
CYRILLIC = """министерство заявило что силы убили ранили мирных жителей возле города деревни аэродрома удар
колонна больница школа рынок мост дорога блокпост армия повстанцы коалиция правительство чиновники
доклад заявление данные потери беженцы помощь вода топливо цены граница пункт пропуска источники""".split()
CJK = """国防部 表示 部队 打死 打伤 平民 城市 附近 村庄 机场 空袭 车队 医院 学校 市场 桥梁 道路 检查站 军队
叛军 联军 政府 官员 报告 声明 数字 伤亡 流离失所 难民 援助 饮用水 燃料 价格 边境 口岸 监测 消息""".split()
EMOJI = ["🚨", "🔥", "💥", "🇸🇾", "📢", "✅", "❌", "😡", "🙏", "📸", "🕊️", "⚠️"]

SCRIPTS = [("latin", 0.55), ("arabic", 0.15), ("cyrillic", 0.12), ("cjk", 0.12), ("emoji", 0.06)]
LANGUAGE_OF = {"latin": "en", "arabic": "ar", "cyrillic": "ru", "cjk": "zh", "emoji": "en"}
SOURCE_KINDS = ["news", "statement", "report", "dataset", "interview", "social-media", "other"]
PUBLISHERS = ["Reuters", "Agence France-Presse", "Associated Press", "Al Jazeera", "RIA Novosti", "SANA",
              "Enab Baladi", "Новая газета", "الشرق الأوسط", "新华社", "BBC Arabic", "Le Monde", "Der Spiegel",
              "Syrian Observatory for Human Rights", "UN OCHA", "Airwaves 📻 Collective"]
TAG_ROOTS = ["casualties", "displacement", "aid", "airstrikes", "ceasefire", "prices", "elections", "borders",
             "detention", "chemical weapons", "reconstruction", "sanctions", "refugees", "water", "health",
             "جرحى", "لاجئون", "مساعدات", "беженцы", "санкции", "перемирие", "难民", "援助", "停火", "🕊️ peace"]


@dataclass(frozen=True)
class Sizes:
    claims: int
    claimants: int
    sources: int
    reports: int
    tags: int

    @classmethod
    def for_claims(cls, n: int) -> Sizes:
        return cls(claims=n, claimants=max(5, n // 20), sources=max(10, n // 2), reports=max(1, n // 8),
                   tags=min(150, max(10, n // 5)))


class _LiteralDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes multi-line text as `|` blocks, the way editors write analysis."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_LiteralDumper.add_representer(str, _represent_str)


class TextMaker:
    """Sentences and paragraphs in several scripts, from one seeded random generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def script(self) -> str:
        return self.rng.choices([s for s, _ in SCRIPTS], [w for _, w in SCRIPTS])[0]

    def words(self, script: str, count: int) -> str:
        rng = self.rng
        if script == "cjk":
            return "".join(rng.choice(CJK) for _ in range(count)) + "。"
        pool = {"arabic": ARABIC, "cyrillic": CYRILLIC}.get(script, LATIN)
        chosen = [rng.choice(LATIN_ACCENTED if pool is LATIN and rng.random() < 0.05 else pool) for _ in range(count)]
        if script == "emoji":
            chosen.insert(rng.randrange(len(chosen) + 1), rng.choice(EMOJI))
        text = " ".join(chosen)
        return text[:1].upper() + text[1:] + ("؟" if script == "arabic" and rng.random() < 0.2 else ".")

    def sentence(self, low: int, high: int, script: str | None = None) -> str:
        return self.words(script or self.script(), self.rng.randint(low, high))

    def paragraph(self, sentences: int) -> str:
        """Editors' Markdown: English prose with quoted phrases in other scripts and some emphasis."""
        parts = []
        for index in range(sentences):
            text = self.sentence(10, 22, "latin")
            if index == 0:
                text = f"**{text[:-1]}.**"
            if self.rng.random() < 0.3:
                text += f" One source put it as «{self.sentence(4, 9)}»"
            parts.append(text)
        return " ".join(parts)

    def analysis(self) -> str:
        paragraphs = [self.paragraph(self.rng.randint(3, 5)) for _ in range(3)]
        paragraphs[1] += f" The {COMMON_WORD} terms did not settle the question."
        return "\n\n".join(paragraphs) + "\n"


def write_content(root: Path, n_claims: int, seed: int = 7) -> Sizes:
    """Write a content tree for n_claims into root (replaced); return the numbers of each kind."""
    sizes = Sizes.for_claims(n_claims)
    rng = random.Random(seed)
    text = TextMaker(rng)
    if root.exists():
        shutil.rmtree(root)
    for folder in ("claimants", "sources", "claims", "reports"):
        (root / folder).mkdir(parents=True)
    shutil.copyfile(RATINGS_FILE, root / "ratings.yaml")
    ratings = [item["id"] for item in yaml.safe_load(RATINGS_FILE.read_text(encoding="utf-8"))]
    ratings = [_as_id(r) for r in ratings]

    claimant_ids = [f"claimant-{i:05d}" for i in range(sizes.claimants)]
    for claimant_id in claimant_ids:
        _dump(root / "claimants" / f"{claimant_id}.yaml", _claimant(text))
    source_ids = [f"source-{i:05d}" for i in range(sizes.sources)]
    for index, source_id in enumerate(source_ids):
        # Neighbouring sources, which a claim cites together, have different publishers: no verdict
        # rests on a single publisher (which validate warns about).
        _dump(root / "sources" / f"{source_id}.yaml", {**_source(text), "publisher": PUBLISHERS[index % len(PUBLISHERS)]})
    tags = _tags(rng, sizes.tags)

    claim_ids = [f"claim-{i:05d}" for i in range(sizes.claims)]
    report_of_claim = [i * sizes.reports // sizes.claims for i in range(sizes.claims)]
    # Reports review the first sources; claims cite the others round-robin first, so each is cited.
    cited_pool = source_ids[sizes.reports:] or source_ids
    for index, claim_id in enumerate(claim_ids):
        evidence_ids = [cited_pool[(index * 3 + k) % len(cited_pool)] for k in range(rng.randint(2, 4))]
        claim = _claim(text, rng, claimant_ids, ratings, tags, source_ids[report_of_claim[index]],
                       list(dict.fromkeys(evidence_ids)))
        _dump(root / "claims" / f"{claim_id}.yaml", claim)
    claims_of_report: list[list[str]] = [[] for _ in range(sizes.reports)]
    for claim_id, report_index in zip(claim_ids, report_of_claim):
        claims_of_report[report_index].append(claim_id)
    for report_index, listed in enumerate(claims_of_report):
        _dump(root / "reports" / f"report-{report_index:05d}.yaml", _report(text, source_ids[report_index], listed))
    return sizes


def _as_id(value: Any) -> str:
    """ratings.yaml writes true/false unquoted; YAML 1.1 reads them as booleans."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.dump(data, Dumper=_LiteralDumper, allow_unicode=True, sort_keys=False, width=100),
                    encoding="utf-8")


def _day(rng: random.Random, start: date = date(2014, 1, 1), span_days: int = 4000) -> date:
    return start + timedelta(days=rng.randrange(span_days))


def _tags(rng: random.Random, count: int) -> list[str]:
    tags = list(dict.fromkeys(TAG_ROOTS))
    while len(tags) < count:
        tags.append(f"{rng.choice(TAG_ROOTS)} {rng.choice(['idlib', 'aleppo', 'дейр-эз-зор', 'حمص', '拉卡', 'daraa'])}"
                    f" {len(tags)}")
    return tags[:count]


def _claimant(text: TextMaker) -> dict[str, Any]:
    rng = text.rng
    person = rng.random() < 0.4
    script = text.script()
    name = text.words(script, rng.randint(2, 4)).rstrip(".。؟")
    data: dict[str, Any] = {"name": name, "kind": "person" if person else "organization"}
    if rng.random() < 0.8:
        data["description"] = text.sentence(12, 30, "latin")
    if rng.random() < 0.6:
        data["url"] = f"https://example.org/{'people' if person else 'orgs'}/{rng.randrange(10**6)}"
    return data


def _source(text: TextMaker) -> dict[str, Any]:
    rng = text.rng
    script = text.script()
    published = _day(rng)
    data: dict[str, Any] = {
        "title": text.sentence(6, 14, script).rstrip("."),
        "publisher": rng.choice(PUBLISHERS),
        "url": f"https://news.example.com/{published.year}/{rng.randrange(10**8)}-{rng.choice(LATIN)}",
    }
    data["archive_url"] = f"https://web.archive.org/web/{published:%Y%m%d}000000/{data['url']}"  # none warns
    data["published"] = published
    data["accessed"] = published + timedelta(days=rng.randrange(1, 3000))
    data["kind"] = rng.choice(SOURCE_KINDS)
    data["language"] = LANGUAGE_OF[script]
    return data


def _claim(text: TextMaker, rng: random.Random, claimants: list[str], ratings: list[str], tags: list[str],
           appearance: str, evidence: list[str]) -> dict[str, Any]:
    made = _day(rng)
    published = made + timedelta(days=rng.randrange(1, 60))
    data: dict[str, Any] = {
        "claim": text.sentence(8, 25),
        "claimant": rng.choice(claimants),
        "date": made,
        "appearance": appearance,
    }
    if rng.random() < 0.7:
        data["context"] = text.sentence(15, 30, "latin")
    data["tags"] = rng.sample(tags, rng.randint(1, min(4, len(tags))))
    verdict: dict[str, Any] = {
        "rating": rng.choice(ratings),
        "summary": f"{text.sentence(10, 20, 'latin')} {text.sentence(8, 18, 'latin')}",
        "analysis": text.analysis(),
        "evidence": [_evidence(text, source) for source in evidence],
        "author": rng.choice(["Deir ez-Zor desk", "Aleppo desk", "Data team", "مكتب دمشق", "Отдел проверки"]),
        "published": published,
    }
    if rng.random() < 0.2:
        verdict["updated"] = published + timedelta(days=rng.randrange(1, 30))
        data["history"] = [{"date": verdict["updated"], "note": text.sentence(8, 20, "latin")}]
    data["verdict"] = verdict
    return data


def _evidence(text: TextMaker, source: str) -> dict[str, Any]:
    item: dict[str, Any] = {"source": source}
    if text.rng.random() < 0.8:
        item["quote"] = text.sentence(8, 25)
    if text.rng.random() < 0.8:
        item["note"] = text.sentence(8, 20, "latin")
    return item


def _report(text: TextMaker, source: str, claims: list[str]) -> dict[str, Any]:
    rng = text.rng
    return {
        "title": text.sentence(6, 14).rstrip("."),
        "source": source,
        "published": _day(rng, date(2024, 1, 1), 700),
        "summary": "\n\n".join(text.paragraph(rng.randint(2, 4)) for _ in range(2)) + "\n",
        "claims": claims,
    }
