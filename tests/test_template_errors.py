"""generator.template_errors in-process: a template's error as one `file:line: error: message` line,
the file shown as other messages show paths, and the preview page that shows it.

The same messages from `mkdocs build`, `python -m generator build` and `mkdocs serve` are tested
in test_plugin_security.py (other processes) and test_plugin.py (the plugin in this process).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.template_errors import describe, error_page


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/templates holding broken templates, with tmp as the working folder."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.md.j2").write_text("# Page\n{% include 'part.md.j2' %}\n", encoding="utf-8")
    (folder / "part.md.j2").write_text("one\ntwo\n{{ {}.no_such_key }}\n", encoding="utf-8")
    (folder / "syntax.md.j2").write_text("fine\n{% if %}\n", encoding="utf-8")
    (folder / "undefined.md.j2").write_text("{{ no_such_value }}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def error_of(folder: Path, name: str) -> jinja2.TemplateError:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), undefined=jinja2.StrictUndefined)
    with pytest.raises(jinja2.TemplateError) as raised:
        environment.get_template(name).render()
    return raised.value


def test_a_syntax_error_names_its_template_and_line(templates: Path) -> None:
    error = error_of(templates, "syntax.md.j2")
    expected = "templates/syntax.md.j2:2: error: Expected an expression, got 'end of statement block'"
    assert describe(error, [None, templates]) == expected
    assert describe(error, []) == expected, "a syntax error knows its file, wherever it is"


def test_a_rendering_error_names_the_innermost_template_and_line(templates: Path) -> None:
    error = error_of(templates, "page.md.j2")
    assert describe(error, [templates]) == "templates/part.md.j2:3: error: 'dict object' has no attribute 'no_such_key'"
    assert describe(error_of(templates, "undefined.md.j2"), [None, templates]) == (
        "templates/undefined.md.j2:1: error: 'no_such_value' is undefined")


def test_template_folders_may_be_given_relative_to_the_working_folder(templates: Path) -> None:
    error = error_of(templates, "page.md.j2")
    assert describe(error, [Path("templates")]) == (
        "templates/part.md.j2:3: error: 'dict object' has no attribute 'no_such_key'")


def test_a_rendering_error_outside_the_template_folders_has_no_line(templates: Path, tmp_path: Path) -> None:
    error = error_of(templates, "page.md.j2")
    (tmp_path / "other").mkdir()
    assert describe(error, [tmp_path / "other"]) == "error: 'dict object' has no attribute 'no_such_key'"
    assert describe(error, []) == "error: 'dict object' has no attribute 'no_such_key'"


def test_an_error_in_a_template_given_as_text_has_no_file(templates: Path) -> None:
    environment = jinja2.Environment()
    with pytest.raises(jinja2.TemplateSyntaxError) as raised:
        environment.from_string("{% if %}")
    assert describe(raised.value, [templates]) == "error: Expected an expression, got 'end of statement block'"
    with pytest.raises(jinja2.UndefinedError) as undefined:
        jinja2.Environment(undefined=jinja2.StrictUndefined).from_string("{{ x.y }}").render()
    assert describe(undefined.value, [templates]) == "error: 'x' is undefined"


def test_a_missing_template_names_the_folders_searched(templates: Path, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    error = error_of(templates, "missing.md.j2")
    assert describe(error, [tmp_path / "mine", None, templates]) == (
        "error: template 'missing.md.j2' not found in mine, templates")
    assert describe(error, []) == "error: template 'missing.md.j2' not found in the templates"


def test_paths_outside_the_working_folder_are_shown_whole(templates: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert describe(error_of(templates, "syntax.md.j2"), [templates]) == (
        f"{templates}/syntax.md.j2:2: error: Expected an expression, got 'end of statement block'")
    assert describe(error_of(templates, "missing.md.j2"), [templates]) == (
        f"error: template 'missing.md.j2' not found in {templates}")


def test_an_error_raised_outside_an_environment_shows_only_its_message(templates: Path) -> None:
    """Not translated by Jinja2 (an extension may raise it), its str() adds the file and line again."""
    error = jinja2.TemplateSyntaxError("bad thing", 3, "x.md.j2", str(templates / "x.md.j2"))
    assert describe(error, [templates]) == "templates/x.md.j2:3: error: bad thing"


def test_a_message_is_put_on_one_line() -> None:
    assert describe(jinja2.TemplateError("first line\n   second\tline "), []) == "error: first line second line"
    assert describe(jinja2.TemplateError(), []) == "error: TemplateError"  # no message: its kind


def test_the_error_page_shows_the_message_as_text() -> None:
    page = error_page("templates/a.md.j2:3: error: <b>`x`</b>")
    assert page.path == "index.md"
    assert page.source is None and page.updated is None
    assert page.text == (
        '---\ntitle: "Template error"\nhide: ["navigation", "toc"]\n---\n'
        "# A template has an error\n\n"
        "`mkdocs serve` could not render the pages. Fix the template named below and save: this page reloads "
        "with the site as soon as the templates render. The same message is in the terminal.\n\n"
        "- templates/a&#46;md&#46;j2&#58;3&#58; error&#58; &#60;b&#62;&#96;x&#96;&#60;/b&#62;\n")
