"""Tests for gwlint.analysis.java_regex.

Java facts used below (validity, matches()/find() results) were checked on OpenJDK 17.0.15 while
writing these tests; nothing here needs a JVM. Backtracking claims are checked by counting the
steps of a small backtracking matcher (no wall-clock timing).
"""

from __future__ import annotations

import contextlib
import re
import sys
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwlint.analysis import java_regex as jr
from gwlint.analysis.java_regex import (
    ACCEPTS_EVERYTHING,
    DIALECT_DIFFERENCE,
    EMPTY_TOKEN,
    INTERNAL_ERROR,
    JAVA_SYNTAX_ERROR,
    NOT_TRANSLATABLE,
    REDOS_EXPONENTIAL,
    REDOS_POLYNOMIAL,
    SUSPICIOUS_RANGE,
    UNANCHORED,
    UNESCAPED_DOT,
    Attack,
    analyze,
    matches,
    parse_java_regex,
    to_python_pattern,
)

FAST = settings(deadline=None, max_examples=60, database=None, suppress_health_check=[HealthCheck.too_slow])

# Kinds that say something is wrong with the expression (as opposed to notes on dialects).
PROBLEMS = {
    JAVA_SYNTAX_ERROR,
    REDOS_EXPONENTIAL,
    REDOS_POLYNOMIAL,
    ACCEPTS_EVERYTHING,
    UNANCHORED,
    EMPTY_TOKEN,
    SUSPICIOUS_RANGE,
    UNESCAPED_DOT,
}


def problems(expression: str) -> set[str]:
    return analyze(expression).kinds() & PROBLEMS


def only(expression: str, kind: str) -> jr.RegexIssue:
    found = analyze(expression).of_kind(kind)
    assert len(found) == 1, (expression, analyze(expression).issues)
    return found[0]


# ---------------------------------------------------------------------------------------------
# A backtracking matcher for the tests: java.util.regex's search order without its JDK 9+
# memoisation, full-match semantics, counting one step per node visit.


class _StepLimit(Exception):
    pass


class Backtracker:
    LIMIT = 150_000

    def __init__(self, expression: str):
        self.root = parse_java_regex(expression).root

    def steps(self, text: str) -> int:
        self.text, self.count = text, 0
        with _deep_recursion():
            try:
                self.match(self.root, 0, lambda i: i == len(text))
            except _StepLimit:
                pass
        return self.count

    def match(self, node, i, k) -> bool:
        self.count += 1
        if self.count > self.LIMIT:
            raise _StepLimit
        if isinstance(node, jr.Chars):
            return i < len(self.text) and jr._contains(node.ranges, ord(self.text[i])) and k(i + 1)
        if isinstance(node, jr.Seq):
            return self.sequence(node.items, 0, i, k)
        if isinstance(node, jr.Alt):
            for branch in node.branches:
                if self.match(branch, i, k):
                    return True
            return False
        if isinstance(node, jr.Repeat):
            return self.repeat(node, 0, i, k)
        if isinstance(node, jr.Group):
            if node.kind in ("capture", "plain"):
                return self.match(node.child, i, k)
            if node.kind == "atomic":
                end = self.first_end(node.child, i)
                return end is not None and k(end)
            if node.kind in ("ahead", "not-ahead"):
                return (self.first_end(node.child, i) is not None) == (node.kind == "ahead") and k(i)
        if isinstance(node, jr.Empty):
            return k(i)
        if isinstance(node, jr.Anchor) and node.kind in ("begin", "end", "dollar"):
            at_end = i == len(self.text) or (node.kind == "dollar" and self.text[i:] in ("\n", "\r", "\r\n"))
            return (i == 0 if node.kind == "begin" else at_end) and k(i)
        raise NotImplementedError(node)

    def sequence(self, items, index, i, k) -> bool:
        if index == len(items):
            return k(i)
        return self.match(items[index], i, lambda j: self.sequence(items, index + 1, j, k))

    def repeat(self, node, count, i, k) -> bool:
        more = node.max is None or count < node.max

        def next_iteration(j):  # an iteration that matched nothing ends the loop, as in Java
            return self.repeat(node, count + 1, j, k) if j != i else count + 1 >= node.min and k(j)

        if node.mode == "possessive":
            j, n = i, 0
            while node.max is None or n < node.max:
                end = self.first_end(node.child, j)
                if end is None or end == j:
                    break
                j, n = end, n + 1
            return n >= node.min and k(j)
        if node.mode == "lazy":
            return (count >= node.min and k(i)) or (more and self.match(node.child, i, next_iteration))
        return (more and self.match(node.child, i, next_iteration)) or (count >= node.min and k(i))

    def first_end(self, node, i):
        ends = []
        self.match(node, i, lambda j: ends.append(j) or True)
        return ends[0] if ends else None


