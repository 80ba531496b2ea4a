"""gwlint.record behaves like the dataclasses it replaces, for the features gwlint uses."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import ClassVar

import pytest

from gwlint import record


def twins(**options):
    """The same class body made once with dataclasses and once with gwlint.record."""

    def body(module):
        class Point:
            x: int
            y: int = 0
            tags: tuple = ()
            notes: dict = module.field(default_factory=dict, compare=False)
            LIMIT: ClassVar[int] = 10

            def norm(self) -> int:
                return abs(self.x) + abs(self.y)

        return module.dataclass(**options)(Point)

    return body(dataclasses), body(record)


@pytest.mark.parametrize("options", [
    {}, {"frozen": True}, {"frozen": True, "order": True}, {"eq": False}, {"frozen": True, "slots": True},
    {"frozen": True, "kw_only": True, "slots": True},
])
def test_same_behaviour_as_dataclasses(options):
    standard, ours = twins(**options)
    kw = options.get("kw_only", False)
    make = (lambda cls, x, y=0: cls(x=x, y=y)) if kw else (lambda cls, x, y=0: cls(x, y))
    a, b = make(standard, 1, 2), make(ours, 1, 2)
    assert repr(a) == repr(b)
    assert (make(standard, 1, 2) == a) == (make(ours, 1, 2) == b)
    assert (make(standard, 1, 3) == a) == (make(ours, 1, 3) == b)
    assert b.norm() == 3 and ours.LIMIT == 10
    assert (standard.__hash__ is None) == (ours.__hash__ is None)
    if options.get("frozen"):
        assert hash(b) == hash(make(ours, 1, 2))
        assert hash(ours(**{"x": 1, "y": 2, "notes": {"a": 1}})) == hash(b)  # compare=False: not hashed
        with pytest.raises(AttributeError):
            b.x = 5
        with pytest.raises(AttributeError):
            del b.x
    else:
        b.x = 7
        assert b.x == 7
    if options.get("order"):
        assert (make(ours, 1, 2) < make(ours, 2, 0)) and not (make(ours, 2, 0) <= make(ours, 1, 9))
    if options.get("slots"):
        assert not hasattr(b, "__dict__") and "x" in ours.__slots__
    assert record.replace(b, y=9).y == 9 and record.replace(b, y=9).x == b.x
    assert [f.name for f in record.fields(ours)] == [f.name for f in dataclasses.fields(standard)]


@record.dataclass(frozen=True, slots=True)
class Pickled:
    x: int
    y: int = 0
    tags: tuple = ()


def test_pickle_and_copy_of_frozen_slots():
    value = Pickled(1, 2, ("a",))
    assert pickle.loads(pickle.dumps(value)) == value
    assert copy.deepcopy(value) == value and copy.copy(value) == value


def test_inheritance_and_post_init():
    @record.dataclass(frozen=True, kw_only=True, slots=True)
    class Base:
        pointer: str

    @record.dataclass(frozen=True, kw_only=True, slots=True)
    class Child(Base):
        name: str = "n"
        count: int

    child = Child(pointer="p", count=2)
    assert (child.pointer, child.name, child.count) == ("p", "n", 2)
    assert Child.__slots__ == ("name", "count")
    with pytest.raises(TypeError):
        Child(name="x", count=1)  # pointer is required

    @record.dataclass
    class Counter:
        start: int = 0
        items: list = record.field(default_factory=list)

        def __post_init__(self):
            self.doubled = self.start * 2

    first, second = Counter(3), Counter()
    first.items.append(1)
    assert first.doubled == 6 and second.items == []  # a fresh list per instance


def test_the_mistakes_dataclasses_rejects_are_rejected():
    with pytest.raises(ValueError):
        @record.dataclass
        class Shared:
            items: list = []  # noqa: RUF012

    with pytest.raises(TypeError):
        @record.dataclass
        class Order:
            a: int = 1
            b: int

    with pytest.raises(TypeError):
        record.fields(object())
