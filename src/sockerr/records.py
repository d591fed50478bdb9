"""A frozen record base that costs nothing to import.

`dataclasses` pulls in `inspect` and adds about 10 ms to every start of the
command line; the plain lookup path has a budget of about 10 ms in all, so the
models use this small base instead. Type checkers see it as a frozen dataclass
through `dataclass_transform`.
"""

from __future__ import annotations

# Typing names are only needed by type checkers: importing `typing` costs ~7 ms per start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar, dataclass_transform
else:

    def dataclass_transform(**_kwargs: object) -> object:
        return lambda cls: cls


_MISSING = object()


@dataclass_transform(frozen_default=True)
class Record:
    """Immutable value object: fields come from the class annotations, in order."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: list[str] = list(cls._fields)
        defaults: dict[str, Any] = dict(cls._defaults)
        # The class's own annotations only (not inherited ones); inspect would cost import time.
        for name in cls.__dict__.get("__annotations__", {}):  # noqa: RUF063
            if name.startswith("_"):
                continue
            if name not in fields:
                fields.append(name)
            value = cls.__dict__.get(name, _MISSING)
            if value is not _MISSING:
                defaults[name] = value
        cls._fields = tuple(fields)
        cls._defaults = defaults
        cls.__init__ = _make_init(cls._fields, defaults)  # type: ignore[method-assign]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, *(_hashable(v) for v in self._values())))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({inner})"

    def replace(self, **changes: Any) -> Any:
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        return type(self)(**values)

    def evolve(self, **changes: Any) -> Any:
        """A copy with some fields changed, without the checks of __init__ (hot paths only)."""
        copy = object.__new__(type(self))
        values = copy.__dict__
        values.update(self.__dict__)
        values.update(changes)
        return copy

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict: nested records, tuples and dicts converted."""
        return {name: _plain(getattr(self, name)) for name in self._fields}


def _make_init(fields: tuple[str, ...], defaults: dict[str, Any]) -> Any:
    """A specialised __init__ for the fields, built once per class (as dataclasses does)."""
    required = [name for name in fields if name not in defaults]
    optional = [name for name in fields if name in defaults]
    if list(fields) != required + optional:
        raise TypeError(f"fields with defaults must come last: {fields}")
    signature = ", ".join(["self", *required, *(f"{n}=_d[{n!r}]" for n in optional)])
    # Straight into the instance dict: __setattr__ refuses, and object.__setattr__ per
    # field would cost a call each (scan builds many evidence records per line).
    body = "    _v = self.__dict__\n" + "".join(f"    _v[{name!r}] = {name}\n" for name in fields)
    namespace: dict[str, Any] = {"_d": defaults}
    exec(f"def __init__({signature}):\n{body}", namespace)
    return namespace["__init__"]


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value
