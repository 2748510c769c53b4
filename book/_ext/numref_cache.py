"""Resolve every ``{numref}`` against one unpickled copy of the target page.

Sphinx's standard domain unpickles the whole doctree of the target page for *each* numbered
reference (``StandardDomain._resolve_numref_xref`` → ``env.get_doctree``), only to read the label's
node and its number. The chapters hold ~80 ``{numref}`` roles into pages of a few hundred kB, so this
cost ~10 s of the ~30 s build. Here the doctrees that numref reads are unpickled once per build and
reused read-only (numref never modifies them); everything else still gets its own fresh copy.
"""

from __future__ import annotations

from sphinx.domains.std import StandardDomain

_CACHE: dict[str, object] = {}


def _clear(*_args) -> None:
    _CACHE.clear()


def setup(app):
    original = StandardDomain._resolve_numref_xref

    def resolve(self, env, fromdocname, builder, typ, target, node, contnode):
        fresh = env.get_doctree

        def cached(docname):
            if docname not in _CACHE:
                _CACHE[docname] = fresh(docname)
            return _CACHE[docname]

        env.get_doctree = cached  # an instance attribute, for this call only
        try:
            return original(self, env, fromdocname, builder, typ, target, node, contnode)
        finally:
            del env.get_doctree

    if not getattr(StandardDomain, "_mcpria_numref_cache", False):
        StandardDomain._resolve_numref_xref = resolve
        StandardDomain._mcpria_numref_cache = True
    app.connect("builder-inited", _clear)
    app.connect("build-finished", _clear)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
