"""JSON-file storage for tasks."""
import json
import os
from dataclasses import dataclass, asdict


@dataclass
class Task:
    id: int
    title: str
    priority: int = 3
    due: str = None          # ISO date or None
    done: bool = False


def load(path):
    if not os.path.exists(path):
        return []
    with open(path) as fh:
        return [Task(**t) for t in json.load(fh)]


def save(path, tasks):
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump([asdict(t) for t in tasks], fh, indent=1)
    os.replace(tmp, path)


def next_id(tasks):
    return max((t.id for t in tasks), default=0) + 1
