"""Analysis of API Gateway authorizer ``identityValidationExpression`` values (Java regexes).

API Gateway applies the validation expression of a TOKEN authorizer to the whole header value
(``Bearer eyJ...``) before it calls the Lambda. The expression is a ``java.util.regex`` pattern
(inferred: the same guide documents Java patterns for ``selectionPattern``), and whether it is
applied with ``matches()`` (whole token) or ``find()`` (anywhere in it) is not documented.
See docs in ``shared/research/policy-regex.md`` (part B).

How it works:

1. A port of the JDK 17 ``Pattern`` parser (``expr``/``sequence``/``closure``/``group0``/``clazz``/
   ``escape``) reads the expression with Java's rules and builds a small tree whose nodes keep
   their source offsets. Java-only syntax (``[\\w-.]``, ``[a-z[A-Z]]``, ``&&``, ``\\p{..}``,
   ``\\Q..\\E``, possessive and atomic forms...) is understood, and what Java rejects is an error
   even when Python's ``re`` would accept it (``(?P<n>..)``, ``x{,3}``, ``\\y``...).
2. The tree is translated to a Python pattern (every character set spelled out, Java's ``.``,
   ``$`` and ``^`` rules written as lookarounds), which ``re`` compiles for :func:`matches`.
   We do not analyse ``re._parser``'s tree: it has no source offsets and it is optimised in ways
   that hide ambiguity (``(a|a)`` parses as ``a(?:|)``).
3. Checks run on the tree; the backtracking check works on a position automaton (Glushkov) built
   from it, with bounded size and work.

Public API: :func:`analyze`, :func:`matches`, :func:`to_python_pattern`, :func:`parse_java_regex`.
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
import unicodedata
from collections import deque
from gwlint.record import dataclass, field
from typing import Callable, Iterable, Literal, Union

Severity = Literal["error", "warning", "note"]
MatchMode = Literal["full", "find"]

# Issue kinds (stable ids).
JAVA_SYNTAX_ERROR = "java-syntax-error"
REDOS_EXPONENTIAL = "redos-exponential"
REDOS_POLYNOMIAL = "redos-polynomial"
ACCEPTS_EVERYTHING = "accepts-everything"
UNANCHORED = "unanchored"
EMPTY_TOKEN = "empty-token-accepted"
SUSPICIOUS_RANGE = "suspicious-range"
UNESCAPED_DOT = "unescaped-dot"
DIALECT_DIFFERENCE = "dialect-difference"
APPROXIMATION = "approximation"
NOT_TRANSLATABLE = "not-translatable"
ANALYSIS_LIMIT = "analysis-limit"
INTERNAL_ERROR = "internal-error"

# Bounds that keep the analysis cheap enough for a pre-commit hook.
MAX_ANALYSED_LENGTH = 10_000  # longer expressions get a note and only the cheap checks
MAX_PARSED_LENGTH = 100_000  # longer ones are not even parsed
MAX_NESTING = 64  # groups/classes nested deeper than this are not analysed (recursion)
MAX_POSITIONS = 400  # automaton positions for the backtracking analysis
MAX_EDGES = 40_000
MAX_PAIR_STEPS = 60_000  # work bound of the exponential (pair-automaton) search
MAX_PYTHON_PATTERN = 500_000  # characters of translated pattern we are willing to compile

EXPONENTIAL_PUMPS = 30  # attack sizes quoted in messages
POLYNOMIAL_PUMPS = 10_000  # ~ the API Gateway header size limit


@dataclass(frozen=True)
class Attack:
    """A string that makes a backtracking matcher slow: prefix + pump * n + suffix."""

    prefix: str
    pump: str
    suffix: str

    def build(self, pumps: int) -> str:
        return self.prefix + self.pump * pumps + self.suffix


@dataclass(frozen=True)
class RegexIssue:
    kind: str
    severity: Severity
    message: str
    offset: int  # character offset in the expression
    length: int
    attack: Attack | None = None


@dataclass(frozen=True)
class RegexReport:
    expression: str
    issues: list[RegexIssue]
    python_pattern: str | None  # the translation matches() runs; None when Java rejects the expression

    @property
    def valid(self) -> bool:
        """True when Java accepts the expression."""
        return not any(issue.kind == JAVA_SYNTAX_ERROR for issue in self.issues)

    def kinds(self) -> set[str]:
        return {issue.kind for issue in self.issues}

    def of_kind(self, kind: str) -> list[RegexIssue]:
        return [issue for issue in self.issues if issue.kind == kind]


class JavaRegexSyntaxError(ValueError):
    """The expression is not a valid java.util.regex pattern."""

    def __init__(self, description: str, offset: int, length: int = 1):
        super().__init__(f"{description} (at offset {offset})")
        self.description = description
        self.offset = offset
        self.length = length


class RegexTooComplex(ValueError):
    """Nested deeper than MAX_NESTING: not analysed (Python's recursion, not Java, is the limit)."""


# ---------------------------------------------------------------------------------------------
# Character sets: sorted, merged tuples of inclusive code point ranges.

Ranges = tuple[tuple[int, int], ...]
MAX_CODE_POINT = 0x10FFFF


def _q(text: str) -> str:
    """Quote a pattern fragment or token for a message: as written (no doubled backslashes), unless
    it has characters that are only readable escaped."""
    return f"'{text}'" if text.isprintable() else repr(text)
EVERYTHING: Ranges = ((0, MAX_CODE_POINT),)


def _normalize(pairs: Iterable[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(pairs):
        if lo > hi:
            continue
        if merged and lo <= merged[-1][1] + 1:
            if hi > merged[-1][1]:
                merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _ranges(*items: str | int | tuple[int, int]) -> Ranges:
    """Build a set from "a-z" (a three-character range), other strings (their characters),
    code points and (lo, hi) pairs."""
    pairs: list[tuple[int, int]] = []
    for item in items:
        if isinstance(item, int):
            pairs.append((item, item))
        elif isinstance(item, tuple):
            pairs.append(item)
        elif len(item) == 3 and item[1] == "-":
            pairs.append((ord(item[0]), ord(item[2])))
        else:
            pairs.extend((ord(c), ord(c)) for c in item)
    return _normalize(pairs)


def _extend(pairs: list[tuple[int, int]] | None, more: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Append to an unmerged union (created on first use); _normalize() merges it later."""
    pairs = [] if pairs is None else pairs
    pairs.extend(more)
    return pairs


def _union(*sets: Ranges) -> Ranges:
    return _normalize(pair for ranges in sets for pair in ranges)


def _complement(ranges: Ranges) -> Ranges:
    out, start = [], 0
    for lo, hi in ranges:
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= MAX_CODE_POINT:
        out.append((start, MAX_CODE_POINT))
    return tuple(out)


def _intersect(a: Ranges, b: Ranges) -> Ranges:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def _contains(ranges: Ranges, cp: int) -> bool:
    i = bisect.bisect_right(ranges, (cp, MAX_CODE_POINT + 1)) - 1
    return i >= 0 and ranges[i][1] >= cp


def _is_subset(a: Ranges, b: Ranges) -> bool:
    j = 0
    for lo, hi in a:
        while j < len(b) and b[j][1] < lo:
            j += 1
        if j == len(b) or b[j][0] > lo or b[j][1] < hi:
            return False
    return True


def _size(ranges: Ranges) -> int:
    return sum(hi - lo + 1 for lo, hi in ranges)


_LOWER_ASCII = _ranges("a-z")
_UPPER_ASCII = _ranges("A-Z")
_DIGITS = _ranges("0-9")
_ALNUM_ASCII = _ranges("0-9", "A-Z", "a-z")
_PRINTABLE_ASCII = _ranges("!-~")  # visible ASCII, no space
_ASCII_SPACE = _ranges(" \t\n\x0b\f\r")
_LINE_TERMINATORS = _ranges("\n\r\x85\u2028\u2029")  # what Java's "." and "$" care about
_WHITE_SPACE = _ranges("\t-\r", " ", 0x85, 0xA0, 0x1680, (0x2000, 0x200A), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000)
_HORIZONTAL_SPACE = _ranges(" \t", 0xA0, 0x1680, 0x180E, (0x2000, 0x200A), 0x202F, 0x205F, 0x3000)
_VERTICAL_SPACE = _ranges("\n\x0b\f\r", 0x85, 0x2028, 0x2029)
_WORD_ASCII = _ranges("0-9", "A-Z", "a-z", "_")
# Characters a base64url / b64token segment is made of (RFC 6750), used by the "unescaped dot" heuristic.
_TOKEN_SEGMENT = _ranges("0-9", "A-Z", "a-z", "-_=+/~")


def _shift(ranges: Ranges, delta: int) -> Ranges:
    return tuple((lo + delta, hi + delta) for lo, hi in ranges)


def _fold_ascii(ranges: Ranges) -> Ranges:
    """Java's default CASE_INSENSITIVE: only US-ASCII letters have a second case."""
    return _union(ranges, _shift(_intersect(ranges, _UPPER_ASCII), 32), _shift(_intersect(ranges, _LOWER_ASCII), -32))


def _fold_unicode(ranges: Ranges) -> Ranges:
    """CASE_INSENSITIVE + UNICODE_CASE, approximated with Python's simple case mappings.
    Huge ranges are left alone: their case partners are almost always inside already."""
    extra: list[tuple[int, int]] = []
    if _size(ranges) <= 4096:
        for lo, hi in ranges:
            for cp in range(lo, hi + 1):
                upper = chr(cp).upper()
                for variant in (upper, chr(cp).lower(), upper.lower()):
                    if len(variant) == 1:
                        extra.append((ord(variant), ord(variant)))
    return _union(_fold_ascii(ranges), _normalize(extra))


# ---------------------------------------------------------------------------------------------
# Java's \p{...} classes. Unicode-based ones come from Python's unicodedata (its Unicode version
# is close to, not equal to, the JDK's), computed on first use.


@functools.lru_cache(maxsize=1)
def _category_runs() -> tuple[tuple[int, int, str], ...]:
    runs, start, current = [], 0, unicodedata.category("\0")
    for cp in range(1, MAX_CODE_POINT + 1):
        category = unicodedata.category(chr(cp))
        if category != current:
            runs.append((start, cp - 1, current))
            start, current = cp, category
    runs.append((start, MAX_CODE_POINT, current))
    return tuple(runs)


@functools.lru_cache(maxsize=None)
def _categories(names: str) -> Ranges:
    """Union of general categories; "L" means every L* category."""
    wanted = set(names.split())
    return _normalize((lo, hi) for lo, hi, cat in _category_runs() if cat in wanted or cat[0] in wanted)


@functools.lru_cache(maxsize=1)
def _mirrored() -> Ranges:
    return _normalize((cp, cp) for cp in range(0x20000) if unicodedata.mirrored(chr(cp)))


_CASED = "Lu Ll Lt"
_IGNORABLE_CONTROLS = _ranges((0, 8), (0x0E, 0x1B), (0x7F, 0x9F))
_ASCII_POSIX: dict[str, Ranges] = {  # Java's \p{Alpha} etc.: US-ASCII only unless (?U)
    "ASCII": _ranges((0, 0x7F)),
    "Alnum": _ALNUM_ASCII,
    "Alpha": _ranges("A-Z", "a-z"),
    "Blank": _ranges(" \t"),
    "Cntrl": _ranges((0, 0x1F), 0x7F),
    "Digit": _DIGITS,
    "Graph": _PRINTABLE_ASCII,
    "Lower": _LOWER_ASCII,
    "Print": _ranges(" -~"),
    "Punct": _ranges("!-/", ":-@", "[-`", "{-~"),
    "Space": _ASCII_SPACE,
    "Upper": _UPPER_ASCII,
    "XDigit": _ranges("0-9", "A-F", "a-f"),
}
_GENERAL_CATEGORIES = set(
    "L M N Z C P S Cn Lu Ll Lt Lm Lo Mn Me Mc Nd Nl No Zs Zl Zp Cc Cf Co Cs Pd Ps Pe Pc Po Sm Sc Sk So Pi Pf".split()
)


def _graph_unicode() -> Ranges:
    return _complement(_union(_WHITE_SPACE, _categories("Cc Cs Cn")))


# (?U) POSIX classes and \p{IsXxx} binary properties, approximated by general categories.
_UNICODE_POSIX: dict[str, Callable[[], Ranges]] = {
    "ALPHA": lambda: _categories("L Nl"),
    "LOWER": lambda: _categories("Ll"),
    "UPPER": lambda: _categories("Lu"),
    "SPACE": lambda: _WHITE_SPACE,
    "PUNCT": lambda: _categories("P"),
    "XDIGIT": lambda: _ranges("0-9", "A-F", "a-f", (0xFF10, 0xFF19), (0xFF21, 0xFF26), (0xFF41, 0xFF46)),
    "ALNUM": lambda: _categories("L Nl Nd"),
    "CNTRL": lambda: _categories("Cc"),
    "DIGIT": lambda: _categories("Nd"),
    "BLANK": lambda: _union(_categories("Zs"), _ranges("\t")),
    "GRAPH": _graph_unicode,
    "PRINT": lambda: _intersect(
        _union(_graph_unicode(), _categories("Zs"), _ranges("\t")), _complement(_categories("Cc"))
    ),
}
_UNICODE_BINARY: dict[str, Callable[[], Ranges]] = {
    "ALPHABETIC": _UNICODE_POSIX["ALPHA"],
    "ASSIGNED": lambda: _complement(_categories("Cn")),
    "CONTROL": _UNICODE_POSIX["CNTRL"],
    "HEXDIGIT": _UNICODE_POSIX["XDIGIT"],
    "HEX_DIGIT": _UNICODE_POSIX["XDIGIT"],
    "JOINCONTROL": lambda: _ranges((0x200C, 0x200D)),
    "JOIN_CONTROL": lambda: _ranges((0x200C, 0x200D)),
    "LETTER": lambda: _categories("L"),
    "LOWERCASE": _UNICODE_POSIX["LOWER"],
    "UPPERCASE": _UNICODE_POSIX["UPPER"],
    "TITLECASE": lambda: _categories("Lt"),
    "NONCHARACTERCODEPOINT": lambda: _ranges(
        (0xFDD0, 0xFDEF), *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000))
    ),
    "PUNCTUATION": _UNICODE_POSIX["PUNCT"],
    "WHITESPACE": lambda: _WHITE_SPACE,
    "WHITE_SPACE": lambda: _WHITE_SPACE,
    "WORD": lambda: _union(_categories("L Nl Mn Mc Me Nd Pc"), _ranges((0x200C, 0x200D))),
}
_UNICODE_BINARY["NONCHARACTER_CODE_POINT"] = _UNICODE_BINARY["NONCHARACTERCODEPOINT"]
# Names looked up case-sensitively (Java's CharPredicates.forProperty).
_JAVA_PROPERTIES: dict[str, Callable[[], Ranges]] = {
    "LC": lambda: _categories(_CASED),
    "LD": lambda: _categories("L Nd"),
    "L1": lambda: _ranges((0, 0xFF)),
    "all": lambda: EVERYTHING,
    "javaLowerCase": lambda: _categories("Ll"),
    "javaUpperCase": lambda: _categories("Lu"),
    "javaTitleCase": lambda: _categories("Lt"),
    "javaAlphabetic": lambda: _categories("L Nl"),
    "javaDigit": lambda: _categories("Nd"),
    "javaDefined": lambda: _complement(_categories("Cn")),
    "javaLetter": lambda: _categories("L"),
    "javaLetterOrDigit": lambda: _categories("L Nd"),
    "javaJavaIdentifierStart": lambda: _categories("L Nl Sc Pc"),
    "javaJavaIdentifierPart": lambda: _union(_categories("L Nl Sc Pc Nd Mn Mc Cf"), _IGNORABLE_CONTROLS),
    "javaUnicodeIdentifierStart": lambda: _categories("L Nl"),
    "javaUnicodeIdentifierPart": lambda: _union(_categories("L Nl Pc Nd Mn Mc Cf"), _IGNORABLE_CONTROLS),
    "javaIdentifierIgnorable": lambda: _union(_categories("Cf"), _IGNORABLE_CONTROLS),
    "javaSpaceChar": lambda: _categories("Zs Zl Zp"),
    "javaWhitespace": lambda: _union(
        _intersect(_categories("Zs Zl Zp"), _complement(_ranges(0xA0, 0x2007, 0x202F))), _ranges("\t-\r", (0x1C, 0x1F))
    ),
    "javaISOControl": lambda: _ranges((0, 0x1F), (0x7F, 0x9F)),
    "javaMirrored": _mirrored,
}
# Under (?i) Java widens these to every cased letter.
_CASED_NAMES = {"Lu", "Ll", "Lt", "javaLowerCase", "javaUpperCase", "javaTitleCase", "LOWERCASE", "UPPERCASE", "TITLECASE"}
_PLAUSIBLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_ \-]*")
_ANY_LETTER_NOTE = "gwlint has no Unicode {what} table; it is approximated as 'any letter' (\\p{{L}})"

_PropertyResult = tuple[Ranges, Union[str, None]]  # the set and, for approximations, why


def _java_property(name: str, case_insensitive: bool) -> _PropertyResult | None:
    if name in _CASED_NAMES and case_insensitive:
        return _categories(_CASED), None
    if name in ("Lower", "Upper") and case_insensitive:
        return _ASCII_POSIX["Alpha"], None
    if name in _GENERAL_CATEGORIES:
        return _categories(name), None
    if name in _ASCII_POSIX:
        return _ASCII_POSIX[name], None
    if name in _JAVA_PROPERTIES:
        return _JAVA_PROPERTIES[name](), None
    if name == "javaIdeographic":
        return _categories("L"), _ANY_LETTER_NOTE.format(what="Ideographic property")
    return None


def _unicode_property(upper_name: str, case_insensitive: bool, *, binary: bool) -> _PropertyResult | None:
    if upper_name in ("LOWERCASE", "UPPERCASE", "TITLECASE", "LOWER", "UPPER") and case_insensitive:
        return _categories(_CASED), None
    table = {**_UNICODE_BINARY, **_UNICODE_POSIX} if binary else _UNICODE_POSIX
    if upper_name in table:
        return table[upper_name](), None
    if binary and upper_name == "IDEOGRAPHIC":
        return _categories("L"), _ANY_LETTER_NOTE.format(what="Ideographic property")
    return None


def _lookup_property(name: str, flags: int) -> _PropertyResult | None:
    """Java's Pattern.family(): the set for \\p{name}, or None when Java rejects the name."""
    ci = bool(flags & _CASE_INSENSITIVE)
    if "=" in name:
        key, value = name.split("=", 1)
        key = key.lower()
        if key in ("sc", "script", "blk", "block") and _PLAUSIBLE_NAME.fullmatch(value):
            return _categories("L"), _ANY_LETTER_NOTE.format(what=f"{key} '{value}'")
        if key in ("gc", "general_category"):
            return _java_property(value, ci)
        return None
    if name.startswith("In"):
        if _PLAUSIBLE_NAME.fullmatch(name[2:]):
            return _categories("L"), _ANY_LETTER_NOTE.format(what=f"block '{name[2:]}'")
        return None
    if name.startswith("Is"):
        short = name[2:]
        found = _unicode_property(short.upper(), ci, binary=True) or _java_property(short, ci)
        if found is None and _PLAUSIBLE_NAME.fullmatch(short):
            note = _ANY_LETTER_NOTE.format(what=f"script '{short}'") + " (Java rejects unknown script names)"
            found = _categories("L"), note
        return found
    if flags & _UNICODE_CHARACTER_CLASS:
        found = _unicode_property(name.upper(), ci, binary=False)
        if found:
            return found
    return _java_property(name, ci)


# ---------------------------------------------------------------------------------------------
# The parse tree. Offsets are character offsets in the original expression.


@dataclass(eq=False)
class Node:
    start: int
    end: int


@dataclass(eq=False)
class Chars(Node):
    """Matches one code point from ``ranges``. ``kind``: literal, dot, class or escape."""

    ranges: Ranges
    kind: str
    literal: str | None = None


@dataclass(eq=False)
class Seq(Node):
    items: list[Node]


@dataclass(eq=False)
class Alt(Node):
    branches: list[Node]


@dataclass(eq=False)
class Repeat(Node):
    child: Node
    min: int
    max: int | None  # None: unbounded
    mode: str  # greedy, lazy or possessive


@dataclass(eq=False)
class Group(Node):
    child: Node
    kind: str  # capture, plain, atomic, ahead, not-ahead, behind, not-behind
    number: int | None = None
    line_break: bool = False  # \R: backtracks from \r\n to \r, except when quantified


@dataclass(eq=False)
class Anchor(Node):
    # begin (^, \A), end (\z), dollar ($, \Z), dollar-unix, line-start(-unix), line-end(-unix),
    # word (\b), not-word (\B), last-match (\G), grapheme (\b{g})
    kind: str


@dataclass(eq=False)
class Backref(Node):
    number: int
    ignore_case: bool
    unicode_case: bool


@dataclass(eq=False)
class Empty(Node):
    pass


_LOOKAROUNDS = ("ahead", "not-ahead", "behind", "not-behind")
_START_ANCHORS = ("begin", "line-start", "line-start-unix", "last-match")
_END_ANCHORS = ("end", "dollar", "dollar-unix", "line-end", "line-end-unix")

# ---------------------------------------------------------------------------------------------
# The Java parser: a port of java.util.regex.Pattern (JDK 17), method by method.

_UNIX_LINES, _CASE_INSENSITIVE, _COMMENTS, _MULTILINE = 0x01, 0x02, 0x04, 0x08
_DOTALL, _UNICODE_CASE, _CANON_EQ, _UNICODE_CHARACTER_CLASS = 0x20, 0x40, 0x80, 0x100
_FLAG_BITS = {
    "i": _CASE_INSENSITIVE,
    "m": _MULTILINE,
    "s": _DOTALL,
    "d": _UNIX_LINES,
    "u": _UNICODE_CASE,
    "c": _CANON_EQ,
    "x": _COMMENTS,
    "U": _UNICODE_CHARACTER_CLASS | _UNICODE_CASE,
}
_MAX_REPS = 0x7FFFFFFF
_ILLEGAL_ESCAPES = set("CEFIJKLMOPQTUYgijlmopqy")
_LITERAL_ESCAPES = {"a": 7, "e": 27, "f": 12, "n": 10, "r": 13, "t": 9}
_NOT_IN_CLASS_ESCAPES = set("123456789ABGRXZbkz")
_HEX = set("0123456789abcdefABCDEF")
# Single characters that Java keeps out of its byte-table "bits" under (?iu) (Pattern.bitsOrSingle).
_UNICODE_CASE_SPECIALS = {0xFF, 0xB5, 0x49, 0x69, 0x53, 0x73, 0x4B, 0x6B, 0xC5, 0xE5}

# Constructs that Python's re reads differently or rejects: emulators such as SAM CLI use re.
_DIALECT_NOTES = {
    "quote": "\\Q...\\E quoting is Java-only; Python's re rejects \\Q",
    "nested-class": (
        "a nested [...] inside a class is a union in Java; "
        "Python's re reads the '[' literally and ends the class at the first ']'"
    ),
    "intersection": "'&&' is class intersection in Java; Python's re reads it as two literal '&'",
    "class-escape-dash": (
        "'-' after a class escape such as \\w is a literal in Java; Python's re rejects it (bad character range)"
    ),
    "property": "\\p{...} / \\P{...} classes are Java-only; Python's re rejects them",
    "named-group": "(?<name>...) is Java syntax; Python's re wants (?P<name>...)",
    "possessive": "possessive quantifiers and atomic groups need Python 3.11+ in Python-based tools",
    "inline-flags": (
        "inline flags after the start apply from there to the end of the group in Java; Python 3.11+ rejects them"
    ),
    "java-flags": "the inline flags d, U and c exist only in Java",
}
_DIALECT_ESCAPES = {
    "h": "\\h (horizontal whitespace) is Java-only",
    "v": "\\v is any vertical whitespace in Java but only \\x0b in Python",
    "e": "\\e (escape) is Java-only",
    "z": "\\z is Java's end of input; Python spells it \\Z",
    "Z": "\\Z in Java also allows a final line terminator; in Python it is the absolute end",
    "G": "\\G is Java-only",
    "R": "\\R (line break) is Java-only",
    "X": "\\X (grapheme cluster) is Java-only",
    "c": "\\cX control escapes are Java-only",
    "k": "\\k<name> back references are Java syntax; Python wants (?P=name)",
    "x{": "\\x{h...h} is Java-only",
    "N": "\\N{NAME} needs Python 3.8+",
}


@dataclass
class ParsedRegex:
    root: Node
    ranges: list[tuple[int, int, int, int]]  # a-b ranges in classes: (lo, hi, offset, length)
    notes: list[RegexIssue]


def _remove_qe_quoting(expression: str) -> tuple[str, list[int], int | None]:
    """Pattern.RemoveQEQuoting: rewrite \\Q...\\E as escaped literals, as Java does before parsing.
    Returns the new text, the source offset of each of its characters, and where \\Q first occurs."""
    n, i = len(expression), 0
    while i < n - 1:
        if expression[i] != "\\":
            i += 1
        elif expression[i + 1] != "Q":
            i += 2
        else:
            break
    if i >= n - 1:
        return expression, list(range(n)), None
    first_quote = i
    out, origin = list(expression[:i]), list(range(i))

    def emit(text: str, at: int) -> None:
        out.extend(text)
        origin.extend([at] * len(text))

    i += 2
    in_quote = begin_quote = True
    while i < n:
        c, here = expression[i], i
        i += 1
        if not c.isascii() or c.isalpha():
            emit(c, here)
        elif c.isdigit():
            # Java writes "\x3N" so that the digit cannot extend an escape written before \Q.
            emit("\\x3" + c if begin_quote else c, here)
        elif c != "\\":
            emit("\\" + c if in_quote else c, here)
        elif in_quote:
            if i < n and expression[i] == "E":
                i += 1
                in_quote = False
            else:
                emit("\\\\", here)
        elif i < n and expression[i] == "Q":
            i += 1
            in_quote = begin_quote = True
            continue
        else:
            emit(c, here)
            if i != n:
                emit(expression[i], i)
                i += 1
        begin_quote = False
    return "".join(out), origin, first_quote


def _is_ascii_space(ch: str) -> bool:
    return ch in " \t\n\x0b\f\r"


class _Parser:
    """Mirrors Pattern's cursor discipline (peek/read/next/skip/unread) so that the error cases
    and the odd corners (comments mode, \\Q..\\E, '{' at an atom start) behave like Java."""

    def __init__(self, expression: str):
        self.expression = expression
        self.text, self.origin, quote_at = _remove_qe_quoting(expression)
        self.length = len(self.text)
        self.cursor = 0
        self.flags = 0
        self.next_group = 1  # Pattern.capturingGroupCount
        self.group_names: dict[str, int] = {}
        self.ranges: list[tuple[int, int, int, int]] = []
        self.notes: list[RegexIssue] = []
        self.noted: set[str] = set()
        self.depth = 0
        if quote_at is not None:
            self.dialect("quote", quote_at, 2)

    # -- notes and errors

    def note(self, kind: str, key: str, message: str, offset: int, length: int) -> None:
        if key not in self.noted:  # one note per construct is enough
            self.noted.add(key)
            self.notes.append(RegexIssue(kind, "note", message, offset, length))

    def dialect(self, key: str, offset: int, length: int) -> None:
        self.note(DIALECT_DIFFERENCE, key, _DIALECT_NOTES.get(key) or _DIALECT_ESCAPES[key], offset, length)

    def error(self, description: str, offset: int | None = None, length: int = 1) -> None:
        if offset is None:  # Java reports cursor - 1
            offset = self.offset(self.cursor - 1)
        offset = min(max(offset, 0), max(len(self.expression) - 1, 0))  # past the end: the last character
        raise JavaRegexSyntaxError(description, offset, max(0, min(length, len(self.expression) - offset)))

    # -- positions

    def offset(self, i: int) -> int:
        if i < 0:
            return 0
        return self.origin[i] if i < self.length else len(self.expression)

    def end(self) -> int:
        """Source offset just after the last consumed character."""
        return min(self.offset(self.cursor - 1) + 1, len(self.expression))

    def span(self, node: Node, start_cursor: int) -> Node:
        node.start = self.offset(start_cursor)
        node.end = max(node.start, self.end())
        return node

    def enter(self, at: int) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise RegexTooComplex(f"nested deeper than {MAX_NESTING} levels at offset {self.offset(at)}")

    # -- reading (Pattern.peek/read/next/skip...). Past the end we read "\0", like Java's padding.

    def at(self, i: int) -> str:
        return self.text[i] if 0 <= i < self.length else "\0"

    def peek(self) -> str:
        ch = self.at(self.cursor)
        return self.peek_past_whitespace(ch) if self.flags & _COMMENTS else ch

    def read(self) -> str:
        ch = self.at(self.cursor)
        self.cursor += 1
        return self.parse_past_whitespace(ch) if self.flags & _COMMENTS else ch

    def next(self) -> str:
        self.cursor += 1
        ch = self.at(self.cursor)
        return self.peek_past_whitespace(ch) if self.flags & _COMMENTS else ch

    def next_escaped(self) -> str:
        self.cursor += 1
        return self.at(self.cursor)

    def skip(self) -> str:
        ch = self.at(self.cursor + 1)
        self.cursor += 2
        return ch

    def unread(self) -> None:
        self.cursor -= 1

    def is_line_separator(self, ch: str) -> bool:
        return ch == "\n" if self.flags & _UNIX_LINES else ch in "\n\r\u0085\u2028\u2029"

    def peek_past_whitespace(self, ch: str) -> str:
        while _is_ascii_space(ch) or ch == "#":
            while _is_ascii_space(ch):
                self.cursor += 1
                ch = self.at(self.cursor)
            if ch == "#":
                self.cursor += 1
                ch = self.at(self.cursor)
                while ch != "\0" and not self.is_line_separator(ch):
                    self.cursor += 1
                    ch = self.at(self.cursor)
                if ch == "\0" and self.cursor > self.length:
                    self.cursor = self.length
                    ch = self.at(self.cursor)
        return ch

    def parse_past_whitespace(self, ch: str) -> str:
        while _is_ascii_space(ch) or ch == "#":
            while _is_ascii_space(ch):
                ch = self.at(self.cursor)
                self.cursor += 1
            if ch == "#":
                ch = self.at(self.cursor)
                self.cursor += 1
                while ch != "\0" and not self.is_line_separator(ch):
                    ch = self.at(self.cursor)
                    self.cursor += 1
                if ch == "\0" and self.cursor > self.length:
                    self.cursor = self.length
                    ch = self.at(self.cursor)
                    self.cursor += 1
        return ch

    # -- grammar

    def parse(self) -> ParsedRegex:
        root = self.expr()
        if self.cursor != self.length:
            if self.peek() == ")":
                self.error("Unmatched closing ')'", self.offset(self.cursor))
            elif self.cursor == self.length + 1 and self.text.endswith("\\"):
                self.error("Unescaped trailing backslash", self.offset(self.length - 1))
            self.error("Unexpected internal error")
        return ParsedRegex(root, self.ranges, self.notes)

    def expr(self) -> Node:
        start = self.cursor
        branches = [self.sequence()]
        while self.peek() == "|":
            self.next()
            branches.append(self.sequence())
        if len(branches) == 1:
            return branches[0]
        return self.span(Alt(0, 0, branches), start)

    def sequence(self) -> Node:
        start = self.cursor
        items: list[Node] = []
        while True:
            ch = self.peek()
            item_start = self.cursor
            if ch == "(":
                group = self.group()  # a group parses its own quantifier
                if group is not None:
                    items.append(group)
                continue
            if ch == "[":
                node: Node = self.span(Chars(0, 0, self.clazz(True), "class"), item_start)
            elif ch == "\\":
                ch = self.next_escaped()
                if ch in ("p", "P"):
                    node = self.span(Chars(0, 0, self.property(ch == "P"), "class"), item_start)
                else:
                    self.unread()
                    node = self.atom()
            elif ch == "^":
                self.next()
                node = self.span(Anchor(0, 0, self.caret_kind()), item_start)
            elif ch == "$":
                self.next()
                node = self.span(Anchor(0, 0, self.dollar_kind(multiline=bool(self.flags & _MULTILINE))), item_start)
            elif ch == ".":
                self.next()
                node = self.span(Chars(0, 0, self.dot(), "dot"), item_start)
            elif ch in ("|", ")"):
                break
            elif ch in ("?", "*", "+"):
                self.next()
                self.error(f"Dangling meta character '{ch}'", self.offset(item_start))
            elif ch == "\0" and self.cursor >= self.length:
                break
            else:
                node = self.atom()
            items.append(self.closure(node))
        if len(items) == 1:
            return items[0]
        node = Seq(0, 0, items) if items else Empty(0, 0)
        return self.span(node, start)

    def caret_kind(self) -> str:
        if not self.flags & _MULTILINE:
            return "begin"
        return "line-start-unix" if self.flags & _UNIX_LINES else "line-start"

    def dollar_kind(self, multiline: bool) -> str:
        unix = "-unix" if self.flags & _UNIX_LINES else ""
        return ("line-end" if multiline else "dollar") + unix

    def dot(self) -> Ranges:
        if self.flags & _DOTALL:
            return EVERYTHING
        return _complement(_ranges("\n") if self.flags & _UNIX_LINES else _LINE_TERMINATORS)

    def literal(self, cp: int) -> Ranges:
        return self.fold(((cp, cp),))

    def fold(self, ranges: Ranges) -> Ranges:
        if not self.flags & _CASE_INSENSITIVE:
            return ranges
        return _fold_unicode(ranges) if self.flags & _UNICODE_CASE else _fold_ascii(ranges)

    def atom(self) -> Node:
        """One character or escape (Java groups literal runs into slices; one node per
        character is equivalent). A '{' here quantifies an empty atom, as in Java."""
        start = self.cursor
        ch = self.peek()
        if ch == "{":
            return Empty(self.offset(start), self.offset(start))
        if ch == "\\":
            value = self.escape(inclass=False, create=True, isrange=False)
            if isinstance(value, int):
                return self.span(Chars(0, 0, self.literal(value), "literal", chr(value)), start)
            if isinstance(value, tuple):
                return self.span(Chars(0, 0, value, "escape"), start)
            return self.span(value, start)
        self.next()
        return self.span(Chars(0, 0, self.literal(ord(ch)), "literal", ch), start)

    def closure(self, node: Node) -> Node:
        ch = self.peek()
        if ch in ("?", "*", "+"):
            low, high = {"?": (0, 1), "*": (0, None), "+": (1, None)}[ch]
            return self.repeat(node, low, high, self.qtype())
        if ch != "{":
            return node
        brace = self.cursor
        ch = self.skip()
        if not ("0" <= ch <= "9"):
            hint = " ({,n} is Python syntax; Java needs {0,n})" if ch == "," else ""
            self.error("Illegal repetition" + hint, self.offset(brace))
        low = self.number(ch)
        ch = self.read()
        while "0" <= ch <= "9":
            low = self.number(ch, low)
            ch = self.read()
        high: int | None = low
        if ch == ",":
            ch = self.read()
            if ch == "}":
                self.unread()
                return self.repeat(node, low, None, self.qtype())
            high = 0
            while "0" <= ch <= "9":
                high = self.number(ch, high)
                ch = self.read()
        if ch != "}":
            self.error("Unclosed counted closure", self.offset(brace), self.cursor - brace)
        if high < low:
            self.error("Illegal repetition range", self.offset(brace), self.cursor - brace)
        self.unread()
        return self.repeat(node, low, high, self.qtype())

    def number(self, digit: str, value: int = 0) -> int:
        value = value * 10 + int(digit)
        if value > _MAX_REPS:
            self.error("Illegal repetition range")
        return value

    def qtype(self) -> str:
        ch = self.next()
        if ch == "?":
            self.next()
            return "lazy"
        if ch == "+":
            self.next()
            return "possessive"
        return "greedy"

    def repeat(self, node: Node, low: int, high: int | None, mode: str) -> Repeat:
        if isinstance(node, Group) and node.line_break:
            node.kind = "atomic"  # Java's Curly matches each \R once, without trying \r alone
        if mode == "possessive":
            self.dialect("possessive", node.start, self.end() - node.start)
        return Repeat(node.start, self.end(), node, low, high, mode)

    def group(self) -> Node | None:
        self.enter(self.cursor)
        open_at = self.cursor
        saved_flags = self.flags
        kind, number = "plain", None
        ch = self.next()
        if ch == "?":
            ch = self.skip()
            if ch in ("=", "!"):
                kind = "ahead" if ch == "=" else "not-ahead"
            elif ch == ">":
                kind = "atomic"
                self.dialect("possessive", self.offset(open_at), 3)
            elif ch == "<":
                ch = self.read()
                if ch in ("=", "!"):
                    kind = "behind" if ch == "=" else "not-behind"
                else:
                    name = self.group_name(ch)
                    if name in self.group_names:
                        self.error(f"Named capturing group <{name}> is already defined")
                    kind, number = "capture", self.new_group()
                    self.group_names[name] = number
                    self.dialect("named-group", self.offset(open_at), self.end() - self.offset(open_at))
            elif ch in ("$", "@"):
                self.error("Unknown group type")
            elif ch != ":":
                self.unread()
                self.inline_flags(open_at)
                ch = self.read()
                if ch == ")":
                    if self.offset(open_at) > 0:
                        self.dialect("inline-flags", self.offset(open_at), self.end() - self.offset(open_at))
                    self.depth -= 1
                    return None  # flags stay set until the enclosing group ends
                if ch != ":":
                    self.error("Unknown inline modifier" + self.modifier_hint(open_at))
        else:
            kind, number = "capture", self.new_group()
        body = self.expr()
        if self.read() != ")":
            self.error("Unclosed group", self.offset(open_at), self.end() - self.offset(open_at))
        self.flags = saved_flags
        node = self.span(Group(0, 0, body, kind, number), open_at)
        if kind in ("behind", "not-behind") and not _lookbehind_has_maximum(body):
            self.error("Look-behind group does not have an obvious maximum length", node.start, node.end - node.start)
        self.depth -= 1
        return self.closure(node)

    def new_group(self) -> int:
        self.next_group += 1
        return self.next_group - 1

    def modifier_hint(self, open_at: int) -> str:
        after = self.text[open_at + 2 : open_at + 3]
        if after == "P":
            return " ((?P<name>...) and (?P=name) are Python syntax; Java uses (?<name>...) and \\k<name>)"
        if after == "#":
            return " ((?#...) comments are Python-only)"
        if after in ("a", "L"):
            return f" ((?{after}) is a Python-only flag)"
        return ""

    def inline_flags(self, open_at: int) -> None:
        """Pattern.addFlag/subFlag."""
        start = self.cursor
        ch = self.peek()
        while ch in _FLAG_BITS:
            self.flags |= _FLAG_BITS[ch]
            ch = self.next()
        if ch == "-":
            ch = self.next()
            while ch in _FLAG_BITS:
                self.flags &= ~_FLAG_BITS[ch]
                ch = self.next()
        used = set(self.text[start : self.cursor])
        if used & set("dUc"):
            self.dialect("java-flags", self.offset(open_at), self.offset(self.cursor) - self.offset(open_at))
        if "c" in used:
            message = "(?c) canonical equivalence is ignored by this analysis"
            self.note(APPROXIMATION, "canon-eq", message, self.offset(open_at), 2)

    def group_name(self, ch: str) -> str:
        if not (ch.isascii() and ch.isalpha()):
            self.error("capturing group name does not start with a Latin letter")
        name = ch
        ch = self.read()
        while ch.isascii() and ch.isalnum():
            name += ch
            ch = self.read()
        if ch != ">":
            self.error("named capturing group is missing trailing '>'")
        return name

    # -- escapes (Pattern.escape)

    def escape(self, inclass: bool, create: bool, isrange: bool) -> int | Ranges | Node:
        """A code point for literal escapes, a set for class escapes, a node for the rest."""
        backslash = self.cursor
        ch = self.skip()
        here = self.offset(backslash)
        if ch in _ILLEGAL_ESCAPES or (inclass and ch in _NOT_IN_CLASS_ESCAPES):
            self.error("Illegal/unsupported escape sequence", here, 2)
        if ch in _DIALECT_ESCAPES:
            self.dialect(ch, here, 2)
        if ch == "0":
            return self.octal()
        if ch in "123456789":
            return self.backref(int(ch))
        if ch in _LITERAL_ESCAPES:
            return _LITERAL_ESCAPES[ch]
        if ch == "c":
            if self.cursor < self.length:
                return ord(self.read()) ^ 64
            self.error("Illegal control escape sequence")
        if ch == "u":
            return self.unicode_escape()
        if ch == "x":
            return self.hex_escape(here)
        if ch == "N":
            return self.named_character()
        if ch == "v" and isrange:
            return 0x0B  # Java keeps the pre-JDK 8 meaning inside a range
        class_escape = self.class_escape(ch)
        if class_escape is not None:
            return class_escape
        if ch == "k":
            if self.read() != "<":
                self.error("\\k is not followed by '<' for named capturing group")
            name = self.group_name(self.read())
            if name not in self.group_names:
                self.error(f"named capturing group <{name}> does not exist")
            return self.make_backref(self.group_names[name])
        if ch == "b":
            return self.word_boundary(here)
        if ch in "ABGZz":
            kinds = {"A": "begin", "B": "not-word", "G": "last-match", "z": "end", "Z": self.dollar_kind(multiline=False)}
            return Anchor(0, 0, kinds[ch])
        if ch == "R":  # \r\n|[\n\x0b\f\r\x85\u2028\u2029] (JDK 17 backtracks from \r\n to \r)
            cr, lf, single = (
                Chars(here, here + 2, ranges, "escape") for ranges in (_ranges("\r"), _ranges("\n"), _VERTICAL_SPACE)
            )
            return Group(0, 0, Alt(here, here + 2, [Seq(here, here + 2, [cr, lf]), single]), "plain", line_break=True)
        if ch == "X":
            self.note(APPROXIMATION, "grapheme", "\\X (a grapheme cluster) is approximated as one code point", here, 2)
            return EVERYTHING
        return ord(ch)  # any other character stands for itself (and "\\" at the end for NUL, as in Java)

    def class_escape(self, ch: str) -> Ranges | None:
        unicode = bool(self.flags & _UNICODE_CHARACTER_CLASS)
        if ch in "dD":
            ranges = _categories("Nd") if unicode else _DIGITS
        elif ch in "sS":
            ranges = _WHITE_SPACE if unicode else _ASCII_SPACE
        elif ch in "wW":
            ranges = _UNICODE_BINARY["WORD"]() if unicode else _WORD_ASCII
        elif ch in "hH":
            ranges = _HORIZONTAL_SPACE
        elif ch in "vV":
            ranges = _VERTICAL_SPACE
        else:
            return None
        return _complement(ranges) if ch.isupper() else ranges

    def word_boundary(self, here: int) -> Anchor:
        if self.peek() == "{":
            if self.skip() == "g":
                if self.read() == "}":
                    self.note(APPROXIMATION, "grapheme-boundary", "\\b{g} is approximated as 'always matches'", here, 5)
                    return Anchor(0, 0, "grapheme")
                self.error("Illegal/unsupported escape sequence", here, 2)
            self.unread()
            self.unread()
        return Anchor(0, 0, "word")

    def backref(self, number: int) -> Backref:
        """Pattern.ref: more digits only while such a group exists already."""
        while "0" <= (ch := self.peek()) <= "9":
            longer = number * 10 + int(ch)
            if self.next_group - 1 < longer:
                break
            number = longer
            self.read()
        return self.make_backref(number)

    def make_backref(self, number: int) -> Backref:
        ci = bool(self.flags & _CASE_INSENSITIVE)
        return Backref(0, 0, number, ci, ci and bool(self.flags & _UNICODE_CASE))

    def octal(self) -> int:
        n = self.read()
        if "0" <= n <= "7":
            m = self.read()
            if "0" <= m <= "7":
                o = self.read()
                if "0" <= o <= "7" and "0" <= n <= "3":
                    return int(n + m + o, 8)
                self.unread()
                return int(n + m, 8)
            self.unread()
            return int(n, 8)
        self.error("Illegal octal escape sequence")
        raise AssertionError  # unreachable

    def hex_escape(self, here: int) -> int:
        n = self.read()
        if n in _HEX:
            m = self.read()
            if m in _HEX:
                return int(n + m, 16)
        elif n == "{" and self.peek() in _HEX:
            self.dialect("x{", here, 3)
            value = 0
            while (n := self.read()) in _HEX:
                value = value * 16 + int(n, 16)
                if value > MAX_CODE_POINT:
                    self.error("Hexadecimal codepoint is too big")
            if n != "}":
                self.error("Unclosed hexadecimal escape sequence")
            return value
        self.error("Illegal hexadecimal escape sequence")
        raise AssertionError  # unreachable

    def four_hex(self) -> int:
        value = 0
        for _ in range(4):
            ch = self.read()
            if ch not in _HEX:
                self.error("Illegal Unicode escape sequence")
            value = value * 16 + int(ch, 16)
        return value

    def unicode_escape(self) -> int:
        value = self.four_hex()
        if 0xD800 <= value <= 0xDBFF:  # a following \\uDCxx completes a surrogate pair
            saved = self.cursor
            if self.read() == "\\" and self.read() == "u":
                low = self.four_hex()
                if 0xDC00 <= low <= 0xDFFF:
                    return 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            self.cursor = saved
        return value

    def named_character(self) -> int:
        if self.read() == "{":
            start = self.cursor
            while self.read() != "}":
                if self.cursor >= self.length:
                    self.error("Unclosed character name escape sequence")
            name = self.text[start : self.cursor - 1]
            try:
                found = unicodedata.lookup(name)
            except KeyError:
                found = ""
            if len(found) != 1:
                self.error(f"Unknown character name [{name}]")
            return ord(found)
        self.error("Illegal character name escape sequence")
        raise AssertionError  # unreachable

    def property(self, complement: bool) -> Ranges:
        """Pattern.family: \\pL or \\p{Name}; the cursor is on the 'p'."""
        backslash = self.cursor - 1
        single_letter = self.next() != "{"
        if single_letter:
            self.unread()
        self.next()
        if single_letter:
            name = self.at(self.cursor)
            self.read()
        else:
            start = self.cursor
            close = self.text.find("}", start)
            if close < 0:
                self.cursor = self.length + 1
                self.error("Unclosed character family", self.offset(backslash), len(self.expression))
            if close == start:
                self.cursor = close + 1
                self.error("Empty character family")
            name = self.text[start:close]
            self.cursor = close + 1
        here, length = self.offset(backslash), self.end() - self.offset(backslash)
        found = _lookup_property(name, self.flags)
        if found is None:
            self.error(f"Unknown character property name {{{name}}}", here, length)
        ranges, approximation = found
        if approximation:
            self.note(APPROXIMATION, "property:" + name, approximation, here, length)
        self.dialect("property", here, length)
        return _complement(ranges) if complement else ranges

    # -- character classes (Pattern.clazz and Pattern.range)

    def clazz(self, consume: bool) -> Ranges:
        # Unions are kept as plain lists of pairs and merged once (a long class stays linear).
        self.enter(self.cursor)
        open_at = self.cursor
        prev: list[tuple[int, int]] | None = None
        curr: Ranges | None = None
        bits: list[tuple[int, int]] = []  # Java's BitClass: single characters, merged before an '&&'
        has_bits = False
        negated = False
        ch = self.next()
        if ch == "^" and self.at(self.cursor - 1) == "[":
            ch = self.next()
            negated = True
        while True:
            if ch == "[":
                self.dialect("nested-class", self.offset(self.cursor), 1)
                curr = self.clazz(True)
                prev = _extend(prev, curr)
                ch = self.peek()
                continue
            if ch == "&":
                ch = self.next()
                if ch == "&":
                    self.dialect("intersection", self.offset(self.cursor - 1), 2)
                    ch = self.next()
                    right: list[tuple[int, int]] | None = None
                    while ch not in ("]", "&"):
                        if ch != "[":
                            self.unread()  # abc&&def: "def" is a class without brackets
                        right = _extend(right, self.clazz(ch == "["))
                        ch = self.peek()
                    if has_bits:  # the single characters so far join the left operand
                        if prev is None:
                            curr = _normalize(bits)
                        prev = _extend(prev, bits)
                        has_bits = False
                    if right is not None:
                        curr = _normalize(right)
                    if prev is None:
                        if right is None:
                            self.error("Bad class syntax")
                        prev = list(right or [])
                    else:
                        if curr is None:  # JDK 17 compiles this, then throws NullPointerException while matching
                            self.error("Bad intersection syntax (newer JDKs reject it; JDK 17 fails at match time)")
                        prev = list(_intersect(_normalize(prev), curr or ()))
                    continue
                self.unread()  # a single '&' is a literal
            elif ch == "\0" and self.cursor >= self.length:
                self.error("Unclosed character class", self.offset(open_at), len(self.expression))
            elif ch == "]" and (prev is not None or has_bits):
                if consume:
                    self.next()
                result = _normalize(_extend(prev, bits if has_bits else []))
                self.depth -= 1
                return _complement(result) if negated else result
            item, is_bits = self.class_item()
            if is_bits:
                bits.extend(item)
                has_bits, curr = True, None
            else:
                curr = item
                prev = _extend(prev, item)
            ch = self.peek()

    def class_item(self) -> tuple[Ranges, bool]:
        """Pattern.range: one character, range or class escape. Returns (set, is_bits)."""
        start = self.cursor
        ch = self.peek()
        if ch == "\\":
            ch = self.next_escaped()
            if ch in ("p", "P"):
                return self.property(ch == "P"), False
            isrange = self.at(self.cursor + 1) == "-"
            self.unread()
            value = self.escape(inclass=True, create=True, isrange=isrange)
            if not isinstance(value, int):
                if self.peek() == "-" and self.at(self.cursor + 1) != "]":
                    length = self.offset(self.cursor + 1) - self.offset(start)
                    self.dialect("class-escape-dash", self.offset(start), length)
                return value, False  # type: ignore[return-value]  # class escapes give sets here
            low = value
        else:
            self.next()
            low = ord(ch)
        if self.peek() == "-":
            end_range = self.at(self.cursor + 1)
            if end_range == "[":
                return self.single(low)
            if end_range != "]":
                self.next()
                m = self.peek()
                if m == "\\":
                    value = self.escape(inclass=True, create=False, isrange=True)
                    high = value if isinstance(value, int) else -1
                else:
                    self.next()
                    high = ord(m)
                if high < low:
                    self.error("Illegal character range", self.offset(start), self.end() - self.offset(start))
                self.ranges.append((low, high, self.offset(start), self.end() - self.offset(start)))
                return self.fold(((low, high),)), False
        return self.single(low)

    def single(self, cp: int) -> tuple[Ranges, bool]:
        """Pattern.bitsOrSingle: Latin-1 characters go to the class's bit table."""
        unicode_ci = self.flags & _CASE_INSENSITIVE and self.flags & _UNICODE_CASE
        is_bits = cp < 256 and not (unicode_ci and cp in _UNICODE_CASE_SPECIALS)
        return self.literal(cp), is_bits


def parse_java_regex(expression: str) -> ParsedRegex:
    """Parse with java.util.regex rules. Raises JavaRegexSyntaxError, or RegexTooComplex."""
    return _Parser(expression).parse()


# ---------------------------------------------------------------------------------------------
# Java's look-behind check: Pattern computes a maximum length (TreeInfo.study) with 32-bit int
# arithmetic and rejects the look-behind when it is not "valid". The overflow is part of the
# behaviour: (?<=a*) is accepted (MAX_REPS fits), (?<=(?:ab)+) is not (2 * MAX_REPS wraps).


@dataclass
class _Study:
    max: int = 0
    valid: bool = True
    deterministic: bool = True


def _int32(value: int) -> int:
    return (value + 2**31) % 2**32 - 2**31


def _lookbehind_has_maximum(body: Node) -> bool:
    info = _Study()
    _study(body, info)
    return info.valid


def _study(node: Node, info: _Study) -> None:
    if isinstance(node, Chars):
        info.max = _int32(info.max + 1)
    elif isinstance(node, Seq):
        for item in node.items:
            _study(item, info)
    elif isinstance(node, Alt):
        longest, valid = -1, info.valid
        for branch in node.branches:
            sub = _Study()
            _study(branch, sub)
            longest, valid = max(longest, sub.max), valid and sub.valid
        info.max, info.valid, info.deterministic = _int32(info.max + longest), valid, False
    elif isinstance(node, Group):
        if node.kind not in _LOOKAROUNDS:
            _study(node.child, info)
    elif isinstance(node, Backref):
        info.valid = False
    elif isinstance(node, Repeat):
        _study_repeat(node, info)


def _study_repeat(node: Repeat, info: _Study) -> None:
    child, optional = node.child, (node.min, node.max) == (0, 1)
    if isinstance(child, Group) and child.kind in ("capture", "plain"):
        if optional and node.mode != "possessive":  # a Branch(group, empty)
            sub = _Study()
            _study(child, sub)
            info.max, info.valid, info.deterministic = _int32(info.max + max(sub.max, 0)), info.valid and sub.valid, False
            return
        if not optional and node.mode != "possessive":
            probe = _Study()
            _study(child, probe)
            if not probe.deterministic:  # a Loop: never has a maximum
                info.valid = info.deterministic = False
                return
    elif isinstance(child, Chars) and node.max is None and node.mode == "greedy":  # CharPropertyGreedy
        if info.valid:
            info.max = _int32(info.max + _MAX_REPS)
        info.deterministic = False
        return
    if optional:  # Ques
        _study(child, info)
        info.deterministic = False
        return
    sub = _Study()  # Curly / GroupCurly
    _study(child, sub)
    high = _MAX_REPS if node.max is None else node.max
    if info.valid and sub.valid:
        total = _int32(_int32(sub.max * high) + info.max)
        info.valid = total >= info.max
        info.max = total
    else:
        info.valid = False
    if not (sub.deterministic and node.min == node.max):
        info.deterministic = False


# ---------------------------------------------------------------------------------------------
# Translation to a Python pattern. No flags are used: sets are spelled out (with case folding
# applied), and Java's anchors are written with lookarounds.

_PYTHON_ANCHORS = {
    "begin": r"\A",
    "last-match": r"\A",  # \G is the end of the previous match: the start, for one match
    "end": r"\Z",
    # $ without MULTILINE: the end, or before a final line terminator ("\r\n" counts as one)
    "dollar": r"(?:\Z|(?=\r\n\Z)|(?=[\r\x85\u2028\u2029]\Z)|(?<!\r)(?=\n\Z))",
    "dollar-unix": r"(?=\n?\Z)",
    "line-end": r"(?:\Z|(?=[\r\x85\u2028\u2029])|(?<!\r)(?=\n))",
    "line-end-unix": r"(?=\n|\Z)",
    # ^ with MULTILINE: never at the very end, never between \r and \n
    "line-start": r"(?!\Z)(?:\A|(?<=[\n\r\x85\u2028\u2029]))(?!(?<=\r)\n)",
    "line-start-unix": r"(?!\Z)(?:\A|(?<=\n))",
    "word": r"\b",
    "not-word": r"(?:\B|\A\Z)",  # Python's \B never matches the empty string; Java's does
    "grapheme": "",
}
_HAS_ATOMIC = sys.version_info >= (3, 11)  # possessive quantifiers and (?>...) in re


def _python_char(cp: int) -> str:
    ch = chr(cp)
    if ch.isascii() and ch.isalnum():
        return ch
    if cp < 0x100:
        return f"\\x{cp:02x}"
    if cp < 0x10000:
        return f"\\u{cp:04x}"
    return f"\\U{cp:08x}"


@functools.lru_cache(maxsize=1024)
def _python_set(ranges: Ranges) -> str:
    if not ranges:
        return "(?!)"
    if ranges == EVERYTHING:
        return r"[\s\S]"
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return _python_char(ranges[0][0])
    negated, items = False, ranges
    complement = _complement(ranges)
    if len(complement) < len(ranges):
        negated, items = True, complement
    body = "".join(_python_char(lo) if lo == hi else f"{_python_char(lo)}-{_python_char(hi)}" for lo, hi in items)
    return ("[^" if negated else "[") + body + "]"


def _is_zero_width(node: Node) -> bool:
    if isinstance(node, (Anchor, Empty)):
        return True
    if isinstance(node, Group):
        return node.kind in _LOOKAROUNDS or _is_zero_width(node.child)
    if isinstance(node, Seq):
        return all(_is_zero_width(item) for item in node.items)
    if isinstance(node, Alt):
        return all(_is_zero_width(branch) for branch in node.branches)
    return False


class _Translator:
    def __init__(self, has_atomic: bool):
        self.has_atomic = has_atomic
        self.closed_groups: set[int] = set()
        self.emulated = 0

    def emit(self, node: Node) -> str:
        if isinstance(node, Chars):
            return _python_set(node.ranges)
        if isinstance(node, Seq):
            return "".join(self.emit(item) for item in node.items)
        if isinstance(node, Alt):
            return "|".join(self.emit(branch) for branch in node.branches)
        if isinstance(node, Group):
            return self.group(node)
        if isinstance(node, Repeat):
            return self.repeat(node)
        if isinstance(node, Anchor):
            return _PYTHON_ANCHORS[node.kind]
        if isinstance(node, Backref):
            if node.number not in self.closed_groups:
                return "(?!)"  # Java: a group that has not matched (or does not exist) fails
            ref = f"(?P=g{node.number})"
            if node.ignore_case:
                return f"(?i:{ref})" if node.unicode_case else f"(?ai:{ref})"
            return ref
        return ""

    def group(self, node: Group) -> str:
        body = self.emit(node.child)
        if node.kind == "capture":
            self.closed_groups.add(node.number or 0)
            return f"(?P<g{node.number}>{body})"
        if node.kind == "atomic":
            return self.atomic(body)
        prefix = {"plain": "?:", "ahead": "?=", "not-ahead": "?!", "behind": "?<=", "not-behind": "?<!"}[node.kind]
        return f"({prefix}{body})"

    def atomic(self, body: str) -> str:
        if self.has_atomic:
            return f"(?>{body})"
        # Python < 3.11: a look-ahead is atomic, and the back reference consumes what it matched.
        self.emulated += 1
        name = f"_a{self.emulated}"
        return f"(?=(?P<{name}>{body}))(?P={name})"

    def repeat(self, node: Repeat) -> str:
        if _is_zero_width(node.child):  # Python refuses to repeat an assertion; Java's result is the same
            return self.emit(node.child) if node.min > 0 else ""
        body = self.emit(node.child)
        if not (isinstance(node.child, Chars) or (isinstance(node.child, Group) and node.child.kind != "atomic")):
            body = f"(?:{body})"
        if (node.min, node.max) == (0, None):
            quantifier = "*"
        elif (node.min, node.max) == (1, None):
            quantifier = "+"
        elif (node.min, node.max) == (0, 1):
            quantifier = "?"
        elif node.max is None:
            quantifier = f"{{{node.min},}}"
        elif node.min == node.max:
            quantifier = f"{{{node.min}}}"
        else:
            quantifier = f"{{{node.min},{node.max}}}"
        if node.mode == "lazy":
            return body + quantifier + "?"
        if node.mode == "possessive":
            return body + quantifier + "+" if self.has_atomic else self.atomic(body + quantifier)
        return body + quantifier


def _translate(parsed: ParsedRegex) -> str:
    return _Translator(_HAS_ATOMIC).emit(parsed.root)


def _compile_python(pattern: str) -> re.Pattern[str] | None:
    if len(pattern) > MAX_PYTHON_PATTERN:
        return None
    try:
        return re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None


@functools.lru_cache(maxsize=256)
def _translation(expression: str) -> tuple[str | None, re.Pattern[str] | None]:
    try:
        pattern = _translate(parse_java_regex(expression))
    except (JavaRegexSyntaxError, RegexTooComplex):
        return None, None
    return pattern, _compile_python(pattern)


def to_python_pattern(expression: str) -> str | None:
    """The equivalent Python pattern (no flags needed), or None when Java rejects the expression."""
    return _translation(expression)[0]


def matches(expression: str, token: str, mode: MatchMode = "full") -> bool | None:
    """Does API Gateway's validation accept ``token``? None when the expression cannot be
    translated (invalid in Java, or e.g. a variable-length look-behind Python cannot run).

    The match mode is undocumented. ``"full"`` (the default) is Java ``matches()``, the mode AWS
    documents for its other Java regexes (``selectionPattern``); it is also the conservative test
    for a token that should pass, since a full match implies ``find()`` succeeds. ``"find"`` is
    Java ``find()`` (a match anywhere in the token). This runs Python's backtracking engine: keep
    tokens short for expressions that analyze() flags with redos-exponential."""
    if mode not in ("full", "find"):
        raise ValueError(f"mode must be 'full' or 'find', not {mode!r}")
    compiled = _translation(expression)[1]
    if compiled is None:
        return None
    found = compiled.fullmatch(token) if mode == "full" else compiled.search(token)
    return found is not None


# ---------------------------------------------------------------------------------------------
# Tree helpers for the checks.


def _nullable(node: Node) -> bool:
    if isinstance(node, Chars):
        return False
    if isinstance(node, Seq):
        return all(_nullable(item) for item in node.items)
    if isinstance(node, Alt):
        return any(_nullable(branch) for branch in node.branches)
    if isinstance(node, Repeat):
        return node.min == 0 or _nullable(node.child)
    if isinstance(node, Group) and node.kind not in _LOOKAROUNDS:
        return _nullable(node.child)
    return True


def _flatten(node: Node) -> list[Node]:
    """A sequence's items, with unquantified plain/capturing groups opened."""
    if isinstance(node, Seq):
        return [inner for item in node.items for inner in _flatten(item)]
    if isinstance(node, Group) and node.kind in ("capture", "plain") and not isinstance(node.child, Alt):
        return _flatten(node.child)
    if isinstance(node, Empty):
        return []
    return [node]


def _is_assertion(node: Node) -> bool:
    return isinstance(node, Anchor) or (isinstance(node, Group) and node.kind in _LOOKAROUNDS)


def _top_level_branches(root: Node, limit: int = 64) -> list[list[Node]]:
    """The alternatives of the whole expression as flat item lists. A lone group holding an
    alternation, as in ^(a|b)$, is expanded so that each branch keeps the outer anchors."""
    branches = root.branches if isinstance(root, Alt) else [root]
    result: list[list[Node]] = []
    for branch in branches[:limit]:
        items = _flatten(branch)
        core = [i for i, item in enumerate(items) if not _is_assertion(item)]
        if len(core) == 1:
            group = items[core[0]]
            if isinstance(group, Group) and group.kind in ("capture", "plain") and isinstance(group.child, Alt):
                before, after = items[: core[0]], items[core[0] + 1 :]
                result.extend(before + _flatten(inner) + after for inner in group.child.branches[:limit])
                continue
        result.append(items)
    return result


def _walk(node: Node) -> Iterable[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, Seq):
            stack.extend(current.items)
        elif isinstance(current, Alt):
            stack.extend(current.branches)
        elif isinstance(current, (Repeat, Group)):
            stack.append(current.child)


_READABLE = (_LOWER_ASCII, _DIGITS, _UPPER_ASCII, _PRINTABLE_ASCII, _ranges(" "), _ranges((0xA1, 0xFF)))
_KILLER_PREFERENCES = (_ranges("!"), _PRINTABLE_ASCII, _ranges(" "), _ranges((0xA1, 0xFF)))


def _pick_char(ranges: Ranges, preferences: tuple[Ranges, ...] = _READABLE) -> str:
    """A readable member of the set, for example strings."""
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return chr(ranges[0][0])
    for preferred in preferences:
        common = _intersect(ranges, preferred)
        if common:
            return chr(common[0][0])
    return chr(ranges[0][0]) if ranges else ""


def _is_literalish(node: Node) -> bool:
    """Part of a fixed scheme prefix such as "Bearer ": one character, a case pair, or a space class."""
    if not isinstance(node, Chars) or not node.ranges:
        return False
    return _size(node.ranges) <= 2 or _is_subset(node.ranges, _WHITE_SPACE)


def _split_prefix(items: list[Node]) -> tuple[str, list[Node]]:
    body = [item for item in items if not _is_assertion(item)]
    count = 0
    while count < len(body) and _is_literalish(body[count]):
        count += 1
    chars: list[Chars] = body[:count]  # type: ignore[assignment]
    prefix = "".join(" " if _is_subset(c.ranges, _WHITE_SPACE) else _pick_char(c.ranges) for c in chars)
    return prefix, body[count:]


def _is_catch_all(node: Node) -> bool:
    """x* / x+ / x{0,} where x accepts every visible ASCII character (., \\S, [\\s\\S], [^ ]...)."""
    if not (isinstance(node, Repeat) and node.max is None and node.min <= 1):
        return False
    child = node.child
    while isinstance(child, Group) and child.kind in ("capture", "plain", "atomic"):
        child = child.child
    return isinstance(child, Chars) and _is_subset(_PRINTABLE_ASCII, child.ranges)


def _anchored(node: Node, at_start: bool) -> bool:
    """Does every match of the node begin (at_start) or end with an anchor?"""
    if isinstance(node, Anchor):
        return node.kind in (_START_ANCHORS if at_start else _END_ANCHORS)
    if isinstance(node, Seq):
        items = [item for item in node.items if not (isinstance(item, Group) and item.kind in _LOOKAROUNDS)]
        return bool(items) and _anchored(items[0] if at_start else items[-1], at_start)
    if isinstance(node, Alt):
        return all(_anchored(branch, at_start) for branch in node.branches)
    if isinstance(node, Group) and node.kind in ("capture", "plain", "atomic"):
        return _anchored(node.child, at_start)
    if isinstance(node, Repeat) and node.min >= 1:
        return _anchored(node.child, at_start)
    return False


# ---------------------------------------------------------------------------------------------
# The simple checks.


def _check_accepts_everything(root: Node, expression: str) -> list[RegexIssue]:
    if isinstance(root, Empty):
        return [RegexIssue(ACCEPTS_EVERYTHING, "warning", "the empty expression matches every token under find()", 0, 0)]
    for items in _top_level_branches(root):
        prefix, rest = _split_prefix(items)
        if not rest or not all(_is_catch_all(item) for item in rest):
            continue
        offset, end = rest[0].start, rest[-1].end
        if prefix:
            message = (
                f"only checks that the token starts with {_q(prefix)}: {_q(expression[offset:end])} accepts anything after it"
            )
            return [RegexIssue(ACCEPTS_EVERYTHING, "note", message, offset, end - offset)]
        message = (
            f"{_q(expression[offset:end])} accepts every token, so the validation filters nothing "
            "(API Gateway uses it only to avoid invoking the authorizer for malformed tokens)"
        )
        return [RegexIssue(ACCEPTS_EVERYTHING, "warning", message, offset, end - offset)]
    return []


def _is_star(node: Node) -> bool:
    return isinstance(node, Repeat) and node.min == 0 and (node.max is None or node.max > 1)


def _check_empty_token(root: Node) -> list[RegexIssue]:
    for items in _top_level_branches(root):
        prefix, rest = _split_prefix(items)
        stars = [item for item in rest if _is_star(item)]
        if not rest or not stars or not all(_nullable(item) for item in rest):
            continue
        star = stars[0]
        if prefix:
            what = f"accepts {_q(prefix)} with nothing after it"
        else:
            what = "accepts the empty token"
        message = f"{what}: this repetition allows zero characters; use '+' (or a minimum of 1) to require a credential"
        return [RegexIssue(EMPTY_TOKEN, "warning", message, star.start, star.end - star.start)]
    return []


def _check_anchors(root: Node, expression: str, auto: _Automaton | None) -> list[RegexIssue]:
    missing_start, missing_end = not _anchored(root, True), not _anchored(root, False)
    if not (missing_start or missing_end):
        return []
    example = _find_example(root, auto)
    if missing_start and missing_end:
        sides = "at either end"
    else:
        sides = "at the start (^)" if missing_start else "at the end ($)"
    message = (
        f"not anchored {sides}. API Gateway does not document whether it applies the expression to the whole "
        "token (Java matches()) or searches in it (find()); its other Java regexes (selectionPattern) are matched "
        "against the entire string, but SAM CLI emulates it with re.match and serverless-offline with a search. "
        "Under find() any token that merely contains a match passes"
    )
    if example:
        message += f", e.g. {_q(example)}"
    message += ". Write ^...$ so every interpretation agrees"
    if isinstance(root, Alt) and any(_anchored(b, True) or _anchored(b, False) for b in root.branches):
        message += " (note that | binds looser than ^ and $: use ^(?:a|b)$)"
    if missing_start and missing_end:
        offset, length = 0, len(expression)
    else:
        offset, length = (0, 0) if missing_start else (len(expression), 0)
    return [RegexIssue(UNANCHORED, "warning", message + ".", offset, length)]


def _suggest_alnum_split(low: int, high: int) -> str:
    parts = []
    for part in (_DIGITS, _UPPER_ASCII, _LOWER_ASCII):
        common = _intersect(((low, high),), part)
        if common:
            lo, hi = common[0]
            parts.append(chr(lo) if lo == hi else f"{chr(lo)}-{chr(hi)}")
    return "".join(parts)


def _check_ranges(ranges: list[tuple[int, int, int, int]]) -> list[RegexIssue]:
    issues, seen = [], set()
    for low, high, offset, length in ranges:
        ends_alnum = all(chr(end).isascii() and chr(end).isalnum() for end in (low, high))
        if (offset, low, high) in seen or not ends_alnum:
            continue
        seen.add((offset, low, high))
        extra = [chr(cp) for cp in range(low, high + 1) if not chr(cp).isalnum()]
        if extra:
            message = (
                f"the range {chr(low)}-{chr(high)} also admits {' '.join(extra)} "
                f"(it spans code points {low}-{high}); write {_suggest_alnum_split(low, high)}"
            )
            issues.append(RegexIssue(SUSPICIOUS_RANGE, "warning", message, offset, length))
    return issues


def _is_segment_like(node: Node) -> bool:
    """An alphanumeric literal or a (repeated) class of token characters, such as [A-Za-z0-9_-]+."""
    if isinstance(node, Repeat):
        node = node.child
    if not isinstance(node, Chars) or not node.ranges or node.kind == "dot":
        return False
    has_alnum = bool(_intersect(node.ranges, _ALNUM_ASCII))
    return has_alnum and _is_subset(node.ranges, _TOKEN_SEGMENT) and not _contains(node.ranges, ord("."))


def _check_dots(root: Node) -> list[RegexIssue]:
    issues = []
    for node in _walk(root):
        if not isinstance(node, Seq):
            continue
        for before, dot, after in zip(node.items, node.items[1:], node.items[2:]):
            if isinstance(dot, Chars) and dot.kind == "dot" and _is_segment_like(before) and _is_segment_like(after):
                message = (
                    "unescaped '.' matches any character, so it does not check for a dot separator here "
                    "(for example 'a!b' passes where 'a.b' is meant); write '\\.' for a literal dot"
                )
                issues.append(RegexIssue(UNESCAPED_DOT, "warning", message, dot.start, 1))
    return sorted(issues, key=lambda issue: issue.offset)


# ---------------------------------------------------------------------------------------------
# Backtracking analysis on a position (Glushkov) automaton: one state per character node, an
# edge when one may follow another. Edges made by a repetition's loop remember the repetition
# ("via"), so nested loops over the same characters give parallel edges: a backtracking matcher
# explores them as different paths, and that is where exponential time comes from.
#
#  - exponential: some state can return to itself in two different ways on the same string
#    (found on the pair automaton: a strongly connected component holding a diagonal state and an
#    off-diagonal state or a divergent step);
#  - polynomial: a run of one character can be spread over k loops that follow each other
#    (k cyclic components in a row on the sub-automaton of states accepting that character).
#
# Loops inside possessive quantifiers and atomic groups are left out: they do not backtrack.

_SEQUENCE = -1  # "via" of edges that are not a loop


class _Budget(Exception):
    pass


@dataclass
class _Automaton:
    labels: list[Ranges] = field(default_factory=list)
    sources: list[Chars] = field(default_factory=list)
    out: list[list[tuple[int, int]]] = field(default_factory=list)  # (target, via)
    loops: list[Repeat] = field(default_factory=list)  # via -> repetition
    first: list[int] = field(default_factory=list)
    last: list[int] = field(default_factory=list)


_Fragment = tuple[list[int], list[int], bool]  # first, last, nullable
_EPSILON: _Fragment = ([], [], True)


class _AutomatonBuilder:
    def __init__(self) -> None:
        self.auto = _Automaton()
        self.edge_sets: list[set[tuple[int, int]]] = []
        self.edges = 0
        self.visits = 0

    def build(self, root: Node) -> _Automaton:
        self.auto.first, self.auto.last, _ = self.visit(root, atomic=False)
        return self.auto

    def position(self, node: Chars) -> int:
        if len(self.auto.labels) >= MAX_POSITIONS:
            raise _Budget
        self.auto.labels.append(node.ranges)
        self.auto.sources.append(node)
        self.auto.out.append([])
        self.edge_sets.append(set())
        return len(self.auto.labels) - 1

    def connect(self, sources: list[int], targets: list[int], via: int) -> None:
        for source in sources:
            for target in targets:
                if (target, via) not in self.edge_sets[source]:
                    self.edge_sets[source].add((target, via))
                    self.auto.out[source].append((target, via))
                    self.edges += 1
        if self.edges > MAX_EDGES:
            raise _Budget

    def concat(self, a: _Fragment, b: _Fragment) -> _Fragment:
        self.connect(a[1], b[0], _SEQUENCE)
        first = a[0] + (b[0] if a[2] else [])
        last = b[1] + (a[1] if b[2] else [])
        return first, last, a[2] and b[2]

    def visit(self, node: Node, atomic: bool) -> _Fragment:
        self.visits += 1
        if self.visits > 4 * MAX_EDGES:
            raise _Budget
        if isinstance(node, Chars):
            p = self.position(node)
            return [p], [p], False
        if isinstance(node, Seq):
            fragment = _EPSILON
            for item in node.items:
                fragment = self.concat(fragment, self.visit(item, atomic))
            return fragment
        if isinstance(node, Alt):
            parts = [self.visit(branch, atomic) for branch in node.branches]
            return [p for f in parts for p in f[0]], [p for f in parts for p in f[1]], any(f[2] for f in parts)
        if isinstance(node, Group) and node.kind not in _LOOKAROUNDS:
            return self.visit(node.child, atomic or node.kind == "atomic")
        if isinstance(node, Repeat):
            return self.repeat(node, atomic)
        return _EPSILON  # anchors, look-arounds and back references consume nothing here

    def repeat(self, node: Repeat, atomic: bool) -> _Fragment:
        """x{n,m} as copies of x: at most two required copies, then either a loop (unbounded, or
        more than three optional copies: modelled as unbounded) or nested optional copies."""
        if node.max == 0:
            return _EPSILON
        inner_atomic = atomic or node.mode == "possessive"
        via = _SEQUENCE
        if not inner_atomic:
            self.auto.loops.append(node)
            via = len(self.auto.loops) - 1
        required = min(node.min, 2)
        spare = None if node.max is None or node.max - node.min > 3 else node.max - node.min
        fragment = _EPSILON
        plain_copies = required - 1 if spare is None and required > 0 else required
        for _ in range(plain_copies):
            fragment = self.concat(fragment, self.visit(node.child, inner_atomic))
        if spare is None:
            first, last, nullable = self.visit(node.child, inner_atomic)
            if via != _SEQUENCE:
                self.connect(last, first, via)
            return self.concat(fragment, (first, last, nullable or required == 0))
        if spare:
            tail = self.visit(node.child, inner_atomic)
            tail = (tail[0], tail[1], True)
            for _ in range(spare - 1):
                tail = self.concat(self.visit(node.child, inner_atomic), tail)
                tail = (tail[0], tail[1], True)
            fragment = self.concat(fragment, tail)
        return fragment


def _build_automaton(root: Node) -> _Automaton | None:
    try:
        return _AutomatonBuilder().build(root)
    except _Budget:
        return None


def _strongly_connected(nodes: Iterable, successors: Callable[[object], Iterable]) -> list[list]:
    """Tarjan's algorithm, iterative. Components come out sinks first (reverse topological order)."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    components: list[list] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(successors(root)))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors(child))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(component)
    return components


def _shortest_prefix(auto: _Automaton, targets: set[int], pump: str | None = None) -> str | None:
    """A string that leads from the start to one of ``targets`` (ending on it)."""
    parents: dict[int, int] = {}
    queue = deque()
    for p in auto.first:
        if p not in parents and auto.labels[p]:
            parents[p] = -1
            queue.append(p)
    while queue:
        p = queue.popleft()
        if p in targets:
            path = []
            while p != -1:
                path.append(p)
                p = parents[p]
            chars = [_pick_char(auto.labels[q]) for q in reversed(path)]
            if pump and _contains(auto.labels[path[0]], ord(pump[0])):
                chars[-1] = pump[0]
            return "".join(chars)
        for q, _ in auto.out[p]:
            if q not in parents and auto.labels[q]:
                parents[q] = p
                queue.append(q)
    return None


def _reach(auto: _Automaton, start: Iterable[int], allowed: Callable[[int], bool] = lambda q: True) -> set[int]:
    seen, stack = set(), list(start)
    while stack:
        for q, _ in auto.out[stack.pop()]:
            if q not in seen and allowed(q):
                seen.add(q)
                stack.append(q)
    return seen


def _failing_suffix(auto: _Automaton, entry: set[int], pump: str) -> str | None:
    """What to put after the pumped part so that every way of matching fails: a character no
    state reachable from the loop accepts or, failing that, the end of the token when no state
    the pumped characters lead to can end a match."""
    uncovered = _complement(_union(*(auto.labels[p] for p in _reach(auto, entry))))
    if uncovered:
        return _pick_char(uncovered, _KILLER_PREFERENCES)
    pump_chars = [ord(c) for c in set(pump)]
    on_pump = _reach(auto, entry, lambda q: any(_contains(auto.labels[q], c) for c in pump_chars))
    if not (on_pump | entry) & set(auto.last):
        return ""
    return None


def _loop_span(auto: _Automaton, vias: Iterable[int], states: Iterable[int]) -> tuple[int, int]:
    """Source span of the outermost repetition behind these loop edges."""
    loops = [auto.loops[v] for v in set(vias) if v != _SEQUENCE]
    if loops:
        outer = max(loops, key=lambda loop: (loop.end - loop.start, -loop.start))
        return outer.start, outer.end
    sources = [auto.sources[p] for p in states]
    return min(s.start for s in sources), max(s.end for s in sources)


@dataclass
class _Finding:
    exponential: bool
    degree: int
    start: int
    end: int
    attack: Attack
    bounded: bool  # every loop involved is a long {n,m}: the cost has a (large) ceiling


def _alphabet_atoms(labels: list[Ranges]) -> list[tuple[str, frozenset[int]]]:
    """One representative character per distinct set of states that accept it (a sweep over
    the range boundaries of the distinct labels; copies of a repetition share a label)."""
    states_of: dict[Ranges, list[int]] = {}
    for p, ranges in enumerate(labels):
        states_of.setdefault(ranges, []).append(p)
    distinct = list(states_of)
    events: dict[int, list[tuple[int, bool]]] = {}
    for label_id, ranges in enumerate(distinct):
        for lo, hi in ranges:
            events.setdefault(lo, []).append((label_id, True))
            events.setdefault(hi + 1, []).append((label_id, False))
    bounds = sorted(events)
    active: set[int] = set()
    best: dict[frozenset[int], str] = {}
    for lo, nxt in zip(bounds, bounds[1:] + [MAX_CODE_POINT + 1]):
        for label_id, entering in events[lo]:
            (active.add if entering else active.discard)(label_id)
        if not active or lo > MAX_CODE_POINT:
            continue
        key = frozenset(active)
        candidate = _pick_char(((lo, nxt - 1),))
        current = best.get(key)
        if current is None or _pick_char(_ranges(current, candidate)) == candidate:
            best[key] = candidate
    return [(char, frozenset(p for label_id in key for p in states_of[distinct[label_id]])) for key, char in best.items()]


@dataclass
class _Candidate:
    exponential: bool
    degree: int
    char: str
    components: list[list[int]]  # the loop (exponential) or the chain of loops (polynomial)
    vias: list[int]


def _single_character_candidates(auto: _Automaton, reachable: set[int]) -> list[_Candidate]:
    """For each character class of the alphabet, the loops that a run of that character can
    traverse: one component with two different cycles (exponential), or k cyclic components
    one after the other (O(n^k))."""
    candidates, work = [], 0
    for char, members in _alphabet_atoms(auto.labels):
        members = members & reachable
        inner = {p: [(q, via) for q, via in auto.out[p] if q in members] for p in members}
        work += len(members) + sum(len(edges) for edges in inner.values())
        if work > MAX_PAIR_STEPS:
            raise _Budget
        components = _strongly_connected(sorted(members), lambda p: [q for q, _ in inner[p]])
        component_of = {p: i for i, component in enumerate(components) for p in component}
        score: dict[int, int] = {}
        following: dict[int, int | None] = {}
        internal: dict[int, list[int]] = {}
        for i, component in enumerate(components):  # sinks first: successors are already scored
            internal[i] = [via for p in component for q, via in inner[p] if component_of[q] == i]
            if len(internal[i]) > len(component):  # more edges than states: two cycles share a state
                candidates.append(_Candidate(True, 0, char, [component], internal[i]))
            successors = {component_of[q] for p in component for q, _ in inner[p]} - {i}
            best = max(successors, key=lambda j: score[j], default=None)
            score[i] = (1 if internal[i] else 0) + (score[best] if best is not None else 0)
            following[i] = best
        for i in sorted(score, key=lambda i: -score[i])[:1]:
            if score[i] < 2:
                break
            chain, j = [], i
            while j is not None:
                if internal[j]:
                    chain.append(j)
                j = following[j]
            vias = [via for j in chain for via in internal[j]]
            candidates.append(_Candidate(False, score[i], char, [components[j] for j in chain], vias))
    return candidates


def _make_finding(auto, exponential, degree, entry, vias, components, pump) -> _Finding | None:
    prefix = _shortest_prefix(auto, entry, pump)
    suffix = _failing_suffix(auto, entry, pump)
    if prefix is None or suffix is None:
        return None
    if exponential:
        start, end = _loop_span(auto, vias, entry)
    else:  # from the first loop of the chain to the last
        spans = [_loop_span(auto, [v for p in c for q, v in auto.out[p] if q in c], c) for c in components]
        start, end = min(s for s, _ in spans), max(e for _, e in spans)
    loops = [auto.loops[v] for v in vias if v != _SEQUENCE]
    bounded = bool(loops) and all(loop.max is not None for loop in loops)
    return _Finding(exponential, degree, start, end, Attack(prefix, pump, suffix), bounded)


def _pair_finding(auto: _Automaton, reachable: set[int]) -> _Finding | None:
    """The general exponential test, for pumped strings of several characters such as (ab|ab)*.
    States are unordered pairs of positions; the exploration is bounded by MAX_PAIR_STEPS."""
    label_ids: dict[Ranges, int] = {}
    label_of = [label_ids.setdefault(label, len(label_ids)) for label in auto.labels]
    overlaps: dict[tuple[int, int], bool] = {}  # by distinct label: copies of a repeat share theirs

    def overlap(p: int, q: int) -> bool:
        a, b = label_of[p], label_of[q]
        key = (a, b) if a < b else (b, a)
        if key not in overlaps:
            overlaps[key] = bool(_intersect(auto.labels[p], auto.labels[q]))
        return overlaps[key]

    graph: dict[tuple[int, int], list[tuple[tuple[int, int], bool, int, int]]] = {}
    pending = [(p, p) for p in sorted(reachable) if auto.labels[p]]
    steps = 0
    while pending:
        state = pending.pop()
        if state in graph:
            continue
        p, q = state
        edges = []
        if p == q:
            outs = auto.out[p]
            for i, (a, va) in enumerate(outs):
                edges.append(((a, a), False, va, va))
                for b, vb in outs[i + 1 :]:
                    if a == b:
                        edges.append(((a, a), True, va, vb))  # same target, different loop
                    elif overlap(a, b):
                        edges.append(((min(a, b), max(a, b)), False, va, vb))
        else:
            for a, va in auto.out[p]:
                for b, vb in auto.out[q]:
                    if a == b or overlap(a, b):
                        edges.append(((min(a, b), max(a, b)), False, va, vb))
        steps += len(auto.out[p]) * len(auto.out[q]) + 1
        if steps > MAX_PAIR_STEPS:
            raise _Budget
        graph[state] = edges
        pending.extend(target for target, _, _, _ in edges if target not in graph)

    for component in _strongly_connected(list(graph), lambda s: [t for t, _, _, _ in graph[s]]):
        members = set(component)
        diagonal = [s for s in component if s[0] == s[1]]
        branching = any(s[0] != s[1] for s in component) or any(
            div and t in members for s in component for t, div, _, _ in graph[s]
        )
        if diagonal and branching:
            finding = _pair_witness(auto, graph, members, min(diagonal))
            if finding:
                return finding
    return None


def _pair_witness(auto, graph, members, home) -> _Finding | None:
    """Walk from home to a point where the two paths differ and back, collecting the string."""

    def search(start, is_goal):
        parents = {start: None}
        queue = deque([start])
        while queue:
            state = queue.popleft()
            for target, divergent, va, vb in graph[state]:
                if target not in members:
                    continue
                step = (state, target, divergent, va, vb)
                if is_goal(step):
                    path = [step]
                    while parents[state] is not None:
                        path.append(parents[state])
                        state = parents[state][0]
                    return path[::-1]
                if target not in parents:
                    parents[target] = step
                    queue.append(target)
        return None

    out = search(home, lambda step: step[2] or step[1][0] != step[1][1])
    if out is None:
        return None
    back = [] if out[-1][1] == home else search(out[-1][1], lambda step: step[1] == home)
    if back is None:
        return None
    steps = out + back
    pump = "".join(_pick_char(_intersect(auto.labels[t[0]], auto.labels[t[1]])) for _, t, _, _, _ in steps)
    vias = [v for step in steps for v in step[3:]]
    return _make_finding(auto, True, 0, {home[0]}, vias, [], pump)


def _reachable(auto: _Automaton) -> set[int]:
    seen = {p for p in auto.first if auto.labels[p]}
    stack = list(seen)
    while stack:
        for q, _ in auto.out[stack.pop()]:
            if q not in seen and auto.labels[q]:
                seen.add(q)
                stack.append(q)
    return seen


def _check_backtracking(auto: _Automaton, expression: str) -> list[RegexIssue]:
    reachable = _reachable(auto)
    candidates = _single_character_candidates(auto, reachable)
    exponential = []
    for candidate in sorted((c for c in candidates if c.exponential), key=lambda c: min(c.components[0]))[:8]:
        entry = set(candidate.components[0])
        finding = _make_finding(auto, True, 0, entry, candidate.vias, candidate.components, candidate.char)
        if finding:
            exponential.append(finding)
            break
    if not exponential:
        try:
            pair = _pair_finding(auto, reachable)
        except _Budget:
            pair = None
        exponential = [pair] if pair else []
    if exponential:
        finding = exponential[0]
        attack = finding.attack
        message = (
            f"exponential backtracking: {_q(expression[finding.start:finding.end])} can match the same text in many "
            f"different ways, and a token that fails afterwards makes a backtracking matcher try them all; "
            f"attack: {_q(attack.prefix)} + {_q(attack.pump)} * {EXPONENTIAL_PUMPS} + {_q(attack.suffix)} "
            "(JDK 9+ memoises some such loops; Python- and JavaScript-based emulators do not)"
        )
        return [RegexIssue(REDOS_EXPONENTIAL, "error", message, finding.start, finding.end - finding.start, attack)]
    polynomial = []
    for candidate in sorted((c for c in candidates if not c.exponential), key=lambda c: -c.degree)[:8]:
        first = set(candidate.components[0])
        finding = _make_finding(
            auto, False, candidate.degree, first, candidate.vias, candidate.components, candidate.char
        )
        if finding:
            polynomial.append(finding)
    if polynomial:
        finding = max(polynomial, key=lambda f: (f.degree, not f.bounded, -f.start))
        attack = finding.attack
        message = (
            f"polynomial backtracking (O(n^{finding.degree})): {finding.degree} overlapping repetitions in "
            f"{_q(expression[finding.start:finding.end])} can share a run of {_q(attack.pump)} characters in many ways, "
            f"so a long failing token is slow; attack: {_q(attack.prefix)} + {_q(attack.pump)} * {POLYNOMIAL_PUMPS} + "
            f"{_q(attack.suffix)}. Make the repetitions exclusive (e.g. a required separator between them)"
        )
        severity: Severity = "warning"
        if finding.bounded:  # e.g. \w{1,64}\w{1,64}: the {n,m} bounds cap the work
            severity, message = "note", message + "; the {n,m} bounds cap the cost"
        return [RegexIssue(REDOS_POLYNOMIAL, severity, message, finding.start, finding.end - finding.start, attack)]
    return []


def _shortest_sample(node: Node, budget: int = 200) -> str | None:
    """A short string the node matches, ignoring assertions; None if longer than ``budget``."""
    if isinstance(node, Chars):
        return _pick_char(node.ranges) if node.ranges else None
    if isinstance(node, Seq):
        parts = []
        for item in node.items:
            part = _shortest_sample(item, budget)
            if part is None:
                return None
            parts.append(part)
            budget -= len(part)
        return "".join(parts)
    if isinstance(node, Alt):
        options = [option for branch in node.branches if (option := _shortest_sample(branch, budget)) is not None]
        return min(options, key=len, default=None)
    if isinstance(node, Group) and node.kind not in _LOOKAROUNDS:
        return _shortest_sample(node.child, budget)
    if isinstance(node, Repeat):
        if node.min == 0:
            return ""
        part = _shortest_sample(node.child, budget)
        if part is None or len(part) * node.min > budget:
            return None
        return part * node.min
    return ""


def _find_example(root: Node, auto: _Automaton | None) -> str | None:
    """A token that find() accepts but matches() cannot: junk next to a string that one branch
    matches, on a side where that branch has no anchor. Built structurally (running the
    expression could itself be the slow case), so only without inner assertions or back references."""
    if auto is None or any(
        isinstance(node, Backref)
        or (isinstance(node, Group) and node.kind in _LOOKAROUNDS)
        or (isinstance(node, Anchor) and node.kind not in _START_ANCHORS + _END_ANCHORS)
        for node in _walk(root)
    ):
        return None
    # junk that no first (last) position accepts, so it cannot be part of a full match
    cannot_start = _intersect(_complement(_union(*(auto.labels[p] for p in auto.first))), _PRINTABLE_ASCII)
    cannot_end = _intersect(_complement(_union(*(auto.labels[p] for p in auto.last))), _PRINTABLE_ASCII)
    for branch in root.branches if isinstance(root, Alt) else [root]:
        sample = _shortest_sample(branch)
        head = _pick_char(cannot_start, _KILLER_PREFERENCES) if cannot_start and not _anchored(branch, True) else ""
        tail = _pick_char(cannot_end, _KILLER_PREFERENCES) if cannot_end and not _anchored(branch, False) else ""
        if sample is not None and (head or tail):
            return head + sample + tail
    return None


# ---------------------------------------------------------------------------------------------


_SEVERITY_RANK = {"error": 0, "warning": 1, "note": 2}


def analyze(expression: str) -> RegexReport:
    """Check an identityValidationExpression. Never raises: an unexpected failure becomes an
    ``internal-error`` note."""
    try:
        return _analyze(expression)
    except Exception as exc:  # noqa: BLE001 - a linter must survive any one odd input
        message = f"analysis failed ({type(exc).__name__}: {exc}); please report this expression"
        return RegexReport(expression, [RegexIssue(INTERNAL_ERROR, "note", message, 0, len(expression))], None)


def _analyze(expression: str) -> RegexReport:
    if len(expression) > MAX_PARSED_LENGTH:
        message = f"longer than {MAX_PARSED_LENGTH} characters: not analysed"
        return RegexReport(expression, [RegexIssue(ANALYSIS_LIMIT, "note", message, 0, len(expression))], None)
    try:
        parsed = parse_java_regex(expression)
    except JavaRegexSyntaxError as err:
        message = f"Java rejects this expression: {err.description}"
        return RegexReport(expression, [RegexIssue(JAVA_SYNTAX_ERROR, "error", message, err.offset, err.length)], None)
    except RegexTooComplex as err:
        issue = RegexIssue(ANALYSIS_LIMIT, "note", f"not analysed: {err}", 0, len(expression))
        return RegexReport(expression, [issue], None)

    issues = list(parsed.notes)
    python_pattern = _translate(parsed)
    automaton = None
    if len(expression) > MAX_ANALYSED_LENGTH:
        message = f"longer than {MAX_ANALYSED_LENGTH} characters: the backtracking analysis was skipped"
        issues.append(RegexIssue(ANALYSIS_LIMIT, "note", message, 0, len(expression)))
    else:
        # Only look-behinds (Python wants a fixed width) and sheer size make re.compile fail;
        # compiling every expression would cost more than the whole analysis.
        has_lookbehind = any(isinstance(n, Group) and n.kind in ("behind", "not-behind") for n in _walk(parsed.root))
        if len(python_pattern) > MAX_PYTHON_PATTERN or (has_lookbehind and _compile_python(python_pattern) is None):
            message = (
                "Python's re cannot run the translation (a variable-length look-behind, or too large); "
                "matches() returns None"
            )
            issues.append(RegexIssue(NOT_TRANSLATABLE, "note", message, 0, len(expression)))
        automaton = _build_automaton(parsed.root)
        if automaton is None:
            message = "too many states for the backtracking analysis; it was skipped"
            issues.append(RegexIssue(ANALYSIS_LIMIT, "note", message, 0, len(expression)))

    issues += _check_ranges(parsed.ranges)
    issues += _check_dots(parsed.root)
    everything = _check_accepts_everything(parsed.root, expression)
    issues += everything
    if not any(issue.severity == "warning" for issue in everything):  # these add nothing to ".*"
        issues += _check_empty_token(parsed.root)
        issues += _check_anchors(parsed.root, expression, automaton)
    if automaton is not None:
        try:
            issues += _check_backtracking(automaton, expression)
        except _Budget:
            message = "too much work for the backtracking analysis; it was skipped"
            issues.append(RegexIssue(ANALYSIS_LIMIT, "note", message, 0, len(expression)))
    issues.sort(key=lambda issue: (_SEVERITY_RANK[issue.severity], issue.offset))
    return RegexReport(expression, issues, python_pattern)
