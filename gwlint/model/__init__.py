"""The joined model of one file group (a template plus the files it references, or one OpenAPI
or policy file). Build it with :func:`build_model`."""

from __future__ import annotations

from typing import Any, Iterator, Optional

from gwlint.model.elements import (
    Api, ApiKind, Authorizer, DomainName, Integration, LambdaFunction, LambdaPermission, Listener, LoadBalancer,
    Operation, Origin, ResourcePolicy, SecurityGroup, SecurityGroupRule, VpcLink,
)
from gwlint.model.elements import element, make
from gwlint.source import Document


@element
class Model:
    documents: tuple[Any, ...] = ()  # Document objects (plain records, not validated)
    apis: tuple[Api, ...] = ()
    functions: tuple[LambdaFunction, ...] = ()
    permissions: tuple[LambdaPermission, ...] = ()
    domain_names: tuple[DomainName, ...] = ()
    security_groups: tuple[SecurityGroup, ...] = ()
    security_group_rules: tuple[SecurityGroupRule, ...] = ()
    load_balancers: tuple[LoadBalancer, ...] = ()
    listeners: tuple[Listener, ...] = ()
    vpc_links: tuple[VpcLink, ...] = ()
    policies: tuple[ResourcePolicy, ...] = ()  # standalone policy documents
    api_mappings: tuple[Any, ...] = ()  # ApiMapping: APIs served under a custom domain
    usage_plans: tuple[Any, ...] = ()  # UsagePlan
    waf_associations: tuple[Any, ...] = ()  # WafAssociation
    #: The model of the same files at the ``--base`` revision (set by the engine for rules with
    #: ``needs_base``); None without ``--base``, or when the file is new at that revision.
    base: Optional[Any] = None
    base_label: Optional[str] = None  # the revision, as given (`HEAD`, `origin/main`)
    #: What a stage serves, from ``--deployed EXPORT`` (a :class:`gwlint.deployed.Export`); else None.
    deployed: Optional[Any] = None

    def operations(self) -> Iterator[Operation]:
        for api in self.apis:
            yield from api.operations

    def integrations(self) -> Iterator[tuple[Operation, Integration]]:
        for operation in self.operations():
            if operation.integration is not None:
                yield operation, operation.integration

    def authorizers(self) -> Iterator[Authorizer]:
        for api in self.apis:
            yield from api.authorizers

    def resource_policies(self) -> Iterator[ResourcePolicy]:
        for api in self.apis:
            if api.policy is not None:
                yield api.policy
        yield from self.policies

    def api(self, key: str) -> Api | None:
        return next((api for api in self.apis if api.key == key), None)

    def value_at(self, pointer: Any) -> Any:
        """The plain data a pointer names in one of the model's documents (None when absent)."""
        document = next((d for d in self.documents if d.path == pointer.file), None)
        value = document.data if document is not None else None
        for part in pointer.parts:
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value):
                value = value[part]
            else:
                return None
        return value

    def document(self, file: str) -> Document | None:
        """The parsed document of a file of this group (``Pointer.file``), or None."""
        return next((document for document in self.documents if document.path == file), None)

    def data_at(self, pointer: Any, default: Any = None) -> Any:
        """The plain data a :class:`~gwlint.source.Pointer` names (for instance ``Api.definition``,
        the OpenAPI document root, possibly in a linked file), or ``default`` when the file is not
        in this group or the path does not exist."""
        document = self.document(pointer.file)
        if document is None:
            return default
        node = document.data
        for part in pointer.parts:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and not isinstance(part, bool) \
                    and 0 <= part < len(node):
                node = node[part]
            else:
                return default
        return node


def build_model(documents: list[Document], links: dict | None = None) -> Model:
    """Everything the documents describe, joined. Never raises on a well-parsed document.

    ``links`` maps a referencing property (a Pointer to `DefinitionUri`, an `AWS::Include`, a local
    `BodyS3Location`) to the document it names; those documents are read as part of the template
    that references them, not as standalone APIs.
    """
    from gwlint.classify import CLOUDFORMATION, OPENAPI, POLICY, SAM
    from gwlint.model.builder import ApiDraft, ModelBuilder
    from gwlint.model.cloudformation import add_cloudformation
    from gwlint.model.functions import TemplateIndex
    from gwlint.model.openapi import build_openapi

    builder = ModelBuilder(linked=dict(links or {}))
    linked_paths = {document.path for document in builder.linked.values()}
    for document in documents:
        if document.kind in (CLOUDFORMATION, SAM):
            add_cloudformation(builder, document)
            if document.kind == SAM:
                from gwlint.model.sam import add_sam

                add_sam(builder, document)
        elif document.kind == OPENAPI and document.path not in linked_paths:
            root = document.pointer()
            parts = build_openapi(document.data, root, document.path, None, TemplateIndex())
            draft = builder.add_api(ApiDraft(key=document.path, kind=parts.kind, origin=Origin.OPENAPI,
                                             pointer=root, definition=root))
            draft.merge_openapi(parts)
        elif document.kind == POLICY:
            from gwlint.model.policies import resource_policy

            builder.policies.append(resource_policy(document.pointer(), "", document.data))
    return make(Model,
        documents=tuple(documents),
        apis=tuple(draft.freeze() for draft in builder.apis.values()),
        functions=tuple(builder.functions),
        permissions=tuple(builder.permissions),
        domain_names=tuple(builder.domain_names),
        security_groups=tuple(builder.security_groups),
        security_group_rules=tuple(builder.security_group_rules),
        load_balancers=tuple(builder.load_balancers),
        listeners=tuple(builder.listeners),
        vpc_links=tuple(builder.vpc_links),
        policies=tuple(builder.policies),
        api_mappings=tuple(builder.api_mappings),
        usage_plans=tuple(builder.usage_plans),
        waf_associations=tuple(builder.waf_associations),
    )


__all__ = ["Model", "build_model", "Api", "ApiKind", "Operation", "Integration", "Authorizer"]
