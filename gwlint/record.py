"""Records: a small stand-in for :mod:`dataclasses`, used by every gwlint class that holds data.

Why not the standard library: ``dataclasses.dataclass`` compiles six or seven functions per class
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``...) and computes an
``inspect.signature`` for its docstring. gwlint creates about 90 such classes on the way to checking
one small template, which cost 0.048 s of a 0.16 s run (measured with a timer around
``dataclasses._process_class``). Here only ``__init__`` is generated (one ``exec`` per class, on its
first instance, so that building instances stays as fast as with dataclasses); equality, hashing,
ordering, ``repr``, immutability and pickling are shared functions driven by the class's field list.

The subset of the dataclasses interface gwlint uses is supported, with the same meaning:
``frozen``, ``eq``, ``order``, ``slots``, ``kw_only``; ``field(default=, default_factory=,
compare=, hash=, repr=)``; ``__post_init__``; inheritance of fields; :func:`replace` and
:func:`fields`; ``ClassVar`` annotations are not fields. Nothing else: ``field`` has no ``init``
parameter, and ``InitVar`` is not recognised.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, Callable

__all__ = ["dataclass", "field", "fields", "replace", "FrozenInstanceError", "Field"]


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a frozen record."""


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class Field:
    __slots__ = ("name", "default", "default_factory", "compare", "hash", "repr")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING, compare: bool = True,
                 hash: bool | None = None, repr: bool = True) -> None:  # noqa: A002 (dataclasses' names)
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.hash = compare if hash is None else hash
        self.repr = repr

    @property
    def required(self) -> bool:
        return self.default is MISSING and self.default_factory is MISSING

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(*, default: Any = MISSING, default_factory: Any = MISSING, compare: bool = True,
          hash: bool | None = None, repr: bool = True) -> Any:  # noqa: A002
    return Field(default, default_factory, compare, hash, repr)


def fields(obj_or_class: Any) -> tuple[Field, ...]:
    cls = obj_or_class if isinstance(obj_or_class, type) else type(obj_or_class)
    try:
        return cls.__record_fields__
    except AttributeError:
        raise TypeError(f"{cls.__name__} is not a record") from None


def replace(obj: Any, /, **changes: Any) -> Any:
    """A copy of ``obj`` with some fields changed (through ``__init__``, so ``__post_init__`` runs)."""
    values = {f.name: getattr(obj, f.name) for f in type(obj).__record_fields__}
    values.update(changes)
    return type(obj)(**values)


def _is_class_var(annotation: Any) -> bool:
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    return text.startswith(("ClassVar", "typing.ClassVar")) or text == "ClassVar"


def _collect(cls: type) -> list[Field]:
    by_name: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for inherited in base.__dict__.get("__record_fields__", ()):
            by_name[inherited.name] = inherited
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if _is_class_var(annotation):
            continue
        value = cls.__dict__.get(name, MISSING)
        if isinstance(value, Field):
            spec = value
        else:
            if isinstance(value, (list, dict, set)):
                raise ValueError(f"mutable default {type(value).__name__} for field {name} is not allowed: "
                                 "use default_factory")
            spec = Field(default=value)
        spec.name = name
        by_name.pop(name, None)  # a redefined field moves to the end, as in dataclasses
        by_name[name] = spec
    return list(by_name.values())


def _make_init(specs: list[Field], frozen: bool, kw_only: bool, post_init: bool) -> Callable:
    namespace: dict[str, Any] = {"MISSING": MISSING, "_set": object.__setattr__}
    params, body = [], []
    for index, spec in enumerate(specs):  # the order was checked when the class was made (_check_order)
        if spec.default_factory is not MISSING:
            namespace[f"_factory{index}"] = spec.default_factory
            params.append(f"{spec.name}=MISSING")
            value = f"_factory{index}() if {spec.name} is MISSING else {spec.name}"
        elif spec.default is not MISSING:
            namespace[f"_default{index}"] = spec.default
            params.append(f"{spec.name}=_default{index}")
            value = spec.name
        else:
            params.append(spec.name)
            value = spec.name
        body.append(f"    _set(self, {spec.name!r}, {value})" if frozen else f"    self.{spec.name} = {value}")
    if post_init:
        body.append("    self.__post_init__()")
    star = "*, " if kw_only and params else ""
    source = f"def __init__(self, {star}{', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(source, namespace)  # noqa: S102 (our own generated source, as dataclasses does)
    return namespace["__init__"]


