class DocstoreError(Exception):
    """Base class of docstore errors."""


class NotFound(DocstoreError, KeyError):
    """No document with that id."""


class QueryError(DocstoreError):
    """Invalid query."""
