"""The book builds strictly and renders offline.

The session fixture ``book_build`` (tests/conftest.py) builds the whole book from an empty output folder with
``jupyter-book build <repo> --all -W -n --keep-going``: every chapter is executed, and a failing cell,
a broken cross-reference or citation, or any other Sphinx warning fails the build. The tests then
read the built HTML: nothing may be loaded from the network (scripts, stylesheets, fonts, images),
MathJax must be served from the site itself, and the kinematics chapter must carry its math as
MathJax input.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"

# Tags that make a browser fetch something, and the attributes holding the address.
LOADING_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
}
# <link rel=...> values that do not load anything on their own (pure navigation metadata).
NON_LOADING_LINK_RELS = {"index", "search", "next", "prev", "canonical", "alternate", "author",
                         "help", "license", "top", "up", "first", "last", "contents", "copyright"}


SPHINX_PROBLEM = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE):")


def _is_remote(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme in {"http", "https", "ftp", "ws", "wss"}


class _ResourceCollector(HTMLParser):
    """Collect (tag, attribute, address) of every resource a page makes the browser load."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.loads: list[tuple[str, str, str]] = []
        self.script_srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in LOADING_ATTRS:
            return
        a = {k: (v or "") for k, v in attrs}
        if tag == "link":
            rels = set(a.get("rel", "").lower().split())
            if rels and rels <= NON_LOADING_LINK_RELS:
                return
        for name in LOADING_ATTRS[tag]:
            if name in a and a[name]:
                for url in a[name].split(",") if name == "srcset" else [a[name]]:
                    self.loads.append((tag, name, url.strip().split(" ")[0]))
        if tag == "script" and a.get("src"):
            self.script_srcs.append(a["src"])


def _parse(page: Path) -> _ResourceCollector:
    collector = _ResourceCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


@pytest.fixture(scope="module")
def strict_build(book_build):
    """The strict build from nothing (``book_build`` in conftest.py builds the book once per
    session with ``--all -W -n --keep-going``; the browser test shares it)."""
    return book_build


@pytest.fixture(scope="module")
def built_html(strict_build) -> Path:
    """The html/ folder of a successful strict build (tests that need it skip if it failed)."""
    if not strict_build.ok:
        pytest.skip("the strict book build failed: see test_strict_book_build_has_no_warnings")
    return strict_build.html


def test_strict_book_build_has_no_warnings(strict_build) -> None:
    """`jupyter-book build . --all -W -n --keep-going` from nothing: exit 0, no warning at all."""
    if not strict_build.ok:
        pytest.fail(f"strict book build failed (exit {strict_build.returncode}); "
                    "warnings/errors:\n" + "\n".join(dict.fromkeys(strict_build.problems[:40]))
                    + f"\n--- last lines of the build log ---\n{strict_build.log_tail}",
                    pytrace=False)


def _pages(html: Path) -> list[Path]:
    pages = sorted(p for p in html.rglob("*.html") if "_static" not in p.parts)
    assert pages, f"no HTML pages found under {html}"
    return pages


def _toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files: list[str] = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return [str(Path(f).with_suffix("")) for f in files]


def test_every_chapter_page_was_built(built_html: Path) -> None:
    for entry in _toc_files():
        assert (built_html / f"{entry}.html").is_file(), f"{entry} is in _toc.yml but was not built"


def test_no_page_loads_anything_from_the_network(built_html: Path) -> None:
    remote = []
    for page in _pages(built_html):
        for tag, attr, url in _parse(page).loads:
            if _is_remote(url):
                remote.append(f"{page.relative_to(built_html)}: <{tag} {attr}={url!r}>")
    assert not remote, "built pages load remote resources (the book must render offline):\n" + \
        "\n".join(remote[:30])


def test_no_stylesheet_imports_remote_resources(built_html: Path) -> None:
    offenders = []
    for css in built_html.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        for marker in ("url(http", "url(\"http", "url('http", "url(//", "@import \"http",
                       "@import 'http", "@import url(http"):
            if marker in text:
                offenders.append(f"{css.relative_to(built_html)}: {marker}")
    assert not offenders, "stylesheets fetch remote resources (fonts?):\n" + "\n".join(offenders)


