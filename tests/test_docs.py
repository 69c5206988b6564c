"""The documentation stays true: reference current, everything documented, links and
examples working, and the quickstart runnable by a newcomer.

- the generated reference (docs/reference/, `python -m chronique.reference`) matches the code;
- every command is named in the hand-written docs; every option has help text and every
  settings key a comment, so the reference documents them; every export format is named in
  the hand-written docs;
- every relative link of docs/ and README.md points at a file (and heading) that exists;
- the quickstart's ```console commands and its Python snippets run, in a fresh folder with
  articles, and give events;
- the codebook's example sentences are coded as the codebook says;
- the language-pack guide's Spanish example is a pack `load_pack` accepts.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from chronique import reference

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"
# The pages people write; docs/reference/ is generated and checked for staleness instead.
HANDWRITTEN = sorted(DOCS.glob("*.md"))


def _handwritten_text() -> str:
    return "\n".join(p.read_text("utf-8") for p in HANDWRITTEN)


# --- the generated reference ----------------------------------------------------------------


def test_reference_is_current() -> None:
    problems = reference.stale(DOCS / "reference")
    assert not problems, (
        "the generated reference is stale; run `python -m chronique.reference`:\n"
        + "\n".join(problems)
    )


def test_reference_check_names_a_stale_page(tmp_path: Path) -> None:
    assert reference.main(["--out", str(tmp_path)]) == 0
    assert reference.main(["--check", "--out", str(tmp_path)]) == 0
    page = tmp_path / reference.SETTINGS_PAGE
    page.write_text(page.read_text("utf-8").replace("max_file_bytes", "max_bytes"), "utf-8")
    problems = reference.stale(tmp_path)
    assert len(problems) == 1 and str(page) in problems[0] and "max_file_bytes" in problems[0]
    assert reference.main(["--check", "--out", str(tmp_path)]) == 1


def test_settings_comments_follow_their_keys() -> None:
    text = textwrap.dedent(
        """\
        # Header of the file.
        [chronique]
        # One comment for two keys.
        alpha = 1
        beta = "b"
        # Its own comment.
        gamma = [
            "x",
        ]

        delta = true
        """
    )
    keys = {k.key: k for k in reference.settings_keys(text)}
    assert keys["alpha"].comment == keys["beta"].comment == "One comment for two keys."
    assert keys["alpha"].block == keys["beta"].block != keys["gamma"].block
    assert keys["gamma"].comment == "Its own comment." and keys["gamma"].default == ["x"]
    assert keys["delta"].comment == ""  # after a blank line: no comment describes it


# --- everything is documented ---------------------------------------------------------------


def test_every_command_is_in_the_handwritten_docs() -> None:
    text = _handwritten_text()
    missing = [
        c.name
        for c in reference.cli_commands()
        if not c.hidden and not re.search(re.escape(c.name) + r"(?![\w-])", text)
    ]
    assert not missing, f"commands no page of docs/ names (write about them): {missing}"


def test_every_command_and_option_has_help_in_the_reference() -> None:
    page = (DOCS / "reference" / reference.CLI_PAGE).read_text("utf-8")
    sections = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^## (chronique[^\n]*)\n(.*?)(?=^## |\Z)", page, re.M | re.S)
    }
    problems = []
    for cmd in reference.cli_commands():
        if cmd.hidden:
            continue
        if not cmd.help:
            problems.append(f"{cmd.name}: no docstring")
        section = sections.get(cmd.name, "")
        if not section:
            problems.append(f"{cmd.name}: not in the reference")
        for param in cmd.params:
            if not param.help:
                problems.append(f"{cmd.name} {param.names[0]}: no help text")
            if f"`{param.names[0]}`" not in section:
                problems.append(f"{cmd.name} {param.names[0]}: not in the reference")
    assert not problems, "\n".join(problems)


def test_every_setting_has_a_comment_and_is_in_the_reference() -> None:
    page = (DOCS / "reference" / reference.SETTINGS_PAGE).read_text("utf-8")
    keys = reference.settings_keys()
    assert len(keys) > 10
    problems = [f"{k.key}: no comment above it in settings.toml" for k in keys if not k.comment]
    problems += [f"{k.key}: not in the reference" for k in keys if f"`{k.key}`" not in page]
    assert "without a key in settings.toml" not in page, "a Settings field has no default"
    assert not problems, "\n".join(problems)


def test_every_export_format_is_documented() -> None:
    formats = reference.export_formats()
    text = _handwritten_text()
    page = (DOCS / "reference" / reference.EXPORTS_PAGE).read_text("utf-8")
    missing = [f.name for f in formats if f"`{f.name}`" not in text or f"`{f.name}`" not in page]
    assert not missing, f"export formats the docs do not name (as `name`): {missing}"


def test_every_plover_type_and_mode_is_in_the_codebook() -> None:
    from chronique.ontology import load_ontology

    codebook = (DOCS / "codebook.md").read_text("utf-8")
    missing = []
    for name, event_type in load_ontology().types.items():
        if f"`{name}`" not in codebook:
            missing.append(name)
        missing += [f"{name} {m}" for m in event_type.modes if f"`{m}`" not in codebook]
    assert not missing, f"PLOVER types and modes the codebook does not name: {missing}"


# --- links ----------------------------------------------------------------------------------

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.M | re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_DEFINITION = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_HTML_LINK = re.compile(r"<a\s[^>]*href=\"([^\"]+)\"", re.I)


def _prose(text: str) -> str:
    """The text without code blocks and inline code, where link syntax is not a link."""
    return _INLINE_CODE.sub("", _FENCE.sub("", text))


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its words
    text = re.sub(r"<[^>]+>", "", text).replace("`", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = _FENCE.sub("", path.read_text("utf-8"))
    found: set[str] = set()
    for match in re.finditer(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M):
        slug = _slug(match.group(1))
        n, candidate = 0, slug
        while candidate in found:  # GitHub numbers repeated headings: x, x-1, x-2
            n += 1
            candidate = f"{slug}-{n}"
        found.add(candidate)
    found |= set(re.findall(r"<a\s+(?:id|name)=\"([^\"]+)\"", text))
    return found


def _link_targets(text: str) -> list[str]:
    prose = _prose(text)
    return _LINK.findall(prose) + _DEFINITION.findall(prose) + _HTML_LINK.findall(prose)


def test_link_parsing_sees_links_and_ignores_code() -> None:
    text = "See [a](a.md#x) and [b][] and `[c](c.md)`.\n\n```\n[d](d.md)\n```\n[b]: b.md\n"
    assert _link_targets(text) == ["a.md#x", "b.md"]
    assert _slug("Mappings to CAMEO and ACLED") == "mappings-to-cameo-and-acled"
    assert _slug("`chronique run`: the first run") == "chronique-run-the-first-run"
    assert _slug("Precision — of places, and dates") == "precision--of-places-and-dates"


def test_relative_links_point_somewhere() -> None:
    pages = [*sorted(DOCS.rglob("*.md")), ROOT / "README.md"]
    broken = []
    for page in pages:
        for target in _link_targets(page.read_text("utf-8")):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                continue  # http:, https:, mailto: — not ours to check offline
            path_part, _, anchor = target.partition("#")
            dest = (page.parent / path_part).resolve() if path_part else page
            where = f"{page.relative_to(ROOT)}: {target}"
            if not dest.exists():
                broken.append(f"{where} (no such file)")
            elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
                broken.append(f"{where} (no heading #{anchor})")
    assert not broken, "broken links:\n" + "\n".join(broken)


# --- the quickstart -------------------------------------------------------------------------


def console_commands(markdown: str) -> list[str]:
    """The commands of the ```console blocks: lines starting with "$ " (the rest is output)."""
    commands = []
    for block in re.findall(r"^```console[^\n]*\n(.*?)^```", markdown, re.M | re.S):
        commands += [line[2:].strip() for line in block.splitlines() if line.startswith("$ ")]
    return commands


def python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, re.M | re.S)


@pytest.mark.slow
def test_quickstart_runs_on_a_folder_of_articles(tmp_path: Path) -> None:
    """A newcomer's first run: the quickstart's commands, as written, in a fresh folder."""
    from chronique.store import Store

    commands = console_commands((DOCS / "quickstart.md").read_text("utf-8"))
    assert any(c.startswith("chronique run ") for c in commands), commands
    articles = tmp_path / "articles"
    articles.mkdir()
    for story in sorted(EXAMPLES.glob("*.txt"))[:4]:
        shutil.copy(story, articles / story.name)
    venv_bin = Path(sys.executable).parent
    assert (venv_bin / "chronique").is_file(), f"no chronique script beside {sys.executable}"
    env = dict(os.environ)
    env["PATH"] = f"{venv_bin}{os.pathsep}{env.get('PATH', '')}"
    # A fresh machine: no gazetteer built yet (it is built on first use, in this folder).
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env.pop("CHRONIQUE_GAZETTEER", None)
    try:
        for command in commands:
            done = subprocess.run(
                ["bash", "-c", command],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert done.returncode == 0, (
                f"quickstart command failed: {command}\n{done.stdout}\n{done.stderr}"
            )
        stores = {a for c in commands for a in _option_values(c, "--db")}
        assert stores, "the quickstart names no --db"
        for name in stores:
            with Store(str(tmp_path / name)) as store:
                counts = store.counts()
            assert counts["documents"] == 4 and counts["events"] > 0, (name, counts)
        for name in {a for c in commands for a in _option_values(c, "--out")}:
            assert (tmp_path / name).stat().st_size > 0, name
        # The "From Python" snippets, on the store the commands made.
        snippets = python_blocks((DOCS / "quickstart.md").read_text("utf-8"))
        assert snippets, "the quickstart shows no Python"
        done = subprocess.run(
            [sys.executable, "-c", "\n\n".join(snippets)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"quickstart Python failed:\n{done.stderr}"
        assert "ASSAULT" in done.stdout, done.stdout
    finally:
        # The gazetteer is ~100 MB: not left behind in pytest's kept temp folders.
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)


def _option_values(command: str, option: str) -> list[str]:
    words = shlex.split(command)
    return [words[i + 1] for i, w in enumerate(words[:-1]) if w == option]


# --- the codebook's examples ----------------------------------------------------------------


def example_rows(markdown: str, name: str) -> list[list[str]]:
    """The body rows of the table between <!-- examples:NAME --> and <!-- /examples:NAME -->."""
    match = re.search(rf"<!-- examples:{name} -->(.*?)<!-- /examples:{name} -->", markdown, re.S)
    assert match, f"no examples:{name} table"
    rows = []
    for line in match.group(1).strip().splitlines()[2:]:  # skip the header and |---|
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows.append([c.strip("`*_ ") for c in cells])
    return rows


