"""Sphinx extension of the book: a link to a lesson's source reaches the lesson's page.

The lessons link to each other as JupyterLab needs it, to the jupytext source
(`[Lesson 2](02_multi_output.py)`, opened as a notebook there). The book is
built from the executed notebooks (`02_multi_output.ipynb`), so MyST finds no
`02_multi_output.py` and leaves the link unresolved. This transform, run as
each document is read, turns a link to `<name>.py` into a link to the document
`<name>` when the book has one (anchors kept); MyST then resolves it like any
link between documents, and warns as usual when the document or anchor does
not exist. Other `.py` links are left alone.

Used by `tools/build_book.py` (`extensions = ["tools.book_links", ...]`).
"""

from __future__ import annotations

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import docname_join

SOURCE_SUFFIX = ".py"


class LessonSourceLinks(SphinxTransform):
    """Points MyST links to `<name>.py` at the book's document `<name>`."""

    default_priority = 500

    def apply(self, **kwargs) -> None:
        for node in self.document.findall(addnodes.pending_xref):
            if node.get("reftype") != "myst" or node.get("refdomain"):
                continue
            path, _, anchor = node["reftarget"].partition("#")
            if not path.endswith(SOURCE_SUFFIX):
                continue
            docname = docname_join(self.env.docname, path.removesuffix(SOURCE_SUFFIX))
            if docname not in self.env.found_docs:
                continue
            node["refdomain"] = "doc"
            node["reftarget"] = docname
            node["reftargetid"] = anchor or None


def setup(app: Sphinx) -> dict:
    """Registers the transform (the Sphinx extension entry point)."""
    app.add_transform(LessonSourceLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
