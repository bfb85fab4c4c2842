"""Sphinx extension of the book: a link to a file of the kit reaches the page made from it.

The lessons link to other files of the kit as JupyterLab needs it: to a
lesson's jupytext source (`[Lesson 2](02_multi_output.py)`, opened as a
notebook there) or to an assignment template
(`[functional_api_1](../course/assignments/functional_api_1.py)`). The book is
built from copies (`02_multi_output.ipynb`), so MyST finds no such file and
leaves the link unresolved. This transform, run as each document is read,
resolves the link's path from the folder the book's sources stand for
(`book_source_dir`, `notebooks/`) and, when `book_source_pages` maps that
file to a page (`"notebooks/02_multi_output.py": "02_multi_output"`,
`"course/assignments/functional_api_1.py": "exercises#assignment-functional_api_1"`),
turns the link into a link to that document (the link's own anchor wins over
the page's). MyST then resolves it like any link between documents and warns
when the document or anchor does not exist. Other links are left alone.

Used by `tools/build_book.py`, which sets both configuration values.
"""

from __future__ import annotations

import posixpath

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform


class SourceLinks(SphinxTransform):
    """Points MyST links to a mapped file of the kit at the book's page for it."""

    default_priority = 500

    def apply(self, **kwargs) -> None:
        pages: dict[str, str] = self.config.book_source_pages
        for node in self.document.findall(addnodes.pending_xref):
            if node.get("reftype") != "myst" or node.get("refdomain"):
                continue
            path, _, anchor = node["reftarget"].partition("#")
            source = posixpath.normpath(posixpath.join(self.config.book_source_dir, path))
            if source not in pages:
                continue
            docname, _, page_anchor = pages[source].partition("#")
            node["refdomain"] = "doc"
            node["reftarget"] = docname
            node["reftargetid"] = anchor or page_anchor or None


def setup(app: Sphinx) -> dict:
    """Registers the transform and its configuration (the Sphinx extension entry point)."""
    app.add_config_value("book_source_dir", "", "env", types=[str])
    app.add_config_value("book_source_pages", {}, "env", types=[dict])
    app.add_transform(SourceLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
