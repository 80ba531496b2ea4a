"""Local files a template pulls in: SAM ``DefinitionUri``, ``Fn::Transform: AWS::Include`` and a
``BodyS3Location`` given as a local path (as ``aws cloudformation package`` accepts).

A template is checked together with the files it references that exist locally, so an OpenAPI
file's integrations are joined with the template's functions and permissions.
"""

from __future__ import annotations

import os
from gwlint.record import dataclass
from typing import Any

from gwlint.source import PathPart

LINK_PROPERTIES = {
    "AWS::Serverless::Api": ("DefinitionUri",),
    "AWS::Serverless::HttpApi": ("DefinitionUri",),
    "AWS::ApiGateway::RestApi": ("BodyS3Location",),
    "AWS::ApiGatewayV2::Api": ("BodyS3Location",),
}


@dataclass(frozen=True)
class Link:
    """A reference from ``parts`` in the template to a local file (path as the user would see it)."""

    parts: tuple[PathPart, ...]
    path: str


def is_local(location: Any) -> bool:
    return isinstance(location, str) and bool(location) and "://" not in location and not location.startswith("s3:")


def include_location(value: Any) -> str | None:
    """The location of ``{"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": ...}}}``."""
    if not (isinstance(value, dict) and len(value) == 1 and "Fn::Transform" in value):
        return None
    transform = value["Fn::Transform"]
    if isinstance(transform, dict) and transform.get("Name") == "AWS::Include":
        parameters = transform.get("Parameters")
        if isinstance(parameters, dict) and is_local(parameters.get("Location")):
            return parameters["Location"]
    return None


def resolve(template_path: str, location: str) -> str:
    """A location relative to the template's folder, as a display path."""
    return os.path.normpath(os.path.join(os.path.dirname(template_path), location))


def find_links(template_path: str, data: Any) -> list[Link]:
    """Every local file the template references, in template order."""
    resources = data.get("Resources") if isinstance(data, dict) else None
    if not isinstance(resources, dict):
        return []
    links = []
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict):
            continue
        properties = resource.get("Properties")
        if not isinstance(properties, dict):
            continue
        for name in LINK_PROPERTIES.get(resource.get("Type"), ()):
            if is_local(properties.get(name)):
                links.append(Link(("Resources", logical_id, "Properties", name),
                                  resolve(template_path, properties[name])))
        for name in ("DefinitionBody", "Body"):
            location = include_location(properties.get(name))
            if location is not None:
                links.append(Link(("Resources", logical_id, "Properties", name), resolve(template_path, location)))
    return links