@contextlib.contextmanager
def _deep_recursion():
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 20_000))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def exponential_growth(expression: str, attack: Attack) -> bool:
    """Four more pumps multiply the work by 4 or more (a cubic grows by 3.4 from 8 to 12), or
    eight pumps already cost more than a cubic could."""
    matcher = Backtracker(expression)
    base = matcher.steps(attack.build(8))
    return base >= Backtracker.LIMIT or matcher.steps(attack.build(12)) >= 4 * base


def superlinear_growth(expression: str, attack: Attack, pumps: int = 30) -> bool:
    """Doubling the pumped part at least triples the work (linear work only doubles)."""
    matcher = Backtracker(expression)
    return matcher.steps(attack.build(2 * pumps)) >= 3 * matcher.steps(attack.build(pumps))


# ---------------------------------------------------------------------------------------------
# Good expressions


@pytest.mark.parametrize(
    "expression",
    [
        r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$",  # a JWT, base64url segments
        r"^Bearer [A-Za-z0-9\-\._~\+\/]+=*$",  # RFC 6750 b64token
        r"^Bearer ey[A-Za-z0-9_-]+\.ey[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$",
        r"^[a-f0-9]{32}$",
        r"^Basic [A-Za-z0-9+/]+={0,2}$",
        r"\A(?:allow|deny)\z",
        r"^\d{1,3}(\.\d{1,3}){3}$",
    ],
)
def test_good_expressions_have_no_problem(expression):
    report = analyze(expression)
    assert report.valid
    assert problems(expression) == set(), report.issues


def test_bearer_star_expression_only_accepts_an_empty_token():
    # Decision: the only finding is empty-token-accepted. It is anchored, its class is right
    # (A-Z, not A-z; "\." and "_" are literal inside a class), it has a single repetition, so
    # nothing to backtrack over. But "*" admits "Bearer " with no credential at all.
    expression = r"^Bearer [-0-9a-zA-Z\._]*$"
    assert problems(expression) == {EMPTY_TOKEN}
    issue = only(expression, EMPTY_TOKEN)
    assert expression[issue.offset : issue.offset + issue.length] == r"[-0-9a-zA-Z\._]*"
    assert matches(expression, "Bearer ") is True


def test_sample_jwt_expression_is_only_quadratic():
    # Decision: anchored, no A-z range, dots escaped: no other finding. The research notes
    # (B4) show this exact expression is quadratic: recheck reports a 2nd-degree polynomial and
    # JDK 17 takes ~3 s on 10 KB. "[...]+" then "\.?" then "[...]*" share the same characters.
    expression = r"^[A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+\.?[A-Za-z0-9-_.+/=]*$"
    assert problems(expression) == {REDOS_POLYNOMIAL}
    issue = only(expression, REDOS_POLYNOMIAL)
    assert issue.severity == "warning"
    assert "O(n^2)" in issue.message
    assert expression[issue.offset : issue.offset + issue.length] == r"[A-Za-z0-9-_=]+\.?[A-Za-z0-9-_.+/=]*"
    assert superlinear_growth(expression, issue.attack)
    assert not exponential_growth(expression, issue.attack)


# ---------------------------------------------------------------------------------------------
# 1. Java syntax


