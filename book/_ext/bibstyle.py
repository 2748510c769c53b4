"""Sphinx extension: a bibliography whose labels are author–year, like the citations in the text.

sphinxcontrib-bibtex cites author–year in the text (``bibtex_reference_style: author_year``) but
labels the list with the ``alpha`` style ([A+18a]). This registers a pybtex formatting style
``authoryear`` (``bibtex_default_style``) that labels each entry "Aprile et al. 2022" (a, b, … for
equal labels), sorts by author and year, and writes "et al." where an entry lists "and others" —
in the list and in the citations of the text.

It also remembers pybtex's plugin look-ups: pybtex resolves a plugin by name (a backend, a style)
on every formatted entry and every citation, and each look-up scans every installed package's entry
points (``importlib.metadata``) — about 400 scans, 3 s of a 28 s build.
"""

from __future__ import annotations

from collections import Counter

import pybtex.plugin
from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import join, node, sentence


def _is_others(person) -> bool:
    return [str(x) for x in person.last_names] == ["others"]


def _plain(latex: str) -> str:
    return Text.from_latex(latex).render_as("text")


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels "Name 2020", "Name and Other 2020", "Name et al. 2020" (+ a, b, … when equal)."""

    def format_labels(self, sorted_entries):
        labels = [self._label(e) for e in sorted_entries]
        count, seen = Counter(labels), Counter()
        for label in labels:
            if count[label] == 1:
                yield label
            else:
                yield label + chr(ord("a") + seen[label])
                seen[label] += 1

    @staticmethod
    def _label(entry) -> str:
        persons = list(entry.persons.get("author") or entry.persons.get("editor") or [])
        named = [p for p in persons if not _is_others(p)]
        if not named:
            name = _plain(entry.fields.get("key", entry.fields.get("collaboration", entry.key)))
        else:
            last = [_plain(" ".join(p.prelast_names + p.last_names)) for p in named]
            if len(persons) > 2 or len(named) < len(persons):
                name = f"{last[0]} et al."
            elif len(named) == 2:
                name = f"{last[0]} and {last[1]}"
            else:
                name = last[0]
        return f"{name} {entry.fields.get('year', '')}".strip()


@node
def names_et_al(children, context, role, **kwargs):
    """The names of ``role``, with a final "and others" written as "et al."."""
    persons = context["entry"].persons[role]
    style = context["style"]
    named = [p for p in persons if not _is_others(p)]
    text = join(**kwargs)[[style.format_name(p, style.abbreviate_names) for p in named]].format_data(context)
    return Text(text, " et al.") if len(named) < len(persons) else text


class AuthorYearStyle(UnsrtStyle):
    default_label_style = "authoryear"
    default_sorting_style = "author_year_title"

    def format_names(self, role, as_sentence=True):
        formatted = names_et_al(role, sep=", ", sep2=" and ", last_sep=", and ")
        return sentence[formatted] if as_sentence else formatted


register_plugin("pybtex.style.labels", "authoryear", AuthorYearLabelStyle)
register_plugin("pybtex.style.formatting", "authoryear", AuthorYearStyle)


def _names_in_text(children, data, role, **kwargs):
    """sphinxcontrib-bibtex's in-text ``names`` with a final "and others" written "First et al."
    (it would print "Aprile and others" for an entry listing one author and "others")."""
    from sphinxcontrib.bibtex.style.template import join as st_join

    assert not children
    persons = data["entry"].persons[role]
    style = data["style"]
    named = [p for p in persons if not _is_others(p)]
    formatted = [style.person.style_plugin.format(p, style.person.abbreviate) for p in named]
    if named and len(named) < len(persons):
        return Text(st_join()[formatted[:1]].format_data(data), " et al.")
    return st_join(**kwargs)[formatted].format_data(data)


def _remember_plugin_lookups() -> None:
    """Cache ``pybtex.plugin._load_entry_point`` (what ``find_plugin`` calls, through the module).

    Only found plugins are cached, and a ``register_plugin`` after the first look-up empties the
    cache, so a plugin registered at run time still takes precedence, as in pybtex.
    """
    if getattr(pybtex.plugin, "_mcpria_cached", False):
        return
    load, register = pybtex.plugin._load_entry_point, pybtex.plugin.register_plugin
    found: dict[tuple, type] = {}

    def cached_load(group, name, use_aliases=False):
        key = (group, name, use_aliases)
        if key not in found:
            found[key] = load(group, name, use_aliases)
        return found[key]

    def register_and_forget(*args, **kwargs):
        found.clear()
        return register(*args, **kwargs)

    pybtex.plugin._load_entry_point = cached_load
    pybtex.plugin.register_plugin = register_and_forget
    pybtex.plugin._mcpria_cached = True


def setup(app):
    _remember_plugin_lookups()
    from sphinxcontrib.bibtex.style import template as st

    st.names.f = _names_in_text  # the shared node: every in-text reference style uses it
    return {"parallel_read_safe": True, "parallel_write_safe": True}
