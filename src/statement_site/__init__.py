"""statement-site: treaty texts and joint statements as clause-by-clause, searchable websites."""

from statement_site.errors import MetadataError, ParseError, SourceError
from statement_site.model import Clause, Corpus, Document, Entry, Metadata, Part, PartKind
from statement_site.parse import parse

__all__ = [
    "Clause",
    "Corpus",
    "Document",
    "Entry",
    "Metadata",
    "MetadataError",
    "ParseError",
    "Part",
    "PartKind",
    "SourceError",
    "parse",
]
__version__ = "0.1.0"
