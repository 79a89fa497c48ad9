"""Article metadata parser: plain functions, no Dagster.

``parse_article`` reads what one raw article states about itself (title, URL, outlet, author, date) and
strips page boilerplate from its body; ``parse_html`` and ``parse_json_record`` do the same for an HTML page
and a crawler's JSON record; ``parse_document`` picks the parser for an ingest record's kind, and
``parse_articles`` does it for a Polars frame of documents. A field the document does not state is None.
"""

from .article import PARSER_VERSION, ParsedArticle, parse_article
from .frame import parse_articles, parse_document
from .html import parse_html
from .json_record import parse_json_record

__all__ = [
    "PARSER_VERSION",
    "ParsedArticle",
    "parse_article",
    "parse_articles",
    "parse_document",
    "parse_html",
    "parse_json_record",
]