def test_mathjax_is_served_locally(built_html: Path) -> None:
    for page in _pages(built_html):
        srcs = [s for s in _parse(page).script_srcs if "mathjax" in s.lower()]
        if not srcs:
            continue
        for src in srcs:
            assert not _is_remote(src), f"{page.name} loads MathJax from {src}"
            target = (page.parent / urlsplit(src).path).resolve()
            assert target.is_file(), f"{page.name} loads MathJax from {src}, which is not in the site"
        break
    else:
        pytest.fail("no page loads MathJax at all")
    fonts = list((built_html / "_static" / "mathjax").rglob("*.woff*"))
    assert fonts, "MathJax fonts are not bundled in the site (they would come from a CDN)"


def test_kinematics_page_has_mathjax_input(built_html: Path) -> None:
    if not (BOOK / "kinematics.ipynb").exists():
        pytest.skip("book/kinematics.ipynb does not exist yet: nothing to check")
    page = built_html / "book" / "kinematics.html"
    assert page.is_file(), "book/kinematics.ipynb exists but kinematics.html was not built " \
        "(is it listed in _toc.yml?)"
    text = page.read_text(encoding="utf-8")
    assert 'class="math' in text, "no math element on the kinematics page"
    assert ("\\(" in text) or ("\\[" in text) or ("$$" in text), \
        "no MathJax input delimiters on the kinematics page"
    assert any("mathjax" in s.lower() for s in _parse(page).script_srcs), \
        "the kinematics page does not load MathJax"


def _notebooks() -> list[Path]:
    return sorted(p for p in BOOK.rglob("*.ipynb")
                  if ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts)


def test_every_notebook_is_in_the_toc() -> None:
    listed = set(_toc_files())
    missing = [str(nb.relative_to(ROOT)) for nb in _notebooks()
               if str(nb.relative_to(ROOT).with_suffix("")) not in listed]
    assert not missing, f"notebooks not listed in _toc.yml (they would not be built): {missing}"


def test_every_toc_entry_exists() -> None:
    missing = [f for f in _toc_files()
               if not any((ROOT / f).with_suffix(s).is_file() for s in (".md", ".ipynb"))]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


MACHINE_PATHS = ("/tmp/", "/root/", "/home/", "/work/", "/Users/", "C:\\\\")


@pytest.mark.parametrize("nb", _notebooks(), ids=lambda p: p.name)
def test_notebook_outputs_are_clean(nb: Path) -> None:
    """Committed chapters: executed in order, kernel python3, no stderr, no machine paths."""
    data = json.loads(nb.read_text(encoding="utf-8"))
    kernel = data.get("metadata", {}).get("kernelspec", {}).get("name")
    assert kernel == "python3", f"kernelspec name is {kernel!r}, expected 'python3'"
    problems = []
    counts = []
    for i, cell in enumerate(data["cells"]):
        if cell["cell_type"] != "code":
            continue
        counts.append(cell.get("execution_count"))
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append(f"cell {i}: stderr output {''.join(out.get('text', ''))[:120]!r}")
            if out.get("output_type") == "error":
                problems.append(f"cell {i}: error output {out.get('ename')}")
            text = json.dumps({k: v for k, v in out.get("data", {}).items()
                               if not k.startswith("image/")}) + json.dumps(out.get("text", ""))
            for marker in MACHINE_PATHS:
                if marker in text:
                    problems.append(f"cell {i}: output contains a machine path ({marker})")
    executed = [c for c in counts if c is not None]
    if counts and not executed:
        problems.append("no code cell has an execution count: commit the chapter executed")
    elif executed != sorted(executed) or len(set(executed)) != len(executed):
        problems.append(f"cells were not executed top to bottom in one run: {executed}")
    assert not problems, f"{nb.name}:\n" + "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# Figures: stored as image/png (visible in JupyterLab and nbconvert, never compared by nbval),
# captioned through the cell metadata ``mystnb: figure: {caption, name}``, shown once in the book.

