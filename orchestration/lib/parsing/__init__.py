"""Article metadata parser: plain functions, no Dagster.

``parse_article`` reads what one raw article states about itself (title, URL, outlet, author, date) and
strips page boilerplate from its body; ``parse_articles`` does the same for a Polars frame of documents.
A field the text does not state is None.
"""

from .article import PARSER_VERSION, ParsedArticle, parse_article
from .frame import parse_articles

__all__ = ["PARSER_VERSION", "ParsedArticle", "parse_article", "parse_articles"]
