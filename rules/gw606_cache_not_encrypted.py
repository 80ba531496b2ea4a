'''## What it does
Flags REST method settings that turn caching on (`CachingEnabled: true`) on a stage with a cache cluster
(`CacheClusterEnabled: true`) without `CacheDataEncrypted: true` (in the entry itself, or in a stage-wide
`/*` `*` entry). It reads `AWS::ApiGateway::Stage`, a deployment's `StageDescription` and
`AWS::Serverless::Api` (`Globals` included). Stages without caching are not asked about encryption.

## Why is this bad?
The cache holds responses, personal data included, at rest in the cache cluster. Encryption at rest costs
nothing extra and is expected by most compliance baselines.

## Example
```yaml
Resources:
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: abc123
      DeploymentId: def456
      StageName: prod
      CacheClusterEnabled: true
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: "*"
          CachingEnabled: true
```

Use instead:
```yaml
Resources:
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: abc123
      DeploymentId: def456
      StageName: prod
      CacheClusterEnabled: true
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: "*"
          CachingEnabled: true
          CacheDataEncrypted: true
```

## References
- https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html
'''

from __future__ import annotations

from gwlint.findings import Severity
from gwlint.model.elements import ApiKind
from gwlint.rule import Rule, Violation


class CacheNotEncrypted(Rule):
    __doc__ = __doc__
    id = "GW606"
    name = "cache-not-encrypted"
    severity = Severity.NOTE
    summary = "Stage caching turned on without CacheDataEncrypted"
    tags = ("hygiene", "encryption")
    security_severity = 3.0

    def check(self, model):
        from gwlint.analysis.stages import flag, stage_views
        reported = set()
        for view in stage_views(model):
            if view.kind is not ApiKind.REST or flag(view.settings.cache_cluster) is not True:
                continue
            stage_wide = any(entry.flag("CacheDataEncrypted") is True for entry in view.stage_wide())
            for entry in view.entries():
                if entry.flag("CachingEnabled") is not True or entry.pointer in reported:
                    continue
                encrypted = entry.values.get("CacheDataEncrypted")
                if encrypted is not None and entry.flag("CacheDataEncrypted") is None:
                    continue  # an intrinsic
                if entry.flag("CacheDataEncrypted") is True or (encrypted is None and stage_wide):
                    continue
                reported.add(entry.pointer)
                yield Violation(entry.pointer / "CachingEnabled", (
                    f"caching is on for {view.label} without CacheDataEncrypted: true: cached responses are stored "
                    "unencrypted in the cache cluster"), at="value")
