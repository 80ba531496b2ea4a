"""Resource policies as the evaluator reads them, with the way back to what the user wrote.

Every builder makes its :class:`~gwlint.model.elements.ResourcePolicy` with :func:`resource_policy`
(CloudFormation ``Policy``, ``x-amazon-apigateway-policy`` in a file, a ``Body`` or a ``DefinitionBody``,
a standalone policy file) or :func:`add_sam_policy` (SAM ``Auth.ResourcePolicy`` of an API or of an
``Api`` event). The element keeps the document as written (``document``) and gets:

``plain``
    The document with CloudFormation intrinsics resolved the way a deployment would most likely see
    them, so that ``gwlint.analysis.iam_policy`` can read it:

    - ``Fn::If`` keeps both branches: inside a list (``Statement``, ``Resource``, condition values...)
      both are spliced in, ``AWS::NoValue`` disappears; elsewhere the first branch is kept;
    - ``Ref`` to a template parameter becomes its ``Default`` (a ``CommaDelimitedList`` / ``List<...>``
      default becomes a list), as GW503 reads a ``CidrIp``: what deploys unless the caller overrides it;
    - ``Fn::Sub``, ``Fn::Join``, ``Fn::GetAtt``... become text in which an unknown part is ``${...}``
      (the evaluator reads ``${...}`` in a resource as a wildcard; rules skip such IP values);
    - a policy written as JSON text (a string, or ``Fn::Sub`` of one) is parsed.

    For SAM, the statements SAM writes into ``x-amazon-apigateway-policy`` (aws-sam-translator
    ``SwaggerEditor.add_resource_policy``): the definition body's own policy first, then the API's
    ``Auth.ResourcePolicy``, then each event's.
``sources``
    ``(path in plain, Pointer)`` pairs for the parts that are not where a naive path would put them
    (a spliced ``Fn::If`` branch, a parameter, a SAM property); ``ResourcePolicy.pointer_at(path)``
    turns a path from the evaluator into the place to report.
"""

from __future__ import annotations

import json
from gwlint.record import dataclass, field
from typing import Any, Optional

from gwlint.intrinsics import Ref, Unknown, symbolic
from gwlint.model.elements import ResourcePolicy, make
from gwlint.source import Pointer

Path = tuple[Any, ...]
Sources = list[tuple[Path, Pointer]]

#: Keys whose value must stay a single value when an `Fn::If` offers two (everything else may list both).
_SINGLE_VALUED = frozenset({"Version", "Id", "Sid", "Effect", "Principal", "NotPrincipal", "Condition"})
_MAX_DEPTH = 40
_MAX_ALTERNATIVES = 16


@dataclass
class _Alt:
    """One value a node may take: the plain value, where it is written, where its parts are written
    (relative paths), and whether it is a list an intrinsic produced (spliced into a surrounding list)."""

    value: Any
    where: Pointer
    sources: Sources = field(default_factory=list)
    splice: bool = False


