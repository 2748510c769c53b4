"""Sphinx extension: drop duplicated inline <script> lines from the built pages.

sphinx-thebe 0.3.1 and sphinx-togglebutton (pulled in by Jupyter Book 1) register their inline
configuration scripts once per read phase; with executed notebooks that happens twice, so every
page declared ``const THEBE_JS_URL`` twice and the browser reported "Identifier 'THEBE_JS_URL' has
already been declared". After the build, keep the first of identical inline-script lines in each
HTML page (nothing else is touched).
"""

from __future__ import annotations

from pathlib import Path


def _dedupe_file(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    seen, out, changed = set(), [], False
    for line in text.splitlines(keepends=True):
        s = line.strip()
        if s.startswith("<script>") and s.endswith("</script>"):
            if s in seen:
                changed = True
                continue
            seen.add(s)
        out.append(line)
    if changed:
        path.write_text("".join(out), encoding="utf-8")


def _build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        _dedupe_file(page)


def setup(app):
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
