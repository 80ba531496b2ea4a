"""What kind of input a parsed file is: a CloudFormation or SAM template, an OpenAPI document,
an IAM policy document, or none of ours."""

from __future__ import annotations

from typing import Any

CLOUDFORMATION = "cloudformation"
SAM = "sam"
OPENAPI = "openapi"
POLICY = "policy"
UNKNOWN = "unknown"

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"


def declares_sam_transform(transform: Any) -> bool:
    if isinstance(transform, str):
        return transform == SAM_TRANSFORM
    if isinstance(transform, list):
        return any(declares_sam_transform(item) for item in transform)
    if isinstance(transform, dict):  # {Name: AWS::Include, Parameters: ...} is not SAM
        return transform.get("Name") == SAM_TRANSFORM
    return False


def has_serverless_resources(resources: Any) -> bool:
    if not isinstance(resources, dict):
        return False
    return any(
        isinstance(resource, dict) and isinstance(resource.get("Type"), str)
        and resource["Type"].startswith("AWS::Serverless::")
        for resource in resources.values()
    )


def classify(data: Any) -> str:
    if not isinstance(data, dict):
        return UNKNOWN
    resources = data.get("Resources")
    if isinstance(resources, dict) or "AWSTemplateFormatVersion" in data:
        # The SAM translator accepts AWS::Serverless::* without the Transform line, and so do we.
        if declares_sam_transform(data.get("Transform")) or has_serverless_resources(resources):
            return SAM
        return CLOUDFORMATION
    if "Resources" in data and ("Transform" in data or "Globals" in data):
        return SAM  # `Resources` of the wrong shape: still a template, reported by the model
    if "Resources" in data and len(data) <= 6 and set(data) <= {
        "Resources", "Parameters", "Outputs", "Conditions", "Mappings", "Metadata", "Description", "Rules",
    }:
        return CLOUDFORMATION
    if isinstance(data.get("openapi"), str) and data["openapi"].startswith("3"):
        return OPENAPI
    if data.get("swagger") in ("2.0", 2.0):
        return OPENAPI
    statement = data.get("Statement")
    if statement is not None and (
        "Version" in data or isinstance(statement, (list, dict)) and _looks_like_statements(statement)
    ):
        return POLICY
    return UNKNOWN


def openapi_version(data: dict) -> str:
    if isinstance(data.get("openapi"), str):
        return data["openapi"]
    return "2.0"


def _looks_like_statements(statement: Any) -> bool:
    items = statement if isinstance(statement, list) else [statement]
    return bool(items) and all(isinstance(item, dict) and "Effect" in item for item in items)