class _Resolver:
    def __init__(self, parameters: Optional[dict], split_lists: bool = True) -> None:
        self.parameters = parameters if isinstance(parameters, dict) else {}
        # CloudFormation turns a list parameter into a list; SAM, which resolves the parameters of `Auth`
        # itself, puts the value in as written: "1.2.3.0/24, 5.6.7.0/24" stays one string.
        self.split_lists = split_lists

    # -- values ---------------------------------------------------------------------------------------
    def alternatives(self, value: Any, where: Pointer, depth: int = 0) -> list[_Alt]:
        if depth > _MAX_DEPTH:
            return [_Alt("${?deep}", where)]
        if isinstance(value, dict):
            if len(value) == 1:
                (name, argument), = value.items()
                if isinstance(name, str) and (name == "Ref" or name.startswith("Fn::")):
                    return self.intrinsic(name, argument, value, where, depth)
            return [self.mapping(value, where, depth)]
        if isinstance(value, list):
            return [self.sequence(value, where, depth)]
        return [_Alt(value, where)]

    def mapping(self, value: dict, where: Pointer, depth: int) -> _Alt:
        out: dict = {}
        sources: Sources = []
        for key, item in value.items():
            alternatives = self.alternatives(item, where / key, depth + 1)
            if not alternatives:
                continue  # AWS::NoValue: the key is not there
            if len(alternatives) == 1 and not (key == "Statement" and alternatives[0].splice):
                chosen = alternatives[0]
            elif key == "Statement" or (key not in _SINGLE_VALUED and all(
                    isinstance(a.value, (str, list)) for a in alternatives)):
                chosen = self.merge(alternatives, where / key)
            else:
                chosen = alternatives[0]
            out[key] = chosen.value
            sources += _placed((key,), chosen, where / key)
        return _Alt(out, where, sources)

    def sequence(self, value: list, where: Pointer, depth: int) -> _Alt:
        return self.merge([a for index, item in enumerate(value)
                           for a in self.alternatives(item, where / index, depth + 1)], where, spread=True)

    def merge(self, alternatives: list[_Alt], where: Pointer, spread: bool = False) -> _Alt:
        """One list of every alternative: lists an intrinsic produced (or, with ``spread``=False, any
        list) are spliced in, scalars and objects become items."""
        out: list = []
        sources: Sources = []
        for alternative in alternatives:
            if isinstance(alternative.value, list) and (alternative.splice or not spread):
                for position, item in enumerate(alternative.value):
                    inner = [(p[1:], ptr) for p, ptr in alternative.sources if p[:1] == (position,)]
                    item_where = next((ptr for p, ptr in alternative.sources if p == (position,)),
                                      alternative.where / position)
                    out.append(item)
                    sources += _placed((len(out) - 1,), _Alt(item, item_where, [s for s in inner if s[0]]),
                                       where / (len(out) - 1))
            else:
                out.append(alternative.value)
                sources += _placed((len(out) - 1,), alternative, where / (len(out) - 1))
        return _Alt(out, where, sources)

    # -- intrinsics -----------------------------------------------------------------------------------
    def intrinsic(self, name: str, argument: Any, value: dict, where: Pointer, depth: int) -> list[_Alt]:
        if name == "Ref" and argument == "AWS::NoValue":
            return []
        if name == "Fn::If":
            if not (isinstance(argument, list) and len(argument) == 3):
                return [_Alt("${?Fn::If}", where)]
            branches = [a for position in (1, 2)
                        for a in self.alternatives(argument[position], where / "Fn::If" / position, depth + 1)]
            return branches[:_MAX_ALTERNATIVES]
        if name == "Ref" and isinstance(argument, str) and argument in self.parameters:
            default = self.parameter_default(argument)
            if isinstance(default, list):
                return [_Alt(default, where, splice=True)]
            if default is not None:
                return [_Alt(default, where)]
        if name == "Fn::Split" and isinstance(argument, list) and len(argument) == 2 \
                and isinstance(argument[0], str) and argument[0]:
            texts = [a.value for a in self.alternatives(argument[1], where, depth + 1) if isinstance(a.value, str)]
            if texts and "${" not in texts[0]:
                return [_Alt(texts[0].split(argument[0]), where, splice=True)]
            return [_Alt("${?Fn::Split}", where)]
        return [_Alt(text, where) for text in self.texts(value)]

    def parameter_default(self, name: str) -> Any:
        parameter = self.parameters.get(name)
        if not isinstance(parameter, dict):
            return None
        default = parameter.get("Default")
        kind = parameter.get("Type")
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            default = str(default)
        if isinstance(default, list) and all(isinstance(item, str) for item in default):
            return default
        if not isinstance(default, str):
            return None
        if isinstance(kind, str) and "List" in kind and self.split_lists:
            return [item.strip() for item in default.split(",")]
        return default

    def texts(self, value: Any) -> list[str]:
        """What an intrinsic string may read as, parameters replaced by their (text) defaults."""
        out = []
        for alternative in symbolic(value)[:_MAX_ALTERNATIVES]:
            parts = []
            for part in alternative:
                if isinstance(part, Ref) and part.attribute is None and part.name in self.parameters:
                    default = self.parameter_default(part.name)
                    parts.append(default if isinstance(default, str) else str(part))
                elif isinstance(part, (Ref, Unknown)):
                    parts.append(str(part))
                else:
                    parts.append(part)
            out.append("".join(parts))
        return out or ["${?value}"]