@pytest.mark.parametrize(
    ("expression", "offset", "words"),
    [
        ("^[a-z", 1, "Unclosed character class"),
        ("(abc", 0, "Unclosed group"),
        ("a)", 1, "Unmatched closing ')'"),
        ("a**", 2, "Dangling meta character '*'"),
        ("+a", 0, "Dangling meta character '+'"),
        ("x{,3}", 1, "{0,n}"),
        ("a{b}", 1, "Illegal repetition"),
        ("a{3,2}", 1, "Illegal repetition range"),
        ("a{1,2", 1, "Unclosed counted closure"),
        ("(?P<t>x)", 2, "(?P<name>...)"),
        ("(?P=t)", 2, "Unknown inline modifier"),
        ("(?#comment)", 2, "comments are Python-only"),
        ("(?L)a", 2, "Python-only flag"),
        ("ab\\y", 2, "Illegal/unsupported escape sequence"),
        ("\\E", 0, "Illegal/unsupported escape sequence"),
        ("[\\b]", 1, "Illegal/unsupported escape sequence"),
        ("[\\1]", 1, "Illegal/unsupported escape sequence"),
        ("[z-a]", 1, "Illegal character range"),
        ("[a-\\d]", 1, "Illegal character range"),
        ("[]", 0, "Unclosed character class"),
        ("[&&]", 2, "Bad class syntax"),
        ("\\p{Nope}", 0, "Unknown character property name"),
        ("\\p{alpha}", 0, "Unknown character property name"),
        ("\\x{110000}", 8, "Hexadecimal codepoint is too big"),
        ("\\u004", 4, "Illegal Unicode escape sequence"),
        ("\\0", 1, "Illegal octal escape sequence"),
        ("\\k<n>(?<n>x)", 4, "does not exist"),
        ("(?<n>x)(?<n>y)", 11, "already defined"),
        ("(?<n_1>x)", 4, "missing trailing '>'"),
        ("(?<=(?:ab)+)c", 0, "Look-behind group does not have an obvious maximum length"),
        ("(a)(?<=\\1)b", 3, "Look-behind"),
        ("a{2147483648}", 11, "Illegal repetition range"),
        ("ab\\", 2, "trailing backslash"),
    ],
)
def test_java_syntax_errors(expression, offset, words):
    report = analyze(expression)
    assert not report.valid
    issue = only(expression, JAVA_SYNTAX_ERROR)
    assert issue.severity == "error"
    assert words in issue.message
    assert issue.offset == offset
    assert 0 < issue.length and issue.offset + issue.length <= len(expression)
    assert matches(expression, "x") is None and to_python_pattern(expression) is None


@pytest.mark.parametrize("expression", ["x{,3}", "(?P<t>x)", "(?P<t>a)(?P=t)", "(?#c)a", "[\\b]", "a{1,2}|b{,3}"])
def test_python_only_syntax_is_a_java_error(expression):
    re.compile(expression)  # Python accepts it...
    assert JAVA_SYNTAX_ERROR in analyze(expression).kinds()  # ...API Gateway (Java) does not


@pytest.mark.parametrize(
    ("expression", "token"),
    [
        (r"[\w-.]+", "a-b.c"),
        (r"\Qa.b\E", "a.b"),
        (r"(?<n>x)\k<n>", "xx"),
        (r"\p{Alpha}+", "abc"),
        (r"[\p{L}&&[^e]]+", "abc"),
        (r"\h\e\z", " \x1b"),
        (r"x{2}{3}", "xx"),
        (r"^*a", "a"),
        (r"\x{41}", "A"),
    ],
)
def test_java_only_syntax_is_valid_and_runs(expression, token):
    with pytest.raises(re.error):
        re.compile(expression)  # Python's re rejects it (SAM CLI would)
    report = analyze(expression)
    assert report.valid and report.python_pattern
    assert matches(expression, token) is True


@pytest.mark.parametrize(("expression", "token"), [("[a-z[A-Z]]+", "Q"), ("[a-z&&[^e]]", "b]")])
def test_silent_dialect_differences(expression, token):
    # Python's re compiles these (with a FutureWarning) but reads them differently from Java.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        python_says = re.fullmatch(expression, token) is not None
    assert matches(expression, token) is not python_says


