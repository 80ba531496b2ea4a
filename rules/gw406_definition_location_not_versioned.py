'''## What it does
Flags an API definition kept in S3 in a way that hides changes from CloudFormation and SAM:
`DefinitionUri` of an `AWS::Serverless::Api` / `HttpApi`, or `BodyS3Location` of an
`AWS::ApiGateway::RestApi` / `AWS::ApiGatewayV2::Api`, that names an S3 object without a `Version`
(`s3://bucket/key` without `?versionId=`, or `Bucket`/`Key` without `Version`); and, on a SAM
REST API, a location computed with an intrinsic (`Key: !Ref SwaggerKey`).

A local path is fine: `sam deploy` and `aws cloudformation package` upload the file under a key
derived from its content, so a change to the file changes the template. `DefinitionBody` with
`Fn::Transform: AWS::Include` is fine too: CloudFormation expands nested transforms before the SAM
transform, so SAM's deployment hash covers the included content.

## Why is this bad?
CloudFormation compares properties, not the objects they name: when you overwrite the object, the
property is unchanged, the API is not re-imported, and nothing is deployed. SAM derives its
deployment's logical id from a hash of `DefinitionUri` as written (not of the file, and before
intrinsics are resolved), so even a new key passed as a parameter updates the REST API without a
new deployment: the stage keeps serving the old definition
(aws/serverless-application-model#53, #1561).

## Example
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: s3://my-bucket/openapi.yaml
```

Use instead:
```yaml
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionUri: ./openapi.yaml
```

## References
- https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-resource-api.html
- https://github.com/aws/serverless-application-model/issues/1561
- https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.links import is_local
from gwlint.model.elements import ApiKind, Origin
from gwlint.rule import Rule, Violation


class DefinitionLocationNotVersioned(Rule):
    __doc__ = __doc__
    id = "GW406"
    name = "definition-location-not-versioned"
    severity = Severity.WARNING
    summary = "Definition in S3 without a version (or computed, in SAM): changes to it are never deployed"
    tags = ("deployment",)
    joins = "API definition location + deployment"

    def check(self, model):
        for api in model.apis:
            location = api.definition_location
            if location is None or api.logical_id is None:
                continue
            sam = api.origin is Origin.SAM
            key = "DefinitionUri" if sam else "BodyS3Location"
            where = api.pointer / "Properties" / key
            hashed = sam and api.kind is ApiKind.REST
            if isinstance(location, str):
                if is_local(location) or "versionId=" in location:
                    continue
                yield Violation(where, _unversioned(key, location, hashed), at="value")
            elif isinstance(location, dict):
                computed = sorted(name for name in ("Bucket", "Key", "Version")
                                  if isinstance(location.get(name), (dict, list)))
                if hashed and computed:
                    yield Violation(where / computed[0], (
                        f"{key} {computed[0]} is computed ({_intrinsic(location[computed[0]])}): SAM hashes "
                        f"{key} as written, before CloudFormation resolves it, so a new value updates the REST API "
                        "but keeps the same deployment, and the stage keeps serving the old definition; write the "
                        "location literally, or set AlwaysDeploy: true"), at="value")
                elif "Version" not in location and isinstance(location.get("Key"), str):
                    bucket = location.get("Bucket") if isinstance(location.get("Bucket"), str) else "..."
                    yield Violation(where, _unversioned(key, f"s3://{bucket}/{location['Key']}", hashed))


def _unversioned(key: str, uri: str, hashed: bool) -> str:
    effect = ("CloudFormation does not re-import the definition, and SAM (which hashes the location, not the "
              "file) keeps the same deployment" if hashed else "CloudFormation does not re-import the definition")
    return (f"{key} names {uri} without a version: when the object is replaced the template does not change, so "
            f"{effect}, and the change is never served; add the object Version, or use a local path that "
            "`sam deploy` / `aws cloudformation package` uploads under a content hash")


def _intrinsic(value) -> str:
    if isinstance(value, dict) and len(value) == 1:
        name, argument = next(iter(value.items()))
        return f"{name} {argument}" if isinstance(argument, str) else name
    return "an intrinsic function"
