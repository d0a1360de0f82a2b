"""Citation parser: find references to laws, regulations and rulings in text.

A plain library (no Flask): ``extract(text) -> list[Citation]``.
"""
from jdih.citations.citation import Citation
from jdih.citations.parser import extract

__all__ = ["Citation", "extract"]