def test_dialect_notes_name_the_construct():
    report = analyze(r"^[\w-.]+[a-z[A-Z]]\p{L}\Qx\E(?<n>a)$")
    notes = report.of_kind(DIALECT_DIFFERENCE)
    assert all(note.severity == "note" for note in notes)
    text = " ".join(note.message for note in notes)
    for words in ("after a class escape", "union", "\\p{", "\\Q", "(?P<name>"):
        assert words in text


def test_approximated_properties_get_a_note():
    report = analyze(r"^\p{IsLatin}+$")
    assert report.valid
    (note,) = report.of_kind(jr.APPROXIMATION)
    assert "any letter" in note.message
    assert matches(r"^\p{IsLatin}+$", "abc") is True


# ---------------------------------------------------------------------------------------------
# Java semantics through the translation: every row was run through Pattern.compile(p).matcher(s)
# .matches() / .find() on JDK 17.

JAVA_RESULTS = [
    ("[a-z[A-Z]]+", "Qz", True, True),  # nested class = union
    ("[a-z[A-Z]]+", "a[", False, True),
    ("[a-z&&[^e]]", "b", True, True),  # intersection
    ("[a-z&&[^e]]", "e", False, False),
    ("[^a[b]]", "b", False, False),  # negation covers the nested class (JDK 9+)
    ("[^a[b]]", "c", True, True),
    ("[\\w-.]+", "a-b.c", True, True),
    ("[\\w-.]+", "a,b", False, True),
    ("[a-z-0]", "-", True, True),
    ("[]a]", "]", True, True),
    ("(?i)\\u00e9", "\u00c9", False, False),  # case folding is ASCII-only...
    ("(?iu)\\u00e9", "\u00c9", True, True),  # ...unless (?u)
    ("(?i)[^a]", "A", False, False),
    ("a$", "a\n", False, True),  # $ allows a final line terminator, \r and U+2028 included
    ("a$", "a\r", False, True),
    ("a$", "a\r\n", False, True),
    ("a$", "a\u2028", False, True),
    ("(?d)a$", "a\r", False, False),
    ("a\\z", "a\n", False, False),
    ("a\\Z", "a\r\n", False, True),
    (".", "\r", False, False),  # . excludes \r and U+0085 too
    (".", "\x85", False, False),
    (".", "\x0b", True, True),
    ("(?d).", "\r", True, True),
    ("(?s).", "\n", True, True),
    ("\\w", "\u00e9", False, False),  # ASCII classes...
    ("(?U)\\w", "\u00e9", True, True),  # ...unless (?U)
    ("\\s", "\x0b", True, True),
    ("\\s", "\xa0", False, False),
    ("\\v", "\u2028", True, True),
    ("\\h", "\xa0", True, True),
    ("\\p{Alpha}", "\u00e9", False, False),
    ("\\p{L}", "\u00e9", True, True),
    ("\\p{javaLowerCase}", "\u00e9", True, True),
    ("(?i)\\p{Lower}", "A", True, True),
    ("\\Qa.b\\E", "axb", False, False),
    ("[\\Q]-a\\E]", "-", True, True),
    ("[\\Q]-a\\E]", "b", False, False),
    ("(a(?i)b)c", "aBc", True, True),  # inline flags last until the group ends
    ("(a(?i)b)c", "aBC", False, False),
    ("a(?i)b|c", "C", True, True),
    ("(?x)a b # comment", "ab", True, True),
    ("(?x)[a b]", " ", False, False),  # comments mode applies inside classes too
    ("x{2}+", "xxxx", False, True),
    ("x*+x", "xx", False, False),
    ("(?>a|ab)c", "abc", False, False),
    ("\\1(a)", "aa", False, False),
    ("(a)\\12", "aa2", True, True),  # \12 is \1 then "2" while there is no group 12
    ("(?<n>a)\\k<n>", "aa", True, True),
    ("\\0101\\cA\\e", "A\x01\x1b", True, True),
    ("\\x{1F600}|\\uD83D\\uDE00", "\U0001F600", True, True),
    ("\\R", "\r\n", True, True),
    ("\\R{2}", "\r\n", False, False),
    ("\\B", "", True, True),
    ("(?m)^a", "b\r\na", False, True),
    ("(?m)a$", "a\rb", False, True),
    ("^*a", "a", True, True),
    ("x{2}{3}", "xx", True, True),  # a "{" at an atom start quantifies nothing
    ("a{0}", "a", False, True),
    ("^x-[a-z]+", "x-abc123", False, True),  # AWS's own example, unanchored at the end
    ("Bearer .*", "xBearer abc", False, True),
    ("\\w{5}", "abcdefgh", False, True),
]


