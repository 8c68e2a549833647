"""Output formats and the format registry."""
import importlib.util
import itertools
import re

_NAME = re.compile(r"^[a-z0-9_-]+$")
_counter = itertools.count()


class FormatError(Exception):
    pass


class Format:
    name = None
    extension = None
    description = ""
    options = {}

    def __init__(self, options=None):
        options = dict(options or {})
        declared = type(self).options
        self.opts = {}
        for key in options:
            if key not in declared:
                raise FormatError(f"format {self.name!r} has no option {key!r}")
        for key, (conv, default) in declared.items():
            if key in options:
                try:
                    self.opts[key] = conv(options[key])
                except (ValueError, TypeError) as e:
                    raise FormatError(f"bad value for option {key!r} of format "
                                      f"{self.name!r}: {e}") from None
            else:
                self.opts[key] = default

    def render(self, table):
        raise NotImplementedError


class Registry:
    def __init__(self):
        self._formats = {}

    def add(self, cls):
        if not (isinstance(cls, type) and issubclass(cls, Format)):
            raise FormatError(f"{cls!r} is not a Format subclass")
        name = getattr(cls, "name", None)
        if not isinstance(name, str) or not _NAME.match(name):
            raise FormatError(f"invalid format name {name!r}")
        if name in self._formats:
            raise FormatError(f"duplicate format {name!r}")
        self._formats[name] = cls

    def get(self, name):
        try:
            return self._formats[name]
        except KeyError:
            raise FormatError(f"unknown format {name!r}") from None

    def names(self):
        return sorted(self._formats)

    def for_extension(self, ext):
        for cls in self._formats.values():
            if cls.extension is not None and ext and cls.extension.lower() == ext.lower():
                return cls
        raise FormatError(f"no format for extension {ext!r}")

    def load_plugin(self, path):
        modname = f"tabrep_plugin_{next(_counter)}"
        try:
            spec = importlib.util.spec_from_file_location(modname, path)
            if spec is None or spec.loader is None:
                raise FormatError(f"cannot load plugin {path}")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        except FormatError:
            raise
        except OSError as e:
            raise FormatError(f"cannot read plugin {path}: {e.strerror or e}") from None
        except (Exception, SystemExit) as e:  # plugin code may raise anything
            raise FormatError(f"plugin {path} failed: {type(e).__name__}: {e}") from None
        reg = getattr(module, "register", None)
        if not callable(reg):
            raise FormatError(f"plugin {path} has no register() function")
        try:
            reg(self)
        except FormatError as e:
            raise FormatError(f"plugin {path}: {e}") from None
        except Exception as e:  # noqa: BLE001
            raise FormatError(f"plugin {path} failed: {type(e).__name__}: {e}") from None


def default_registry():
    from . import builtin
    r = Registry()
    for cls in builtin.BUILTINS:
        r.add(cls)
    return r
