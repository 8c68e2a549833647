"""The Collection class."""
import copy
import json
import os

from .errors import DocstoreError, NotFound
from .paths import set_path


class Collection:
    def __init__(self):
        self._docs = {}          # _id -> document (insertion order == id order)
        self._next_id = 1

    def __len__(self):
        return len(self._docs)

    def insert(self, doc):
        if not isinstance(doc, dict):
            raise DocstoreError("documents must be dicts")
        stored = copy.deepcopy(doc)
        stored["_id"] = self._next_id
        self._docs[self._next_id] = stored
        self._next_id += 1
        return stored["_id"]

    def insert_many(self, docs):
        return [self.insert(d) for d in docs]

    def get(self, doc_id):
        try:
            return copy.deepcopy(self._docs[doc_id])
        except KeyError:
            raise NotFound(doc_id) from None

    def update(self, doc_id, changes):
        """Set fields (dotted paths allowed) on an existing document."""
        if doc_id not in self._docs:
            raise NotFound(doc_id)
        doc = self._docs[doc_id]
        for path, value in changes.items():
            if path == "_id":
                raise DocstoreError("_id cannot be changed")
            set_path(doc, path, copy.deepcopy(value))

    def delete(self, doc_id):
        if self._docs.pop(doc_id, None) is None:
            raise NotFound(doc_id)

    def all(self):
        """Every document, in id order."""
        return [copy.deepcopy(d) for d in self._docs.values()]

    def save(self, path):
        tmp = path + ".tmp"
        with open(tmp, "w") as fh:
            json.dump({"next_id": self._next_id, "docs": list(self._docs.values())}, fh)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path):
        with open(path) as fh:
            data = json.load(fh)
        c = cls()
        for d in data["docs"]:
            c._docs[d["_id"]] = d
        c._next_id = data["next_id"]
        return c


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