def _code(pipeline: Any, text: str, language: str) -> tuple[Any, ...]:
    import datetime as dt

    import chronique

    doc = chronique.document(text, published=dt.date(2024, 5, 15), language=language)
    coded = pipeline.code(doc)
    assert not isinstance(coded, chronique.Rejection), coded
    return tuple(coded.events)


@pytest.mark.slow
def test_codebook_type_examples_are_coded_as_documented(pipeline: Any) -> None:
    rows = example_rows((DOCS / "codebook.md").read_text("utf-8"), "types")
    assert len(rows) >= 16
    wrong = []
    for event_type, mode, french, english in (r[:4] for r in rows):
        for language, text in (("fr", french), ("en", english)):
            if not text or text == "–":
                continue
            found = [(e.type, e.mode) for e in _code(pipeline, text, language)]
            want_mode = None if mode in ("", "–", "-") else mode
            if not any(t == event_type and (want_mode in (None, m)) for t, m in found):
                wrong.append(f"{event_type}/{mode} [{language}] {text!r} → {found}")
    assert not wrong, "codebook examples coded otherwise:\n" + "\n".join(wrong)


@pytest.mark.slow
def test_codebook_modality_examples_are_coded_as_documented(pipeline: Any) -> None:
    rows = example_rows((DOCS / "codebook.md").read_text("utf-8"), "modality")
    assert {r[0] for r in rows} == {
        "asserted",
        "alleged",
        "possible",
        "planned",
        "negated",
        "denied",
    }
    wrong = []
    for modality, _meaning, french, english in (r[:4] for r in rows):
        for language, text in (("fr", french), ("en", english)):
            found = [e.modality for e in _code(pipeline, text, language)]
            if modality not in found:
                wrong.append(f"{modality} [{language}] {text!r} → {found}")
    assert not wrong, "codebook modality examples coded otherwise:\n" + "\n".join(wrong)