def _placed(prefix: Path, alternative: _Alt, naive: Pointer) -> Sources:
    """Sources of a value placed at ``prefix`` whose naive pointer is ``naive``."""
    entries: Sources = []
    if alternative.where != naive:
        entries.append((prefix, alternative.where))
    entries += [(prefix + path, pointer) for path, pointer in alternative.sources]
    return entries


def resolve(value: Any, where: Pointer, parameters: Optional[dict] = None) -> tuple[Any, Sources]:
    """``value`` with intrinsics resolved (see the module docstring), and its sources. A whole document
    under ``Fn::If`` is read as its first branch."""
    resolver = _Resolver(parameters)
    alternatives = resolver.alternatives(value, where)
    if not alternatives:
        return None, []
    chosen = alternatives[0]
    sources = _placed((), chosen, where)
    if isinstance(chosen.value, str):
        try:
            parsed = json.loads(chosen.value)
        except ValueError:
            return chosen.value, sources
        # JSON text: its parts cannot be located more precisely than the text itself.
        return parsed, [((), chosen.where)]
    return chosen.value, sources


def resource_policy(pointer: Pointer, api: str, document: Any, parameters: Optional[dict] = None) -> ResourcePolicy:
    """The model element for a policy written at ``pointer`` (any input kind)."""
    plain, sources = resolve(document, pointer, parameters)
    if plain == document and not sources:
        return make(ResourcePolicy, pointer=pointer, api=api, document=document)
    return make(ResourcePolicy, pointer=pointer, api=api, document=document, plain=plain, sources=tuple(sources))


# -- SAM -------------------------------------------------------------------------------------------------
SAM_RESOURCE = "execute-api:/*"


@dataclass
class SamPolicySource:
    """Where the keys of a SAM ``ResourcePolicy`` are written: ``layers`` are (mapping, pointer) pairs in
    merge order (``Globals.Api.Auth.ResourcePolicy`` first, then the resource's or the event's own);
    lists present in several layers are concatenated, as SAM merges Globals."""

    layers: list[tuple[dict, Pointer]]

    def merged(self) -> dict:
        out: dict = {}
        for mapping, _ in self.layers:
            for key, value in mapping.items():
                if isinstance(out.get(key), list) and isinstance(value, list):
                    out[key] = out[key] + value
                else:
                    out[key] = value
        return out

    def at(self, key: str, index: Optional[int] = None) -> Pointer:
        offset = 0
        owner = None
        for mapping, pointer in self.layers:
            if key not in mapping:
                continue
            value = mapping[key]
            if index is not None and isinstance(value, list):
                if index - offset < len(value):
                    return pointer / key / (index - offset)
                offset += len(value)
            owner = pointer / key
        return owner if owner is not None else self.layers[-1][1]


