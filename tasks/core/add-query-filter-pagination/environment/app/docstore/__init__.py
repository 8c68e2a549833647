from .collection import Collection
from .errors import DocstoreError, NotFound

__all__ = ["Collection", "DocstoreError", "NotFound"]
