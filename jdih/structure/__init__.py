"""Regulation structure parser: read a regulation by its articles.

A plain library (no Flask, no database): ``parse(pages)`` takes the text of
a regulation page by page, as extracted from its PDF, and returns a
``Document``: the title block, Menimbang, Mengingat, the body (BAB, Bagian,
Paragraf, Pasal, ayat, huruf, angka), the signature block, the Penjelasan
linked to its pasal, and the Lampiran. Every node has a stable anchor
("pasal-169-ayat-1"); ``Document.find(anchor)`` and ``Document.pasal()``
serve the reading view and pasal-level search.
"""
from jdih.structure.anchors import pasal_anchor, pasal_anchors
from jdih.structure.parser import parse, parse_lines, parse_text, pasal_labels
from jdih.structure.tree import Document, Node

#: Stored with every saved tree: raise it when the parser's output changes,
#: so stored trees can be found and parsed again.
PARSER_VERSION = "1"

__all__ = ["PARSER_VERSION", "Document", "Node", "parse", "parse_lines", "parse_text", "pasal_anchor",
           "pasal_anchors", "pasal_labels"]