def sam_statements(source: SamPolicySource, parameters: Optional[dict] = None,
                   resource: str = SAM_RESOURCE) -> tuple[list[dict], Sources]:
    """The statements SAM generates for one ``ResourcePolicy`` (SwaggerEditor.add_resource_policy and
    add_custom_statements, aws-sam-translator 1.110), with sources relative to the statement list."""
    policy = source.merged()
    resolver = _Resolver(parameters, split_lists=False)  # SamResourceMacro resolves parameters in Auth
    statements: list[dict] = []
    sources: Sources = []

    def values(key: str) -> list[tuple[Any, Pointer]]:
        raw = policy.get(key)
        if raw is None:
            return []
        items = raw if isinstance(raw, list) else [raw]
        out = []
        for index, item in enumerate(items):
            where = source.at(key, index if isinstance(raw, list) else None)
            for alternative in resolver.alternatives(item, where):
                spread = alternative.value if alternative.splice and isinstance(alternative.value, list) \
                    else [alternative.value]
                out += [(value, alternative.where) for value in spread]
        return out

    def add(statement: dict, where: Pointer, value_path: Optional[Path] = None,
            items: Optional[list[tuple[Any, Pointer]]] = None) -> None:
        statements.append(statement)
        position = len(statements) - 1
        sources.append(((position,), where))
        for index, (_, pointer) in enumerate(items or []):
            sources.append(((position,) + (value_path or ()) + (index,), pointer))

    def base(effect: str) -> dict:
        return {"Effect": effect, "Principal": "*", "Action": "execute-api:Invoke", "Resource": resource}

    for key, effect in (("AwsAccountWhitelist", "Allow"), ("AwsAccountBlacklist", "Deny")):
        accounts = values(key)
        if accounts:
            statement = base(effect)
            statement["Principal"] = {"AWS": [value for value, _ in accounts]}
            add(statement, source.at(key), ("Principal", "AWS"), accounts)
    for key, operator in (("IpRangeWhitelist", "NotIpAddress"), ("IpRangeBlacklist", "IpAddress")):
        ranges = values(key)
        if ranges:
            add(base("Allow"), source.at(key))
            deny = base("Deny")
            deny["Condition"] = {operator: {"aws:SourceIp": [value for value, _ in ranges]}}
            add(deny, source.at(key), ("Condition", operator, "aws:SourceIp"), ranges)
    for suffix, operator in (("Blacklist", "StringEquals"), ("Whitelist", "StringNotEquals")):
        # Strings sorted by prefix (vpc- / vpce-), then the Intrinsic* lists; one Deny with both keys under
        # one operator, so they are AND-ed (SwaggerEditor._add_vpc_resource_policy_for_method).
        by_key: dict[str, list[tuple[Any, Pointer]]] = {}
        for value, where in values("SourceVpc" + suffix):
            if isinstance(value, str) and value.startswith("vpce-"):
                by_key.setdefault("aws:SourceVpce", []).append((value, where))
            elif isinstance(value, str) and value.startswith("vpc-"):
                by_key.setdefault("aws:SourceVpc", []).append((value, where))
        by_key.setdefault("aws:SourceVpc", []).extend(values("IntrinsicVpc" + suffix))
        by_key.setdefault("aws:SourceVpce", []).extend(values("IntrinsicVpce" + suffix))
        by_key = {key: items for key, items in by_key.items() if items}
        if not by_key:
            continue
        owner = next(source.at(key) for key in (f"SourceVpc{suffix}", f"IntrinsicVpc{suffix}",
                                                  f"IntrinsicVpce{suffix}") if key in policy)
        add(base("Allow"), owner)
        deny = base("Deny")
        deny["Condition"] = {operator: {key: [value for value, _ in items] for key, items in by_key.items()}}
        statements.append(deny)
        position = len(statements) - 1
        sources.append(((position,), owner))
        for key, items in by_key.items():
            sources.append(((position, "Condition", operator, key), owner))
            sources += [((position, "Condition", operator, key, index), where)
                        for index, (_, where) in enumerate(items)]
    custom = policy.get("CustomStatements")
    items = custom if isinstance(custom, list) else [custom] if custom is not None else []
    for index, item in enumerate(items):
        where = source.at("CustomStatements", index if isinstance(custom, list) else None)
        for alternative in resolver.alternatives(item, where):
            if isinstance(alternative.value, dict):
                statements.append(alternative.value)
                sources.append(((len(statements) - 1,), alternative.where))
                sources += [((len(statements) - 1,) + path, pointer) for path, pointer in alternative.sources]
            elif isinstance(alternative.value, list):  # a list an intrinsic produced
                for position, value in enumerate(alternative.value):
                    if isinstance(value, dict):
                        statements.append(value)
                        sources.append(((len(statements) - 1,), alternative.where / position))
    return statements, sources