@pytest.mark.parametrize(("expression", "token", "full", "find"), JAVA_RESULTS)
def test_matches_follows_java(expression, token, full, find):
    assert matches(expression, token) is full
    assert matches(expression, token, mode="find") is find


def test_matches_returns_none_when_python_cannot_run_it():
    # Java accepts a bounded variable-length look-behind; Python's re does not.
    assert analyze(r"(?<=a|bc)d").valid
    assert matches(r"(?<=a|bc)d", "bcd", mode="find") is None
    assert NOT_TRANSLATABLE in analyze(r"(?<=a|bc)d").kinds()
    assert matches("[a-z", "a") is None
    with pytest.raises(ValueError):
        matches("a", "a", mode="search")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("expression", "tokens"),
    [
        ("x*+x", ["x", "xx", "xxx"]),
        ("(?>a|ab)c", ["ac", "abc"]),
        ("^(?:a+)++b$", ["aab", "b"]),
        ("(a)(?>b|bc)\\1", ["aba", "abca"]),
        ("\\R{2}", ["\r\n", "\n\n"]),
    ],
)
def test_atomic_emulation_for_python_310(expression, tokens):
    """Python < 3.11 has no possessive quantifiers or atomic groups: the translation then uses
    a look-ahead plus a back reference. Both translations must agree."""
    tree = parse_java_regex(expression).root
    native = re.compile(jr._Translator(has_atomic=True).emit(tree)) if sys.version_info >= (3, 11) else None
    emulated = re.compile(jr._Translator(has_atomic=False).emit(tree))
    for token in tokens:
        expected = matches(expression, token)
        assert (emulated.fullmatch(token) is not None) is expected
        if native:
            assert (native.fullmatch(token) is not None) is expected


# ---------------------------------------------------------------------------------------------
# 2. Catastrophic backtracking

EXPONENTIAL = [
    r"(a+)+",
    r"^(a|a)*$",
    r"(\w+\w+)+",
    r"(\d+)*\d",
    r"^(a|aa)+$",
    r"(x+x+)+y",
    r"^(\w+\s?)*$",
    r"^(([a-z])+.)+[A-Z]([a-z])+$",
    r"(ab|ab)*c",  # the pumped string has two characters
    r"^(a|b|ab)*c$",
    r"^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}[a-z]{2,3}$",
]
POLYNOMIAL = [
    (r"\w*\w*x", 2),
    (r".*.*=", 2),
    (r"^\d+\.?\d+$", 2),
    (r"^Bearer [A-Za-z0-9-_=]+\.[A-Za-z0-9-_=]+\.?[A-Za-z0-9-_.+/=]*$", 2),
    (r"^[A-Za-z0-9]+.[A-Za-z0-9]+.[A-Za-z0-9]+$", 3),
]
NO_BACKTRACKING = [
    r"^(?:a+)++$",  # possessive
    r"^(?>a+)+$",  # atomic
    r"^a*+a*$",
    r"^([a-z0-9]+\.)*[a-z0-9]+$",  # the dot separates the loops
    r"^(ab|a)(bc|c)$",
    r"^(abc|abd)*x$",
    r"^[a-z]+[0-9]+$",
    r"^(a+)+[\s\S]*$",  # ambiguous, but nothing can make it fail
]


@pytest.mark.parametrize("expression", EXPONENTIAL)
def test_exponential_backtracking_is_an_error_with_a_working_attack(expression):
    issue = only(expression, REDOS_EXPONENTIAL)
    assert issue.severity == "error"
    assert issue.attack.pump and repr(issue.attack.pump) in issue.message
    assert 0 <= issue.offset and issue.offset + issue.length <= len(expression)
    assert exponential_growth(expression, issue.attack)


