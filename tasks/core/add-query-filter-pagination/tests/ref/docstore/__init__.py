from .collection import Collection
from .errors import DocstoreError, NotFound, QueryError
from .query import Page

__all__ = ["Collection", "DocstoreError", "NotFound", "QueryError", "Page"]
