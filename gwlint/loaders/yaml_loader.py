"""YAML to plain data plus positions, from libyaml's event stream.

Why events and not ``yaml.compose``: composing keeps a node object with two mark objects for every
scalar. On a generated 10,000-resource template (2.3 MB) compose takes 0.52 s and 77 MB; the event
stream alone takes 0.14 s and 20 MB. So this module builds plain dicts, lists and scalars straight
from the events, iteratively (deep nesting cannot overflow the Python stack), and keeps positions in
one compact integer array per container (see :class:`YamlPositions`).

CloudFormation short-form tags become their long form (``!Ref X`` -> ``{"Ref": "X"}``), duplicate keys
are recorded (the later value wins, as in PyYAML), merge keys (``<<``) are applied, and alias
expansion is bounded so that a "billion laughs" file is an input error instead of a hang.
Only safe YAML: no tag ever constructs a Python object.
"""

from __future__ import annotations

import re
from array import array
from typing import Any

import yaml

try:  # libyaml; the pure-Python parser is a slow fallback with the same events.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover
    _Parser = yaml.SafeLoader

from gwlint.source import DuplicateKey, InputError, Location, PathPart, Span

#: CloudFormation short-form tags and the long-form key each stands for.
CFN_TAGS = {
    "!Ref": "Ref",
    "!Condition": "Condition",
    "!GetAtt": "Fn::GetAtt",
    "!Sub": "Fn::Sub",
    "!Join": "Fn::Join",
    "!If": "Fn::If",
    "!Select": "Fn::Select",
    "!Split": "Fn::Split",
    "!FindInMap": "Fn::FindInMap",
    "!ImportValue": "Fn::ImportValue",
    "!Base64": "Fn::Base64",
    "!Cidr": "Fn::Cidr",
    "!GetAZs": "Fn::GetAZs",
    "!Equals": "Fn::Equals",
    "!And": "Fn::And",
    "!Or": "Fn::Or",
    "!Not": "Fn::Not",
    "!Transform": "Fn::Transform",
    "!Length": "Fn::Length",
    "!ToJsonString": "Fn::ToJsonString",
    "!ForEach": "Fn::ForEach",
    "!GetStackOutput": "Fn::GetStackOutput",
}

MAX_DEPTH = 256
#: Alias expansion allowed: this many times the number of events, plus a constant.
ALIAS_EXPANSION_FACTOR = 10
ALIAS_EXPANSION_BASE = 100_000

_MAP, _SEQ = 0, 1
_ENTRY_MAP = 8  # key l, c, end l, end c, value l, c, end l, end c
_ENTRY_SEQ = 4  # value l, c, end l, end c