@pytest.mark.parametrize(("expression", "degree"), POLYNOMIAL)
def test_polynomial_backtracking_is_a_warning_with_a_working_attack(expression, degree):
    issue = only(expression, REDOS_POLYNOMIAL)
    assert issue.severity == "warning"
    assert f"O(n^{degree})" in issue.message
    assert superlinear_growth(expression, issue.attack, pumps=12 if degree > 2 else 30)
    assert not exponential_growth(expression, issue.attack) or degree > 3


@pytest.mark.parametrize("expression", NO_BACKTRACKING)
def test_no_backtracking_issue(expression):
    assert not analyze(expression).kinds() & {REDOS_EXPONENTIAL, REDOS_POLYNOMIAL}


def test_bounded_repetitions_are_only_a_note():
    issue = only(r"^\w{1,64}\w{1,64}$", REDOS_POLYNOMIAL)
    assert issue.severity == "note"


def test_the_step_counter_tells_linear_from_superlinear():
    attack = Attack("a", "a", "!")
    assert not superlinear_growth(r"^[a-z]+\.[a-z]+$", attack)
    assert not exponential_growth(r"^[a-z]+\.[a-z]+$", attack)
    assert superlinear_growth(r"^[a-z]+[a-z]+$", attack)


# ---------------------------------------------------------------------------------------------
# 3. Accepts everything


@pytest.mark.parametrize("expression", [".*", ".+", "^.*$", r"\S*", r"[\s\S]*", ".{0,}", "(?s).*", "^(.*)$", "^(?:abc|.*)$", ".*.*"])
def test_accepts_everything(expression):
    issue = only(expression, ACCEPTS_EVERYTHING)
    assert issue.severity == "warning"
    assert UNANCHORED not in analyze(expression).kinds()  # anchoring would not help


def test_a_prefix_then_anything_is_a_note():
    issue = only("Bearer.*", ACCEPTS_EVERYTHING)
    assert issue.severity == "note" and "'Bearer'" in issue.message
    assert only(r"^Bearer \S+$", ACCEPTS_EVERYTHING).severity == "note"


@pytest.mark.parametrize("expression", [r"^Bearer [A-Za-z0-9._~+/-]+=*$", r"^[^.]+\.[^.]+$", r"^.{20,}x$"])
def test_does_not_accept_everything(expression):
    assert ACCEPTS_EVERYTHING not in analyze(expression).kinds()


# ---------------------------------------------------------------------------------------------
# 4. Anchors


@pytest.mark.parametrize(
    ("expression", "offset", "length", "side"),
    [
        ("Bearer .*", 0, 9, "either end"),
        (r"\w{5}", 0, 5, "either end"),
        ("^x-[a-z]+", 9, 0, "end"),
        (r"[A-Za-z0-9]+$", 0, 0, "start"),
    ],
)
def test_unanchored(expression, offset, length, side):
    issue = only(expression, UNANCHORED)
    assert (issue.offset, issue.length, issue.severity) == (offset, length, "warning")
    assert side in issue.message
    # what the research found: the mode is not documented; selectionPattern is whole-string Java
    for words in ("does not document", "matches()", "find()", "selectionPattern", "SAM CLI", "serverless-offline"):
        assert words in issue.message


def test_unanchored_example_passes_only_under_find():
    issue = only(r"\w{5}", UNANCHORED)
    example = re.search(r"e\.g\. '([^']*)'", issue.message).group(1)
    assert matches(r"\w{5}", example, mode="find") and not matches(r"\w{5}", example)


def test_alternation_precedence_is_explained():
    issue = only("^allow|deny$", UNANCHORED)
    assert "binds looser" in issue.message


@pytest.mark.parametrize("expression", [r"^a+$", r"\Aa+\z", r"^(?:a|b)$", r"^a$|^b$", r"(?m)^a+$", r"^(?=.{3})a+\Z"])
def test_anchored(expression):
    assert UNANCHORED not in analyze(expression).kinds()


# ---------------------------------------------------------------------------------------------
# 5. Empty token