def add_sam_policy(existing: Optional[ResourcePolicy], source: SamPolicySource, api: str,
                   parameters: Optional[dict] = None, resource: str = SAM_RESOURCE) -> Optional[ResourcePolicy]:
    """``existing`` (the body's ``x-amazon-apigateway-policy`` or earlier SAM statements) plus what SAM
    generates for ``source``, as one element pointing at the SAM property."""
    statements, sources = sam_statements(source, parameters, resource)
    if not statements:
        return existing
    own_pointer = source.layers[-1][1]
    combined: list = []
    all_sources: Sources = []
    if existing is not None:
        plain = existing.evaluable
        raw = plain.get("Statement") if isinstance(plain, dict) else None
        earlier = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
        for position, statement in enumerate(earlier):
            combined.append(statement)
            path = ("Statement", position) if isinstance(raw, list) else ("Statement",)
            all_sources.append((("Statement", position), existing.pointer_at(path)))
            all_sources += [(("Statement", position) + p[len(path):], ptr) for p, ptr in existing.sources
                            if p[:len(path)] == path and len(p) > len(path)]
    offset = len(combined)
    combined += statements
    all_sources += [(("Statement", path[0] + offset) + tuple(path[1:]), pointer) for path, pointer in sources]
    document = {"Version": "2012-10-17", "Statement": combined}
    return make(ResourcePolicy, pointer=own_pointer, api=api, document=document, plain=document,
                sources=tuple(all_sources))


def sam_resource(method: str, path: str) -> str:
    """The resource SAM writes for an event's own ``Auth.ResourcePolicy``: any stage, ``*`` for ANY,
    the path without a trailing slash (SwaggerEditor._get_method_path_uri_list)."""
    verb = "*" if method.upper() in ("ANY", "X-AMAZON-APIGATEWAY-ANY-METHOD") else method.upper()
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return f"execute-api:/*/{verb}{path}"



def _auth_policy(auth: Any) -> Optional[dict]:
    policy = auth.get("ResourcePolicy") if isinstance(auth, dict) else None
    return policy if isinstance(policy, dict) else None


def apply_sam_api_policy(draft: Any, globals_api: dict, local: dict, pointer: Pointer, globals_pointer: Pointer,
                         parameters: Optional[dict] = None, has_paths: bool = True) -> None:
    """Add what SAM generates for a REST API's ``Auth.ResourcePolicy`` (``Globals.Api`` merged) to
    ``draft.policy``, after the definition body's own policy. SAM writes the statements of the list
    properties once per path of the body, so an API without paths only gets ``CustomStatements``."""
    layers = []
    global_policy = _auth_policy(globals_api.get("Auth"))
    if global_policy is not None:
        layers.append((global_policy, globals_pointer))
    local_policy = _auth_policy(local.get("Auth"))
    if local_policy is not None:
        layers.append((local_policy, pointer / "Properties" / "Auth" / "ResourcePolicy"))
    if not has_paths:
        layers = [({k: v for k, v in mapping.items() if k == "CustomStatements"}, where) for mapping, where in layers]
    if layers:
        draft.policy = add_sam_policy(draft.policy, SamPolicySource(layers), draft.key, parameters)


def apply_sam_event_policy(draft: Any, config: dict, where: Pointer, method: str, path: str,
                           parameters: Optional[dict] = None) -> None:
    """Add what SAM generates for an ``Api`` event's own ``Auth.ResourcePolicy`` (scoped to its method)."""
    policy = _auth_policy(config.get("Auth"))
    if policy is not None:
        source = SamPolicySource([(policy, where / "Properties" / "Auth" / "ResourcePolicy")])
        draft.policy = add_sam_policy(draft.policy, source, draft.key, parameters, sam_resource(method, path))


__all__ = ["resolve", "resource_policy", "add_sam_policy", "sam_statements", "SamPolicySource", "sam_resource",
           "apply_sam_api_policy", "apply_sam_event_policy"]