# --- the language-pack guide ----------------------------------------------------------------


def pack_files(markdown: str) -> dict[str, str]:
    """The files of the worked example: a fenced block after <!-- file: lang/xx/name -->."""
    found = re.findall(r"<!-- file: (\S+) -->\s*\n```[^\n]*\n(.*?)^```", markdown, re.M | re.S)
    return dict(found)


def test_the_spanish_example_is_a_valid_pack(tmp_path: Path) -> None:
    """The guide's files, added to a copy of the package, load with `load_pack("es")`."""
    files = pack_files((DOCS / "language-packs.md").read_text("utf-8"))
    assert "lang/es/pack.tsv" in files and "lang/es/triggers.tsv" in files, sorted(files)
    package = ROOT / "src" / "chronique"
    copy = tmp_path / "chronique"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for name, text in files.items():
        assert "\t" in text or name.endswith(".md"), f"{name}: a TSV block lost its tabs"
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        (copy / name).write_text(text, encoding="utf-8")
    # The guide's check, then `chronique info`, both on the copy with the Spanish pack.
    check = (
        "import sys, chronique, chronique.langpack as lp; "
        f"assert chronique.__file__.startswith({str(tmp_path)!r}), chronique.__file__; "
        "p = lp.load_pack('es'); "
        "print(p.name, p.spacy_models, sum(len(v) for v in p.triggers.values())); "
        "sys.argv = ['chronique', 'info']; "
        "from chronique.cli import main; main()"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", check], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    first, _, info = done.stdout.partition("\n")
    assert first.startswith("Spanish ('es_core_news_md', 'es_core_news_sm')"), done.stdout
    assert "language es (Spanish): model" in info, info