@pytest.mark.parametrize(
    ("expression", "star", "words"),
    [
        (r"^Bearer [-0-9a-zA-z\.]*$", r"[-0-9a-zA-z\.]*", "'Bearer '"),
        (r"^[a-z]*$", "[a-z]*", "empty token"),
        (r"^Bearer\s[A-Za-z0-9]*$", "[A-Za-z0-9]*", "'Bearer '"),
        (r"^(?i)bearer ([a-z0-9]{0,})$", "[a-z0-9]{0,}", "'bearer '"),
        ("Bearer.*", ".*", "'Bearer'"),
    ],
)
def test_empty_token_accepted(expression, star, words):
    issue = only(expression, EMPTY_TOKEN)
    assert expression[issue.offset : issue.offset + issue.length] == star
    assert words in issue.message


@pytest.mark.parametrize("expression", [r"^[a-z][a-z0-9]*$", r"^Bearer [a-z]+$", r"^Bearer ?[a-z]+$", r"^[a-z]+(-[a-z]+)*$", r"^abc$"])
def test_empty_token_not_accepted(expression):
    assert EMPTY_TOKEN not in analyze(expression).kinds()


# ---------------------------------------------------------------------------------------------
# 6. A-z ranges


@pytest.mark.parametrize(
    ("expression", "admits"),
    [(r"^[A-z]+$", "[ \\ ] ^ _ `"), (r"^[0-z]+$", ": ; < = > ? @"), (r"^[\x41-\x7a]+$", "[ \\ ] ^ _ `")],
)
def test_suspicious_range(expression, admits):
    issue = only(expression, SUSPICIOUS_RANGE)
    assert admits in issue.message
    assert expression[issue.offset : issue.offset + issue.length] in ("A-z", "0-z", r"\x41-\x7a")


@pytest.mark.parametrize("expression", [r"^[A-Za-z0-9]+$", r"^[!-~]+$", r"^[a-z-0]+$", r"^[\w-.]+$"])
def test_normal_ranges(expression):
    assert SUSPICIOUS_RANGE not in analyze(expression).kinds()


# ---------------------------------------------------------------------------------------------
# 7. Unescaped dot


@pytest.mark.parametrize(
    ("expression", "offsets"),
    [
        (r"^[A-Za-z0-9]+.[A-Za-z0-9]+.[A-Za-z0-9]+$", [13, 26]),
        (r"^https://example.com/$", [16]),
        (r"^[\w-]+.[\w-]+$", [7]),
    ],
)
def test_unescaped_dot(expression, offsets):
    issues = analyze(expression).of_kind(UNESCAPED_DOT)
    assert [issue.offset for issue in issues] == offsets
    assert all(expression[issue.offset] == "." for issue in issues)


@pytest.mark.parametrize("expression", [r"^[\w-]+\.[\w-]+$", r"^Bearer .*$", r"^a.*b$", r"^[a-z]+.{2}$", r"^[a.]+[a.]+$"])
def test_no_unescaped_dot(expression):
    assert UNESCAPED_DOT not in analyze(expression).kinds()


# ---------------------------------------------------------------------------------------------
# Limits


def test_huge_expression_gets_a_note_and_a_bounded_analysis():
    report = analyze("^" + "[a-z]" * 5000 + "$")
    assert report.valid and jr.ANALYSIS_LIMIT in report.kinds()
    assert jr.ANALYSIS_LIMIT in analyze("a" * (jr.MAX_PARSED_LENGTH + 1)).kinds()


def test_deep_nesting_and_many_states_do_not_crash():
    assert jr.ANALYSIS_LIMIT in analyze("(" * 300 + "a" + ")" * 300).kinds()
    assert jr.ANALYSIS_LIMIT in analyze("^" + "(?:a?){0,3}" * 150 + "$").kinds()
    assert jr.ANALYSIS_LIMIT in analyze("[" * 300 + "a" + "]" * 300).kinds()


# ---------------------------------------------------------------------------------------------
# Generated input