GLUE_IMAGE_PREFIX = "application/papermill.record/image/"
MAX_PNG_BASE64 = 200_000  # characters of one stored PNG (a 880 px palette PNG is ~20-70 kB)
MAX_NOTEBOOK_BYTES = 1_500_000


def _figure_outputs(cell: dict) -> list[dict]:
    return [o for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]


def _shown_figures(nb: Path) -> list[str]:
    """Figure names of the cells whose figure the built page shows (not removed by a tag)."""
    data = json.loads(nb.read_text(encoding="utf-8"))
    names = []
    for cell in data["cells"]:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell["cell_type"] != "code" or tags & {"remove-cell", "remove-output"}:
            continue
        fig = cell.get("metadata", {}).get("mystnb", {}).get("figure", {})
        names += [fig.get("name", "?")] * len(_figure_outputs(cell))
    return names


@pytest.mark.parametrize("nb", _notebooks(), ids=lambda p: p.name)
def test_figures_are_stored_as_png_with_a_caption(nb: Path) -> None:
    """No figure only as a glue record; every PNG in a cell with figure metadata, one per cell."""
    data = json.loads(nb.read_text(encoding="utf-8"))
    problems = []
    for i, cell in enumerate(data["cells"]):
        if cell["cell_type"] != "code":
            continue
        for out in cell.get("outputs", []):
            glued = [k for k in out.get("data", {}) if k.startswith(GLUE_IMAGE_PREFIX)]
            if glued:
                problems.append(f"cell {i}: figure stored as a glue record {glued} (JupyterLab shows "
                                "nothing and nbval compares its bytes): display it with plt.show()")
        pngs = _figure_outputs(cell)
        fig = cell.get("metadata", {}).get("mystnb", {}).get("figure")
        if pngs and not fig:
            problems.append(f"cell {i}: a figure without caption: add cell metadata "
                            '"mystnb": {"figure": {"caption": "...", "name": "fig-..."}}')
        if fig and len(pngs) != 1:
            problems.append(f"cell {i}: figure metadata {fig.get('name')!r} but {len(pngs)} PNG outputs "
                            "(one figure per cell)")
        rich = [k for o in cell.get("outputs", []) for k in o.get("data", {})
                if k in ("text/markdown", "text/html", "text/latex")]
        if fig and rich:
            problems.append(f"cell {i}: figure cell {fig.get('name')!r} also displays {sorted(set(rich))}: "
                            "MyST-NB wraps every rich output of the cell in the figure (a duplicate "
                            "label); display tables in a cell of their own")
        if fig and not str(fig.get("name", "")).startswith("fig-"):
            problems.append(f"cell {i}: figure name {fig.get('name')!r} should start with 'fig-'")
        for out in pngs:
            if len(out["data"]["image/png"]) > MAX_PNG_BASE64:
                problems.append(f"cell {i}: PNG of {len(out['data']['image/png']) // 1000} kB: "
                                "call mcpria_lite.plotting.use_book_style() at the top of the chapter")
    size = nb.stat().st_size
    if size > MAX_NOTEBOOK_BYTES:
        problems.append(f"the committed notebook is {size / 1e6:.1f} MB (limit {MAX_NOTEBOOK_BYTES / 1e6:.1f} MB)")
    assert not problems, f"{nb.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("nb", _notebooks(), ids=lambda p: p.name)
def test_every_figure_appears_once_in_the_book(built_html: Path, nb: Path) -> None:
    """<img> on the chapter's page = figures the notebook shows; each is a numbered, captioned figure."""
    page = built_html / nb.relative_to(ROOT).with_suffix(".html")
    assert page.is_file(), f"{page} was not built"
    text = page.read_text(encoding="utf-8")
    imgs = re.findall(r"<img\b", text)
    names = _shown_figures(nb)
    assert len(imgs) == len(names), f"{page.name}: {len(imgs)} <img> for {len(names)} figures {names}"
    for name in names:
        assert re.search(rf'<figure[^>]*\bid="{re.escape(name)}"', text), f"{page.name}: no <figure id={name!r}>"
    assert text.count('class="caption-number"') >= len(names), f"{page.name}: figures without a number"