# --- YAML 1.1 implicit scalar resolution (as SafeLoader, except that timestamps stay strings:
# CloudFormation and IAM read `2012-10-17` as text). -----------------------------------------------
_BOOL = {
    "yes": True, "Yes": True, "YES": True, "true": True, "True": True, "TRUE": True,
    "on": True, "On": True, "ON": True,
    "no": False, "No": False, "NO": False, "false": False, "False": False, "FALSE": False,
    "off": False, "Off": False, "OFF": False,
}
_NULL = {"~", "null", "Null", "NULL", ""}
_INT_RE = re.compile(
    r"""^(?:[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.X,
)
_FLOAT_RE = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_NUMERIC_START = set("0123456789+-.")


def _to_int(text: str) -> int:
    value = text.replace("_", "")
    sign = -1 if value[0] == "-" else 1
    if value[0] in "+-":
        value = value[1:]
    if value == "0":
        return 0
    if value.startswith("0b"):
        return sign * int(value[2:], 2)
    if value.startswith("0x"):
        return sign * int(value[2:], 16)
    if value[0] == "0":
        return sign * int(value, 8)
    if ":" in value:
        total = 0
        for digit in value.split(":"):
            total = total * 60 + int(digit)
        return sign * total
    return sign * int(value)


def _to_float(text: str) -> float:
    value = text.replace("_", "").lower()
    sign = -1.0 if value[0] == "-" else 1.0
    if value[0] in "+-":
        value = value[1:]
    if value == ".inf":
        return sign * float("inf")
    if value == ".nan":
        return float("nan")
    if ":" in value:
        total = 0.0
        for digit in value.split(":"):
            total = total * 60 + float(digit)
        return sign * total
    return sign * float(value)


def resolve_plain(text: str) -> Any:
    """The value of an untagged plain scalar."""
    if text in _NULL:
        return None
    first = text[0]
    if first in _NUMERIC_START:
        if _INT_RE.match(text):
            try:
                return _to_int(text)
            except ValueError:
                return text
        if _FLOAT_RE.match(text):
            return _to_float(text)
        return text
    boolean = _BOOL.get(text)
    if boolean is not None:
        return boolean
    return text


def _resolve_tagged(tag: str, text: str) -> Any:
    """Standard `!!` tags. Anything that would construct an object stays a string."""
    name = tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else ""
    if name == "int":
        try:
            return _to_int(text)
        except (ValueError, IndexError):
            return text
    if name == "float":
        try:
            return _to_float(text)
        except (ValueError, IndexError):
            return text
    if name == "bool":
        return _BOOL.get(text, text)
    if name == "null":
        return None
    return text


class YamlPositions:
    """Positions of every key and value, kept per container.

    ``_by_id`` maps ``id(container)`` to ``spans``, an ``array('i')`` with 8 numbers per mapping
    entry (key and value start/end, 0-based line and column from libyaml) or 4 per sequence item, in
    the container's order. ``_alive`` holds every registered container, so that no id is reused by
    another object while the positions exist (a list costs 8 bytes per container; a tuple per entry
    cost 56).
    """

    def __init__(self) -> None:
        self._by_id: dict[int, array] = {}
        self._alive: list[Any] = []
        self._key_index: dict[int, dict[str, int]] = {}
        self.root: Span = Span(1, 1, 1, 1)

    def register(self, container: Any, spans: array) -> None:
        self._by_id[id(container)] = spans
        self._alive.append(container)

    def spans_of(self, container: Any) -> array | None:
        return self._by_id.get(id(container))

    @staticmethod
    def _span(arr: array, offset: int) -> Span:
        return Span(arr[offset] + 1, arr[offset + 1] + 1, arr[offset + 2] + 1, arr[offset + 3] + 1)

    def locate(self, parts: tuple[PathPart, ...], data: Any) -> Location:
        current = data
        # Where the spans of the entry reached so far are: (array, key offset or -1, value offset).
        found: tuple[array, int, int] | None = None
        exact = True
        for part in parts:
            spans = self._by_id.get(id(current))
            if spans is None:
                exact = False
                break
            if isinstance(current, dict):
                index = self._index_of(current, str(part))
                if index is None:
                    exact = False
                    break
                base = index * _ENTRY_MAP
                found = (spans, base, base + 4)
                current = current[str(part)]
            elif isinstance(current, list):
                if not isinstance(part, int) or not 0 <= part < len(current):
                    exact = False
                    break
                found = (spans, -1, part * _ENTRY_SEQ)
                current = current[part]
            else:
                exact = False
                break
        if found is None:
            return Location(None, self.root, exact=exact)
        spans, key, value = found
        return Location(self._span(spans, key) if key >= 0 else None, self._span(spans, value), exact=exact)

    def _index_of(self, mapping: dict, key: str) -> int | None:
        index = self._key_index.get(id(mapping))
        if index is None:
            index = {k: i for i, k in enumerate(mapping)}
            self._key_index[id(mapping)] = index
        return index.get(key)


class _Frame:
    """A mapping or sequence under construction."""

    __slots__ = (
        "kind", "obj", "spans", "start", "flow", "tag", "anchor", "key", "key_span",
        "has_key", "merges", "explicit_keys", "parent_key",
    )

    def __init__(self, kind: int, obj: Any, start: tuple[int, int], flow: bool, tag: str | None,
                 anchor: str | None, parent_key: PathPart | None) -> None:
        self.kind = kind
        self.obj = obj
        self.spans = array("i")
        self.start = start
        self.flow = flow
        self.tag = tag
        self.anchor = anchor
        self.key: Any = None
        self.key_span: tuple[int, int, int, int] | None = None
        self.has_key = False
        self.merges: list[tuple[Any, tuple[int, int, int, int]]] | None = None
        self.explicit_keys: set[str] | None = None
        self.parent_key = parent_key


class YamlLoader:
    """One pass over libyaml's events. Use :func:`load_yaml`."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.positions = YamlPositions()
        self.strings: dict[str, str] = {}
        self.duplicates: list[DuplicateKey] = []
        self.anchors: dict[str, tuple[Any, tuple[int, int, int, int], int]] = {}
        self.stack: list[_Frame] = []
        self.events = 0
        self.expanded = 0
        self.result: Any = None
        self.result_span: tuple[int, int, int, int] | None = None
        self.done = False

    # -- building -------------------------------------------------------------------------------
    def run(self) -> Any:
        parser = _Parser(self.text)
        # The dispatch of _handle, inlined: this loop runs once per event of every YAML file.
        get_event, scalar, start, end = parser.get_event, self._scalar, self._start, self._end
        scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        events = 0
        try:
            while not self.done:
                event = get_event()
                if event is None:
                    break
                events += 1
                self.events = events
                cls = event.__class__
                if cls is scalar_event:
                    scalar(event)
                elif cls is mapping_start:
                    start(event, _MAP, {})
                elif cls is sequence_start:
                    start(event, _SEQ, [])
                elif cls in ends:
                    end(event)
                else:
                    self._handle(event)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            context = f" ({exc.context})" if exc.context and exc.problem else ""
            raise InputError(
                f"YAML syntax error: {problem}{context}",
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
            ) from None
        except yaml.YAMLError as exc:  # ReaderError and friends: bad characters, bad encoding
            position = getattr(exc, "position", None)
            line, column = self._line_col(position) if position is not None else (None, None)
            raise InputError(f"cannot read YAML: {self._reader_message(exc)}", line, column) from None
        finally:
            parser.dispose()
        if self.result_span is not None:
            sl, sc, el, ec = self.result_span
            self.positions.root = Span(sl + 1, sc + 1, el + 1, ec + 1)
        return self.result

    def _line_col(self, position: int) -> tuple[int, int]:
        before = self.text[:position]
        line = before.count("\n") + 1
        return line, position - (before.rfind("\n") + 1) + 1

    @staticmethod
    def _reader_message(exc: Exception) -> str:
        character = getattr(exc, "character", None)
        if isinstance(character, str):
            return f"unacceptable character #x{ord(character):04x}: special characters are not allowed"
        return str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__

    def _handle(self, event: Any) -> None:
        cls = event.__class__
        if cls is yaml.ScalarEvent:
            self._scalar(event)
        elif cls is yaml.MappingStartEvent:
            self._start(event, _MAP, {})
        elif cls is yaml.SequenceStartEvent:
            self._start(event, _SEQ, [])
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            self._end(event)
        elif cls is yaml.AliasEvent:
            self._alias(event)
        elif cls is yaml.DocumentEndEvent:
            # CloudFormation reads one document; later ones are ignored.
            self.done = True

    def _scalar(self, event: Any) -> None:
        self.expanded += 1
        # One string object per distinct text: templates repeat keys (`Type`, `Properties`) and values
        # (`AWS::Lambda::Permission`, `POST`) thousands of times (a tenth of a large template's memory).
        text = self.strings.setdefault(event.value, event.value)
        tag = event.tag
        start, end = event.start_mark, event.end_mark
        span = (start.line, start.column, end.line, end.column)
        if self.stack and self.stack[-1].kind == _MAP and not self.stack[-1].has_key and tag is None:
            # Keys stay the text that was written: `200:` is the key "200", `true:` is "true".
            if not event.style and text == "<<":
                self._key(_MERGE, span)
            else:
                self._key(text, span)
            return
        if tag is None:
            value = resolve_plain(text) if not event.style and event.implicit[0] else text
        elif tag in CFN_TAGS:
            value = self._wrap_scalar(tag, text, span)
        elif tag == "!":
            value = text
        else:
            # Standard `!!` tags; an unknown local tag (`!Foo`) is ignored, never constructed.
            value = _resolve_tagged(tag, text) if tag.startswith("tag:yaml.org,2002:") else (
                resolve_plain(text) if not event.style else text)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, span, 1)
        self._add(value, span)

    def _wrap_scalar(self, tag: str, text: str, span: tuple[int, int, int, int]) -> dict:
        name = CFN_TAGS[tag]
        inner: Any = text
        if name == "Fn::GetAtt":
            # `!GetAtt A.B.C` is ["A", "B.C"]: the attribute name may contain dots.
            resource, dot, attribute = text.partition(".")
            inner = [resource, attribute] if dot else [text]
            self._register_sequence(inner, [span] * len(inner))
        elif name in ("Fn::GetAZs",) and text == "":
            inner = ""
        wrapper = {name: inner}
        self._register_mapping(wrapper, [(span, span)])
        return wrapper

    def _register_sequence(self, items: list, spans: list[tuple[int, int, int, int]]) -> None:
        arr = array("i")
        for span in spans:
            arr.extend(span)
        self.positions.register(items, arr)

    def _register_mapping(self, mapping: dict, spans: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> None:
        arr = array("i")
        for key_span, value_span in spans:
            arr.extend(key_span)
            arr.extend(value_span)
        self.positions.register(mapping, arr)

    def _start(self, event: Any, kind: int, obj: Any) -> None:
        self.expanded += 1
        if len(self.stack) >= MAX_DEPTH:
            mark = event.start_mark
            raise InputError(f"nesting deeper than {MAX_DEPTH} levels is not supported", mark.line + 1, mark.column + 1)
        parent_key: PathPart | None = None
        if self.stack:
            top = self.stack[-1]
            if top.kind == _MAP and not top.has_key:
                parent_key = None  # a complex key
            else:
                parent_key = top.key if top.kind == _MAP else len(top.obj)
        mark = event.start_mark
        tag = event.tag if event.tag in CFN_TAGS else None
        self.stack.append(_Frame(kind, obj, (mark.line, mark.column), bool(event.flow_style), tag,
                                 event.anchor, parent_key))

    def _end(self, event: Any) -> None:
        frame = self.stack.pop()
        if frame.kind == _MAP and frame.merges:
            self._apply_merges(frame)
        spans = frame.spans
        if frame.flow or not spans:
            end = event.end_mark
            end_pos = (end.line, end.column)
        else:
            end_pos = (spans[-2], spans[-1])
        span = (frame.start[0], frame.start[1], end_pos[0], end_pos[1])
        self.positions.register(frame.obj, spans)
        value: Any = frame.obj
        if frame.tag is not None:
            value = {CFN_TAGS[frame.tag]: frame.obj}
            self._register_mapping(value, [(span, span)])
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (value, span, self._weight(value))
        self._add(value, span)

    def _alias(self, event: Any) -> None:
        anchored = self.anchors.get(event.anchor)
        start, end = event.start_mark, event.end_mark
        if anchored is None:
            raise InputError(f"found undefined alias '{event.anchor}'", start.line + 1, start.column + 1)
        value, _span, weight = anchored
        self.expanded += weight
        limit = ALIAS_EXPANSION_FACTOR * self.events + ALIAS_EXPANSION_BASE
        if self.expanded > limit:
            raise InputError(
                f"YAML aliases expand to more than {limit:,} nodes (an alias bomb?)", start.line + 1, start.column + 1
            )
        span = (start.line, start.column, end.line, end.column)
        if self.stack and self.stack[-1].kind == _MAP and not self.stack[-1].has_key:
            self._key(value if isinstance(value, str) else _complex_key(value), span)
            return
        self._add(value, span)

    def _weight(self, value: Any) -> int:
        """Number of nodes in a value, counted iteratively (anchored values are re-used by aliases)."""
        count, todo = 0, [value]
        while todo:
            item = todo.pop()
            count += 1
            if isinstance(item, dict):
                todo.extend(item.values())
            elif isinstance(item, list):
                todo.extend(item)
            if count > 10_000_000:
                break
        return count

    def _key(self, key: Any, span: tuple[int, int, int, int]) -> None:
        top = self.stack[-1]
        top.key = key
        top.key_span = span
        top.has_key = True

    def _add(self, value: Any, span: tuple[int, int, int, int]) -> None:
        if not self.stack:
            self.result = value
            self.result_span = span
            return
        top = self.stack[-1]
        if top.kind == _SEQ:
            top.obj.append(value)
            top.spans.extend(span)
            return
        if not top.has_key:
            # A mapping or sequence used as a key: legal YAML, meaningless here. Keep it as text.
            self._key(_complex_key(value), span)
            return
        key, key_span = top.key, top.key_span
        top.has_key = False
        if key is _MERGE:
            if top.merges is None:
                top.merges = []
            top.merges.append((value, span))
            return
        mapping = top.obj
        if top.explicit_keys is not None:
            top.explicit_keys.add(key)
        if key in mapping:
            index = list(mapping).index(key)
            base = index * _ENTRY_MAP
            first = top.spans[base:base + 4]
            self.duplicates.append(DuplicateKey(
                self._path_of_top(), key,
                Span(first[0] + 1, first[1] + 1, first[2] + 1, first[3] + 1),
                Span(key_span[0] + 1, key_span[1] + 1, key_span[2] + 1, key_span[3] + 1),
            ))
            top.spans[base:base + 8] = array("i", key_span + span)
            mapping[key] = value
            return
        mapping[key] = value
        top.spans.extend(key_span + span)

    def _apply_merges(self, frame: _Frame) -> None:
        """`<<: *base` adds the keys of the merged mappings that the mapping does not set itself."""
        mapping = frame.obj
        for value, span in frame.merges or ():
            sources = value if isinstance(value, list) else [value]
            for source in sources:
                if not isinstance(source, dict):
                    continue
                source_spans = self.positions.spans_of(source)
                for index, (key, item) in enumerate(source.items()):
                    if key in mapping:
                        continue
                    mapping[key] = item
                    if source_spans is not None:
                        frame.spans.extend(source_spans[index * _ENTRY_MAP:(index + 1) * _ENTRY_MAP])
                    else:
                        frame.spans.extend(span + span)

    def _path_of_top(self) -> tuple[PathPart, ...]:
        path: list[PathPart] = []
        for frame in self.stack[1:]:
            path.append(frame.parent_key if frame.parent_key is not None else "?")
        return tuple(path)


class _MergeKey:
    def __repr__(self) -> str:
        return "<<"


_MERGE = _MergeKey()


def _complex_key(value: Any) -> str:
    import json

    try:
        return json.dumps(value, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return str(value)


def load_yaml(text: str) -> tuple[Any, YamlPositions, list[DuplicateKey]]:
    """Parse YAML text. Raises :class:`InputError` with a position for anything unreadable."""
    loader = YamlLoader(text)
    data = loader.run()
    return data, loader.positions, loader.duplicates
