#!/bin/bash
set -e
cd /app
cp /solution/query.py docstore/query.py
cat >> docstore/errors.py <<'PY'


class QueryError(DocstoreError):
    """Invalid query."""
PY
cat >> docstore/collection.py <<'PY'


from . import query as _q  # noqa: E402


def _query(self, where=None, order_by=None, limit=None, offset=0):
    conds = _q.compile_where(where)
    keys = _q.compile_order(order_by)
    _q.check_int("limit", limit, True)
    _q.check_int("offset", offset, False)
    docs = [d for d in self._docs.values() if _q.matches(d, conds)]
    docs = _q.order(docs, keys)
    end = None if limit is None else offset + limit
    items = [copy.deepcopy(d) for d in docs[offset:end]]
    return _q.Page(items, len(docs), offset, limit)


def _count(self, where=None):
    conds = _q.compile_where(where)
    return sum(1 for d in self._docs.values() if _q.matches(d, conds))


Collection.query = _query
Collection.count = _count
PY
cat > docstore/__init__.py <<'PY'
from .collection import Collection
from .errors import DocstoreError, NotFound, QueryError
from .query import Page

__all__ = ["Collection", "DocstoreError", "NotFound", "QueryError", "Page"]
PY
