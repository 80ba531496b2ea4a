"""Collects model elements from every input of a file group, then freezes them into a Model."""

from __future__ import annotations

from gwlint.record import dataclass, field
from typing import Any

from gwlint.model.elements import (
    Api, ApiKind, Authorizer, Deployment, DomainName, LambdaFunction, LambdaPermission, Listener,
    LoadBalancer, Operation, Origin, ResourcePolicy, SecurityGroup, SecurityGroupRule, Stage, VpcLink,
)
from gwlint.model.openapi import OpenApiParts
from gwlint.model.elements import make
from gwlint.source import Pointer


@dataclass
class ApiDraft:
    """An API whose operations may come from several places (Methods, a Body, SAM events)."""

    key: str
    kind: ApiKind
    origin: Origin
    pointer: Pointer
    logical_id: str | None = None
    name: str | None = None
    definition: Pointer | None = None
    openapi_version: str | None = None
    endpoint_types: tuple[str, ...] = ()
    ip_address_type: str | None = None
    security_policy: str | None = None
    security_policy_pointer: Pointer | None = None
    disable_execute_api_endpoint: bool | None = None
    implicit: bool = False
    operations: list[Operation] = field(default_factory=list)
    authorizers: list[Authorizer] = field(default_factory=list)
    policy: ResourcePolicy | None = None
    stages: list[Stage] = field(default_factory=list)
    deployments: list[Deployment] = field(default_factory=list)
    #: (METHOD, path) already present, so SAM events do not duplicate routes of a DefinitionBody.
    routes: set[tuple[str, str]] = field(default_factory=set)
    manages_definition: bool = False  # SAM builds the body itself (no DefinitionBody/DefinitionUri)
    sam_auth: dict = field(default_factory=dict)  # SAM `Auth` (DefaultAuthorizer, ApiKeyRequired...)
    definition_location: Any = None  # DefinitionUri / BodyS3Location as written
    definition_unread: bool = False  # a definition exists that could not be read
    cors: Any = None  # CorsConfiguration / SAM Cors as written
    cors_pointer: Pointer | None = None
    properties: Any = None  # the API resource's properties (SAM: Globals merged)

    def merge_openapi(self, parts: OpenApiParts) -> None:
        self.openapi_version = parts.version or self.openapi_version
        self.name = self.name or parts.title
        for operation in parts.operations:
            self.add_operation(operation)
        self.authorizers.extend(parts.authorizers)
        self.policy = self.policy or parts.policy
        self.endpoint_types = self.endpoint_types or parts.endpoint_types
        self.ip_address_type = self.ip_address_type or parts.ip_address_type
        if parts.disable_execute_api_endpoint is not None:
            self.disable_execute_api_endpoint = parts.disable_execute_api_endpoint
        if parts.security_policy and not self.security_policy:
            self.security_policy = parts.security_policy
            self.security_policy_pointer = parts.security_policy_pointer

    def add_operation(self, operation: Operation) -> None:
        self.routes.add((operation.method, operation.path))
        self.operations.append(operation)

    def freeze(self) -> Api:
        return make(Api, 
            pointer=self.pointer, key=self.key, kind=self.kind, origin=self.origin, logical_id=self.logical_id,
            name=self.name, definition=self.definition, openapi_version=self.openapi_version,
            endpoint_types=self.endpoint_types, ip_address_type=self.ip_address_type,
            security_policy=self.security_policy, security_policy_pointer=self.security_policy_pointer,
            disable_execute_api_endpoint=self.disable_execute_api_endpoint, implicit=self.implicit,
            operations=tuple(self.operations), authorizers=tuple(self.authorizers), policy=self.policy,
            stages=tuple(self.stages), deployments=tuple(self.deployments),
            definition_location=self.definition_location, definition_unread=self.definition_unread,
            cors=self.cors, cors_pointer=self.cors_pointer, properties=self.properties,
        )


@dataclass
class ModelBuilder:
    apis: dict[str, ApiDraft] = field(default_factory=dict)
    functions: list[LambdaFunction] = field(default_factory=list)
    permissions: list[LambdaPermission] = field(default_factory=list)
    domain_names: list[DomainName] = field(default_factory=list)
    security_groups: list[SecurityGroup] = field(default_factory=list)
    security_group_rules: list[SecurityGroupRule] = field(default_factory=list)
    load_balancers: list[LoadBalancer] = field(default_factory=list)
    listeners: list[Listener] = field(default_factory=list)
    vpc_links: list[VpcLink] = field(default_factory=list)
    policies: list[ResourcePolicy] = field(default_factory=list)  # standalone policy documents
    api_mappings: list[Any] = field(default_factory=list)  # ApiMapping
    usage_plans: list[Any] = field(default_factory=list)  # UsagePlan
    waf_associations: list[Any] = field(default_factory=list)  # WafAssociation
    #: The local file each referencing property names (DefinitionUri, AWS::Include, BodyS3Location).
    linked: dict[Pointer, Any] = field(default_factory=dict)

    def openapi_source(self, pointer: Pointer, value: Any) -> tuple[Any, Pointer] | None:
        """The OpenAPI document behind a Body/DefinitionBody/DefinitionUri property, wherever it lives:
        inline (the value itself) or in a linked local file. None when it is not available."""
        from gwlint.links import include_location

        document = self.linked.get(pointer)
        if document is not None:
            return document.data, document.pointer()
        if isinstance(value, dict) and include_location(value) is None:
            return value, pointer
        return None

    def note_definition(self, draft: ApiDraft, pointer: Pointer, value: Any, location: bool) -> None:
        """Record a definition property (``location``: DefinitionUri / BodyS3Location; else Body /
        DefinitionBody) on the API, and whether gwlint could not read it (S3, a missing local file)."""
        from gwlint.links import include_location

        if value is None:
            return
        if location:
            draft.definition_location = value
            draft.definition_unread = draft.definition_unread or pointer not in self.linked
        elif isinstance(value, dict) and "Fn::Transform" in value and len(value) == 1:
            # AWS::Include: readable only when the location is a local file that exists.
            draft.definition_unread = draft.definition_unread or pointer not in self.linked \
                or include_location(value) is None

    def api(self, key: str) -> ApiDraft | None:
        return self.apis.get(key)

    def add_api(self, draft: ApiDraft) -> ApiDraft:
        existing = self.apis.get(draft.key)
        if existing is not None:
            if existing.logical_id is None and draft.logical_id is not None and existing.origin is Origin.CLOUDFORMATION:
                # A placeholder that a child resource (a Method, a Stage) created before the API itself was read
                # (a SAM API is read after the plain resources): it becomes that API.
                existing.origin, existing.logical_id, existing.pointer = draft.origin, draft.logical_id, draft.pointer
                existing.kind = draft.kind
            return existing
        self.apis[draft.key] = draft
        return draft
