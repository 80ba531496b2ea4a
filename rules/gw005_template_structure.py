'''## What it does
Reports a CloudFormation or SAM template whose structure CloudFormation rejects before it looks at any
property: `Resources` that is not a mapping, a resource that is not a mapping or has no string `Type`,
`Properties` that is not a mapping, a `DependsOn` that is not a name or a list of names, names a
resource that does not exist, or closes a cycle.

## Why is this bad?
The template cannot be deployed, and gwlint cannot model the resources involved, so no other rule
can check them. Like a parse error, it makes gwlint exit with code 2.

## Example
```yaml
Resources:
  Api:
    Properties:
      Name: pets
```

Use instead:
```yaml
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: pets
```
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.rule import Rule, Violation

TEMPLATE_KINDS = ("cloudformation", "sam")


class TemplateStructure(Rule):
    __doc__ = __doc__
    id = "GW005"
    name = "template-structure"
    severity = Severity.ERROR
    summary = "Template structure CloudFormation rejects (Resources, Type, Properties, DependsOn)"
    target = "document"

    def check(self, document):
        if document.kind not in TEMPLATE_KINDS or not isinstance(document.data, dict):
            return
        resources = document.data.get("Resources")
        if "Resources" in document.data and not isinstance(resources, dict):
            yield Violation(document.pointer("Resources"),
                            f"Resources must be a mapping of logical ids to resources, not {_kind(resources)}")
            return
        if not isinstance(resources, dict):
            return
        for logical_id, resource in resources.items():
            where = document.pointer("Resources", logical_id)
            if isinstance(logical_id, str) and logical_id.startswith("Fn::ForEach::"):
                continue  # AWS::LanguageExtensions: a loop that expands into resources
            if not isinstance(resource, dict):
                yield Violation(where, f"resource {logical_id} must be a mapping, not {_kind(resource)}")
                continue
            kind = resource.get("Type")
            if kind is None:
                yield Violation(where, f"resource {logical_id} has no Type")
            elif not isinstance(kind, str):
                yield Violation(where / "Type", f"the Type of {logical_id} must be a string, not {_kind(kind)}")
            if "Properties" in resource and not isinstance(resource["Properties"], (dict, type(None))):
                yield Violation(where / "Properties",
                                f"the Properties of {logical_id} must be a mapping, not {_kind(resource['Properties'])}")
            yield from _depends_on(document, logical_id, resource, resources)
        yield from _cycles(document, resources)


def _names(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def _depends_on(document, logical_id, resource, resources):
    if "DependsOn" not in resource:
        return
    where = document.pointer("Resources", logical_id, "DependsOn")
    names = _names(resource["DependsOn"])
    if names is None:
        yield Violation(where, f"DependsOn of {logical_id} must be a resource name or a list of names")
        return
    if document.kind == "sam":
        return  # SAM templates may depend on resources SAM generates (ApiProdStage, FnAliaslive...)
    for name in names:
        if name not in resources:
            yield Violation(where, f"{logical_id} depends on {name!r}, which is not a resource of this template")


def _cycles(document, resources):
    """One finding per DependsOn cycle, at the first resource of the cycle in template order."""
    graph = {}
    for logical_id, resource in resources.items():
        names = _names(resource.get("DependsOn")) if isinstance(resource, dict) else None
        graph[logical_id] = [name for name in names or () if name in resources]
    state: dict[str, int] = {}  # 1 visiting, 2 done
    reported: set[frozenset] = set()
    for start in graph:
        if state.get(start):
            continue
        stack = [(start, iter(graph[start]))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                cycle = path[path.index(child):]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    first = min(cycle, key=list(resources).index)
                    loop = " -> ".join(cycle[cycle.index(first):] + cycle[:cycle.index(first)] + [first])
                    yield Violation(document.pointer("Resources", first, "DependsOn"),
                                    f"circular DependsOn: {loop}; CloudFormation cannot order these resources")
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(graph[child])))


def _kind(value) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean",
            type(None): "empty"}.get(type(value), type(value).__name__)