def _lazy_init(cls_name: str, specs: list[Field], frozen: bool, kw_only: bool, post_init: bool) -> Callable:
    """An ``__init__`` that generates the real one on the first instance: many record classes (an
    analyser's, a rule's) are never instantiated in a run, and each generated ``__init__`` costs an
    ``exec``. The arguments are checked now, so a wrong declaration still fails at import."""
    _check_order(cls_name, specs, kw_only)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        owner = next(klass for klass in type(self).__mro__ if klass.__dict__.get("__init__") is __init__)
        real = _make_init(specs, frozen, kw_only, post_init)
        real.__qualname__ = f"{owner.__qualname__}.__init__"
        type.__setattr__(owner, "__init__", real)
        real(self, *args, **kwargs)

    return __init__


def _check_order(cls_name: str, specs: list[Field], kw_only: bool) -> None:
    seen_default = False
    for spec in specs:
        if not spec.required:
            seen_default = True
        elif seen_default and not kw_only:
            raise TypeError(f"non-default argument {spec.name!r} follows default argument in {cls_name}")


# -- the shared methods ------------------------------------------------------------------------------------

def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _repr(self: Any) -> str:
    parts = ", ".join(f"{spec.name}={getattr(self, spec.name)!r}" for spec in self.__record_fields__ if spec.repr)
    return f"{type(self).__qualname__}({parts})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    key = self.__record_key__
    return key(self) == key(other)


def _hash(self: Any) -> int:
    return hash(self.__record_hash_key__(self))


def _comparison(operator: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        key = self.__record_key__
        return operator(key(self), key(other))

    return compare


def _reduce(self: Any) -> tuple:
    return _rebuild, (type(self), tuple(getattr(self, spec.name) for spec in self.__record_fields__))


def _rebuild(cls: type, values: tuple) -> Any:
    obj = object.__new__(cls)
    for spec, value in zip(cls.__record_fields__, values):
        object.__setattr__(obj, spec.name, value)
    return obj


def _tuple_getter(names: list[str]) -> Callable[[Any], tuple]:
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        getter = attrgetter(names[0])
        return lambda obj: (getter(obj),)
    return attrgetter(*names)


def dataclass(cls: type | None = None, /, *, frozen: bool = False, eq: bool = True, order: bool = False,
              slots: bool = False, kw_only: bool = False, repr: bool = True) -> Any:  # noqa: A002
    """Make ``cls`` a record (see the module documentation); usable bare or with options."""

    def wrap(cls: type) -> type:
        specs = _collect(cls)
        own = [spec for spec in specs if spec.name in cls.__dict__.get("__annotations__", {})]
        members: dict[str, Any] = {"__record_fields__": tuple(specs)}
        members["__init__"] = _lazy_init(cls.__name__, specs, frozen, kw_only, hasattr(cls, "__post_init__"))
        if repr and "__repr__" not in cls.__dict__:
            members["__repr__"] = _repr
        if eq:
            members["__record_key__"] = _tuple_getter([spec.name for spec in specs if spec.compare])
            if "__eq__" not in cls.__dict__:
                members["__eq__"] = _eq
            # A class body that defines __eq__ gets __hash__ = None from Python itself.
            if frozen:
                members["__record_hash_key__"] = _tuple_getter([spec.name for spec in specs if spec.hash])
                if cls.__dict__.get("__hash__") is None:
                    members["__hash__"] = _hash
            elif "__hash__" not in cls.__dict__:
                members["__hash__"] = None  # mutable and compared by value: unhashable, as in dataclasses
        if order:
            import operator

            for name, function in (("__lt__", operator.lt), ("__le__", operator.le), ("__gt__", operator.gt),
                                   ("__ge__", operator.ge)):
                members[name] = _comparison(function)
        if frozen:
            members["__setattr__"] = _frozen_setattr
            members["__delattr__"] = _frozen_delattr
            members["__reduce__"] = _reduce
        if not slots:
            # As dataclasses does: the class itself is updated (methods keep their ``__class__`` cell),
            # and a plain default stays readable as a class attribute.
            for spec in own:
                if spec.default is not MISSING:
                    setattr(cls, spec.name, spec.default)
                elif spec.name in cls.__dict__:
                    delattr(cls, spec.name)
            for name, value in members.items():
                setattr(cls, name, value)
            return cls
        if "__slots__" in cls.__dict__:
            raise TypeError(f"{cls.__name__} already defines __slots__")
        namespace = {name: value for name, value in cls.__dict__.items()
                     if name not in ("__dict__", "__weakref__")}
        for spec in own:
            namespace.pop(spec.name, None)  # a slot and a class attribute cannot share a name
        namespace.update(members)
        namespace["__qualname__"] = cls.__qualname__
        namespace["__slots__"] = tuple(spec.name for spec in own if not _slot_inherited(cls, spec.name))
        return type(cls)(cls.__name__, cls.__bases__, namespace)

    return wrap if cls is None else wrap(cls)


def _slot_inherited(cls: type, name: str) -> bool:
    return any(name in getattr(base, "__slots__", ()) for base in cls.__mro__[1:])