REGEX_ALPHABET = list("()[]{}^$.*+?|\\-&:=!<>,#0123456789abcxyzAZ _pPQEkuNwWsSdDbBzZRXhvc\n")
REGEX_TOKENS = [
    "(", ")", "(?:", "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?<n>", "(?i)", "(?x)", "(?-i)", "(?s)", "(?m)", "(?d)", "(?U)",
    "[", "]", "[^", "&&", "^", "$", "|", ".", "*", "+", "?", "*+", "+?", "{2}", "{1,3}", "{,2}", "{2,}", "{",
    "\\d", "\\w", "\\s", "\\S", "\\b", "\\B", "\\A", "\\z", "\\Z", "\\G", "\\Q", "\\E", "\\1", "\\k<n>", "\\p{L}",
    "\\P{Alpha}", "\\pL", "\\p{IsLatin}", "\\x41", "\\x{1F600}", "\\u00e9", "\\0", "\\cA", "\\e", "\\h", "\\v", "\\R",
    "\\X", "\\N{LATIN SMALL LETTER A}", "\\", "a", "b", "-", "A-z", "a-c", " ", "#", "\n", "é", "=", "_",
]
regex_like = st.one_of(
    st.text(alphabet=st.sampled_from(REGEX_ALPHABET), max_size=40),
    st.lists(st.sampled_from(REGEX_TOKENS), max_size=16).map("".join),
    st.text(max_size=30),
)


@FAST
@given(regex_like)
def test_analyze_never_raises(expression):
    report = analyze(expression)
    assert INTERNAL_ERROR not in report.kinds(), report.issues
    for issue in report.issues:
        assert issue.severity in ("error", "warning", "note")
        assert 0 <= issue.offset <= len(expression) and issue.length >= 0
        assert issue.offset + issue.length <= len(expression)
    assert matches(expression, "a1-b") in (True, False, None)
    if report.valid and report.python_pattern is not None and NOT_TRANSLATABLE not in report.kinds():
        assert matches(expression, "") in (True, False)


@st.composite
def common_regex(draw, depth=0):
    """Expressions that mean the same in Java and Python (ASCII, no $ or . subtleties)."""
    atoms = ["a", "b", "-", "[ab]", "[^a]", "[a-c]", "\\d", "\\w", "\\.", "[-a]", "x"]
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 2 and draw(st.booleans()):
            inner = draw(st.lists(common_regex(depth + 1), min_size=1, max_size=3))
            piece = "(?:" + "|".join(inner) + ")"
        else:
            piece = draw(st.sampled_from(atoms))
        pieces.append(piece + draw(st.sampled_from(["", "", "*", "+", "?", "{1,2}", "*?", "??"])))
    return "".join(pieces)


@FAST
@given(common_regex(), st.text(alphabet="ab-.1cx", max_size=6))
def test_translation_agrees_with_python_on_common_syntax(expression, token):
    assert matches(expression, token) is (re.fullmatch(expression, token) is not None)
    assert matches(expression, token, mode="find") is (re.search(expression, token) is not None)


OVERLAPPING_ATOMS = ["a", "[a-c]", "\\w", ".", "\\S", "[^!\\n]", "(?:a)", "[\\w-]", "\\p{Alnum}", "[a[b]]"]
VULNERABLE_SHAPES = ["({x}+)+", "({x}|{y})*", "({x}*{y}*)*", "({x}+{y}+)+", "({x}|{x}{y})+", "(?:{x}+)*{y}", "({x}+{y}?)*"]


@st.composite
def vulnerable_expressions(draw):
    shape = draw(st.sampled_from(VULNERABLE_SHAPES))
    x, y = draw(st.sampled_from(OVERLAPPING_ATOMS)), draw(st.sampled_from(OVERLAPPING_ATOMS))
    prefix = draw(st.sampled_from(["", "^", "^Bearer ", "Bearer "]))
    suffix = draw(st.sampled_from(["", "$", "\\z", "!", "!$", "[0-9]"]))
    return prefix + shape.format(x=x, y=y) + suffix


@FAST
@given(vulnerable_expressions())
def test_every_vulnerable_shape_is_flagged(expression):
    assert REDOS_EXPONENTIAL in analyze(expression).kinds(), expression


@settings(deadline=None, max_examples=12, database=None)
@given(vulnerable_expressions())
def test_generated_attacks_really_blow_up(expression):
    issue = only(expression, REDOS_EXPONENTIAL)
    assert exponential_growth(expression, issue.attack), (expression, issue.attack)
