"""CloudFormation resources -> model elements (plain CloudFormation; SAM resources are in sam.py)."""

from __future__ import annotations

import re
from typing import Any, Iterator

from gwlint.intrinsics import Ref, render, symbolic
from gwlint.model.builder import ApiDraft, ModelBuilder
from gwlint.model.elements import (
    ApiKind, Authorization, Authorizer, Deployment, DomainName, LambdaFunction, LambdaPermission, Listener,
    LoadBalancer, Operation, Origin, SecurityGroup, SecurityGroupRule, Stage, VpcLink,
)
from gwlint.model.functions import FUNCTION_TYPES, TemplateIndex, function_from_integration_uri, function_from_value
from gwlint.model.loadbalancers import (
    LOAD_BALANCER, SECURITY_GROUP, literal_choice, parameter_default, refs_of_type, split_references, vpc_link_targets,
)
from gwlint.model.openapi import build_openapi, if_branches, integration_from
from gwlint.model.policies import resource_policy
from gwlint.model.settings import CLOUDFORMATION_HANDLERS, deployment_stage_settings, mutual_tls, stage_settings
from gwlint.model.elements import make
from gwlint.source import Document, Pointer

_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


def resources_of(data: Any) -> Iterator[tuple[str, str, dict, Pointer | None]]:
    """(logical id, type, properties, None) for every well-formed resource; the rest is skipped."""
    resources = data.get("Resources") if isinstance(data, dict) else None
    if not isinstance(resources, dict):
        return
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict) or not isinstance(resource.get("Type"), str):
            continue
        properties = resource.get("Properties")
        yield logical_id, resource["Type"], properties if isinstance(properties, dict) else {}, None


def template_index(data: Any) -> TemplateIndex:
    resources = data.get("Resources") if isinstance(data, dict) else None
    parameters = data.get("Parameters") if isinstance(data, dict) else None
    globals_ = data.get("Globals") if isinstance(data, dict) else None
    function_globals = globals_.get("Function") if isinstance(globals_, dict) else None
    return TemplateIndex(resources if isinstance(resources, dict) else {},
                         parameters if isinstance(parameters, dict) else {},
                         function_globals if isinstance(function_globals, dict) else {})


def ref_target(value: Any) -> str | None:
    """The logical id (or parameter) that a `Ref` / `GetAtt` / `Sub` of one variable names."""
    alternatives = symbolic(value)
    if alternatives and len(alternatives[0]) == 1 and isinstance(alternatives[0][0], Ref):
        return alternatives[0][0].name
    return None


def api_key_of(value: Any) -> str:
    target = ref_target(value)
    if target is not None:
        return target
    return value if isinstance(value, str) else "?"


def depends_on(resource: dict) -> tuple[str, ...]:
    value = resource.get("DependsOn")
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def references(value: Any, depth: int = 0) -> Iterator[str]:
    """Names a value refers to with `Ref`, `Fn::GetAtt` or `Fn::Sub` (resources, parameters, pseudo parameters)."""
    if depth > 40:
        return
    if isinstance(value, list):
        for item in value:
            yield from references(item, depth + 1)
        return
    if not isinstance(value, dict):
        return
    if len(value) == 1:
        (name, argument), = value.items()
        if name == "Ref" and isinstance(argument, str):
            yield argument
            return
        if name == "Fn::GetAtt":
            if isinstance(argument, list) and argument and isinstance(argument[0], str):
                yield argument[0]
            elif isinstance(argument, str):
                yield argument.partition(".")[0]
            return
        if name == "Fn::Sub":
            template, variables = (argument if isinstance(argument, list) and len(argument) == 2
                                   else (argument, {}))
            if isinstance(template, str):
                for match in _SUB_VARIABLE.finditer(template):
                    variable = match.group(1)
                    if not variable.startswith("!") and not (isinstance(variables, dict) and variable in variables):
                        yield variable.partition(".")[0].strip()
            yield from references(variables, depth + 1)
            return
    for item in value.values():
        yield from references(item, depth + 1)


def requirements(resources: dict, logical_id: str) -> tuple[str, ...]:
    """Every resource `logical_id` waits for: its DependsOn and references, then theirs, transitively."""
    seen: dict[str, None] = {}
    pending = [logical_id]
    while pending:
        current = resources.get(pending.pop())
        if not isinstance(current, dict):
            continue
        # References in Metadata count too: a WaitConditionHandle whose Metadata holds
        # `!If [Cond, !Ref Method, ""]` is the usual way to depend on a conditional resource.
        direct = (list(depends_on(current)) + list(references(current.get("Properties")))
                  + list(references(current.get("Metadata"))))
        for name in direct:
            if name not in seen and name != logical_id and name in resources:
                seen[name] = None
                pending.append(name)
    return tuple(seen)


def add_cloudformation(builder: ModelBuilder, document: Document) -> None:
    data = document.data
    index = template_index(data)
    resources = data.get("Resources") if isinstance(data, dict) else {}
    root = document.pointer("Resources")

    # APIs first, so methods and routes find them whatever the resource order.
    for logical_id, kind, properties, _ in resources_of(data):
        pointer = root / logical_id
        if kind == "AWS::ApiGateway::RestApi":
            _rest_api(builder, logical_id, properties, pointer, index)
        elif kind == "AWS::ApiGatewayV2::Api":
            _v2_api(builder, logical_id, properties, pointer, index)

    paths = _resource_paths(data)
    for logical_id, kind, properties, _ in resources_of(data):
        pointer = root / logical_id
        resource = resources[logical_id]
        handler = _HANDLERS.get(kind)
        if handler is not None:
            handler(builder, logical_id, properties, pointer, index, resource, paths)


def _api_draft(builder: ModelBuilder, key: str, kind: ApiKind, pointer: Pointer) -> ApiDraft:
    """The API a child resource names; an API outside the template gets a placeholder."""
    draft = builder.api(key)
    if draft is None:
        draft = builder.add_api(ApiDraft(key=key, kind=kind, origin=Origin.CLOUDFORMATION, pointer=pointer))
    return draft


def _rest_api(builder: ModelBuilder, logical_id: str, properties: dict, pointer: Pointer, index: TemplateIndex) -> None:
    draft = builder.add_api(ApiDraft(key=logical_id, kind=ApiKind.REST, origin=Origin.CLOUDFORMATION,
                                     pointer=pointer, logical_id=logical_id))
    draft.properties = properties
    props = pointer / "Properties"
    name = properties.get("Name")
    draft.name = name if isinstance(name, str) else None
    source = (builder.openapi_source(props / "Body", properties.get("Body"))
              or builder.openapi_source(props / "BodyS3Location", None))
    if source is not None:
        body, draft.definition = source
        for branch, where in if_branches(body, draft.definition):  # a Body under `Fn::If`: both branches
            draft.merge_openapi(build_openapi(branch, where, logical_id, ApiKind.REST, index))
    builder.note_definition(draft, props / "Body", properties.get("Body"), location=False)
    builder.note_definition(draft, props / "BodyS3Location", properties.get("BodyS3Location"), location=True)
    policy = properties.get("Policy")
    if policy is not None:
        draft.policy = resource_policy(props / "Policy", logical_id, policy, index.parameters)
    endpoint = properties.get("EndpointConfiguration")
    if isinstance(endpoint, dict):
        types = endpoint.get("Types")
        if isinstance(types, list):
            draft.endpoint_types = tuple(t.upper() for t in types if isinstance(t, str))
        if isinstance(endpoint.get("IpAddressType"), str):
            draft.ip_address_type = endpoint["IpAddressType"]
    if isinstance(properties.get("DisableExecuteApiEndpoint"), bool):
        draft.disable_execute_api_endpoint = properties["DisableExecuteApiEndpoint"]
    if isinstance(properties.get("SecurityPolicy"), str):
        draft.security_policy = properties["SecurityPolicy"]
        draft.security_policy_pointer = props / "SecurityPolicy"


def _v2_api(builder: ModelBuilder, logical_id: str, properties: dict, pointer: Pointer, index: TemplateIndex) -> None:
    protocol = properties.get("ProtocolType")
    kind = ApiKind.WEBSOCKET if isinstance(protocol, str) and protocol.upper() == "WEBSOCKET" else ApiKind.HTTP
    draft = builder.add_api(ApiDraft(key=logical_id, kind=kind, origin=Origin.CLOUDFORMATION, pointer=pointer,
                                     logical_id=logical_id))
    draft.properties = properties
    props = pointer / "Properties"
    draft.name = properties.get("Name") if isinstance(properties.get("Name"), str) else None
    source = (builder.openapi_source(props / "Body", properties.get("Body"))
              or builder.openapi_source(props / "BodyS3Location", None))
    if source is not None:
        body, draft.definition = source
        for branch, where in if_branches(body, draft.definition):  # a Body under `Fn::If`: both branches
            draft.merge_openapi(build_openapi(branch, where, logical_id, ApiKind.HTTP, index))
    builder.note_definition(draft, props / "Body", properties.get("Body"), location=False)
    builder.note_definition(draft, props / "BodyS3Location", properties.get("BodyS3Location"), location=True)
    if isinstance(properties.get("DisableExecuteApiEndpoint"), bool):
        draft.disable_execute_api_endpoint = properties["DisableExecuteApiEndpoint"]
    if properties.get("CorsConfiguration") is not None:
        draft.cors, draft.cors_pointer = properties["CorsConfiguration"], props / "CorsConfiguration"
    target = properties.get("Target")
    if target is not None and kind is ApiKind.HTTP:
        # Quick create: a $default route to the target (a Lambda function or an HTTP URL).
        integration = integration_from(props, index, type_="AWS_PROXY", http_method="POST", uri=target,
                                       http_method_key="HttpMethod", uri_key="Target",
                                       credentials=properties.get("CredentialsArn"))
        if integration.function is None:
            integration = integration_from(props, index, type_="HTTP_PROXY", http_method="ANY", uri=target,
                                           http_method_key="HttpMethod", uri_key="Target")
        route_key = properties.get("RouteKey") if isinstance(properties.get("RouteKey"), str) else "$default"
        method, _, path = route_key.partition(" ")
        draft.add_operation(make(Operation, pointer=props / "Target", api=logical_id, method=method if path else "ANY",
                                      path=path or route_key, integration=integration))


def _resource_paths(data: dict) -> dict[str, str]:
    """Full path of every AWS::ApiGateway::Resource, following ParentId up to the root."""
    parents: dict[str, tuple[str | None, str]] = {}
    for logical_id, kind, properties, _ in resources_of(data):
        if kind == "AWS::ApiGateway::Resource":
            part = properties.get("PathPart")
            parents[logical_id] = (ref_target(properties.get("ParentId")), part if isinstance(part, str) else "?")
    paths: dict[str, str] = {}
    for logical_id in parents:
        chain, current, seen = [], logical_id, set()
        while current in parents and current not in seen:
            seen.add(current)
            parent, part = parents[current]
            chain.append(part)
            current = parent
        paths[logical_id] = "/" + "/".join(reversed(chain))
    return paths


def _method(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    api = _api_draft(builder, api_key_of(properties.get("RestApiId")), ApiKind.REST, pointer)
    resource_id = ref_target(properties.get("ResourceId"))
    if resource_id in paths:
        path = paths[resource_id]
    else:
        # `!GetAtt Api.RootResourceId` (or anything unresolvable) is the root.
        path = "/"
    method = properties.get("HttpMethod")
    method = method.upper() if isinstance(method, str) else "?"
    props = pointer / "Properties"
    integration = None
    config = properties.get("Integration")
    if isinstance(config, dict):
        integration = integration_from(
            props / "Integration", index, type_=config.get("Type"), http_method=config.get("IntegrationHttpMethod"),
            uri=config.get("Uri"), connection_type=config.get("ConnectionType"),
            connection_id=config.get("ConnectionId"), http_method_key="IntegrationHttpMethod", uri_key="Uri",
            integration_target=config.get("IntegrationTarget"), credentials=config.get("Credentials"),
        )
    authorization_type = properties.get("AuthorizationType")
    api.add_operation(make(Operation, 
        pointer=pointer, api=api.key, method=method, path=path,
        authorization=make(Authorization, 
            type=authorization_type.upper() if isinstance(authorization_type, str) else "NONE",
            authorizer=ref_target(properties.get("AuthorizerId")),
            api_key_required=properties.get("ApiKeyRequired") is True,
        ),
        integration=integration, logical_id=logical_id,
    ))


def _authorizer(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    api = _api_draft(builder, api_key_of(properties.get("RestApiId")), ApiKind.REST, pointer)
    kind = properties.get("Type")
    uri = properties.get("AuthorizerUri")
    function = None
    if uri is not None:
        alternatives = symbolic(uri)
        function = function_from_integration_uri(alternatives[0], index) if alternatives else None
    expression = properties.get("IdentityValidationExpression")
    api.authorizers.append(make(Authorizer, 
        pointer=pointer / "Properties", api=api.key, name=logical_id,
        type=kind.upper() if isinstance(kind, str) else None,
        identity_source=properties.get("IdentitySource"),
        validation_expression=expression if isinstance(expression, str) else None,
        validation_key="IdentityValidationExpression",
        ttl=properties.get("AuthorizerResultTtlInSeconds"), function=function,
        gateway_name=properties.get("Name") if isinstance(properties.get("Name"), str) else None,
        credentials=properties.get("AuthorizerCredentials"), function_key="AuthorizerUri",
    ))


def _v2_authorizer(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    api = _api_draft(builder, api_key_of(properties.get("ApiId")), ApiKind.HTTP, pointer)
    kind = properties.get("AuthorizerType")
    uri = properties.get("AuthorizerUri")
    function = None
    if uri is not None:
        alternatives = symbolic(uri)
        function = function_from_integration_uri(alternatives[0], index) if alternatives else None
    expression = properties.get("IdentityValidationExpression")
    version = properties.get("AuthorizerPayloadFormatVersion")
    api.authorizers.append(make(Authorizer, 
        pointer=pointer / "Properties", api=api.key, name=logical_id,
        type=kind.upper() if isinstance(kind, str) else None,
        identity_source=properties.get("IdentitySource"),
        validation_expression=expression if isinstance(expression, str) else None,
        validation_key="IdentityValidationExpression",
        ttl=properties.get("AuthorizerResultTtlInSeconds"), function=function,
        payload_format_version=version if isinstance(version, str) else None,
        gateway_name=properties.get("Name") if isinstance(properties.get("Name"), str) else None,
        credentials=properties.get("AuthorizerCredentialsArn"), function_key="AuthorizerUri",
    ))


def _v2_route(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    api = _api_draft(builder, api_key_of(properties.get("ApiId")), ApiKind.HTTP, pointer)
    route_key = properties.get("RouteKey")
    route_key = route_key if isinstance(route_key, str) else "?"
    method, _, path = route_key.partition(" ")
    if not path:  # $default, or a WebSocket route key such as $connect
        method, path = ("ANY" if api.kind is ApiKind.HTTP else "MESSAGE"), route_key
    integration = None
    target = symbolic(properties.get("Target"))[0] if properties.get("Target") is not None else ()
    integration_id = next((p.name for p in target if isinstance(p, Ref)), None)
    resources = index.resources
    if integration_id and index.resource_type(integration_id) == "AWS::ApiGatewayV2::Integration":
        config = resources[integration_id].get("Properties")
        if isinstance(config, dict):
            integration = integration_from(
                pointer.parent / integration_id / "Properties", index, type_=config.get("IntegrationType"),
                http_method=config.get("IntegrationMethod"), uri=config.get("IntegrationUri"),
                connection_type=config.get("ConnectionType"), connection_id=config.get("ConnectionId"),
                subtype=config.get("IntegrationSubtype"), http_method_key="IntegrationMethod",
                uri_key="IntegrationUri", credentials=config.get("CredentialsArn"),
            )
    authorization_type = properties.get("AuthorizationType")
    api.add_operation(make(Operation, 
        pointer=pointer, api=api.key, method=method.upper(), path=path,
        authorization=make(Authorization, 
            type=authorization_type.upper() if isinstance(authorization_type, str) else "NONE",
            authorizer=ref_target(properties.get("AuthorizerId")),
            api_key_required=properties.get("ApiKeyRequired") is True,
        ),
        integration=integration, logical_id=logical_id,
    ))


def _stage(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    v2 = "ApiId" in properties
    api = _api_draft(builder, api_key_of(properties.get("ApiId" if v2 else "RestApiId")),
                     ApiKind.HTTP if v2 else ApiKind.REST, pointer)
    name = properties.get("StageName")
    auto_deploy = properties.get("AutoDeploy")
    api.stages.append(make(Stage, 
        pointer=pointer, api=api.key, logical_id=logical_id, name=name if isinstance(name, str) else None,
        deployment=ref_target(properties.get("DeploymentId")),
        auto_deploy=auto_deploy if isinstance(auto_deploy, bool) else None, properties=properties,
        settings=stage_settings(properties, ApiKind.HTTP if v2 else ApiKind.REST, pointer / "Properties"),
    ))


def _deployment(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    v2 = "ApiId" in properties
    api = _api_draft(builder, api_key_of(properties.get("ApiId" if v2 else "RestApiId")),
                     ApiKind.HTTP if v2 else ApiKind.REST, pointer)
    name = properties.get("StageName")
    api.deployments.append(make(Deployment, 
        pointer=pointer, api=api.key, logical_id=logical_id, stage_name=name if isinstance(name, str) else None,
        depends_on=depends_on(resource), description=properties.get("Description"),
        requires=requirements(index.resources, logical_id), stage_description=properties.get("StageDescription"),
        properties=properties, stage_settings=deployment_stage_settings(properties, pointer),
    ))


def _function(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    name = properties.get("FunctionName")
    builder.functions.append(make(LambdaFunction, 
        pointer=pointer, logical_id=logical_id, type=resource["Type"],
        function_name=name if isinstance(name, str) else None,
        function_name_text=render(symbolic(name)[0]) if name is not None and not isinstance(name, str) else None,
    ))


def _permission(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    source_arn = properties.get("SourceArn")
    builder.permissions.append(make(LambdaPermission, 
        pointer=pointer, logical_id=logical_id, action=properties.get("Action"),
        principal=properties.get("Principal"), function=function_from_value(properties.get("FunctionName"), index),
        source_arn=tuple(symbolic(source_arn)) if source_arn is not None else None,
        source_account=properties.get("SourceAccount"), principal_org_id=properties.get("PrincipalOrgID"),
        function_url_auth_type=properties.get("FunctionUrlAuthType"),
    ))


def _domain_name(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    props = pointer / "Properties"
    if resource["Type"] == "AWS::ApiGatewayV2::DomainName":
        configs = properties.get("DomainNameConfigurations")
        policy, policy_pointer = None, None
        if isinstance(configs, list):
            for position, config in enumerate(configs):
                if isinstance(config, dict) and isinstance(config.get("SecurityPolicy"), str):
                    policy = config["SecurityPolicy"]
                    policy_pointer = props / "DomainNameConfigurations" / position / "SecurityPolicy"
        builder.domain_names.append(make(DomainName, pointer=pointer, logical_id=logical_id, kind=ApiKind.HTTP,
                                               domain=properties.get("DomainName"), security_policy=policy,
                                               security_policy_pointer=policy_pointer,
                                               mutual_tls=mutual_tls(properties.get("MutualTlsAuthentication"))))
        return
    policy = properties.get("SecurityPolicy")
    builder.domain_names.append(make(DomainName, 
        pointer=pointer, logical_id=logical_id, kind=ApiKind.REST, domain=properties.get("DomainName"),
        security_policy=policy if isinstance(policy, str) else None,
        security_policy_pointer=props / "SecurityPolicy" if isinstance(policy, str) else None,
        mutual_tls=mutual_tls(properties.get("MutualTlsAuthentication")),
    ))


def _security_group(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    builder.security_groups.append(make(SecurityGroup, pointer=pointer, logical_id=logical_id))
    ingress = properties.get("SecurityGroupIngress")
    if isinstance(ingress, list):
        for position, item in enumerate(ingress):
            # A rule may sit under `Fn::If` (`!If [Public, {...}, !Ref AWS::NoValue]`): each branch is a rule.
            for rule, where in if_branches(item, pointer / "Properties" / "SecurityGroupIngress" / position):
                builder.security_group_rules.append(_ingress(rule, where, logical_id, index))


def _ingress(rule: dict, pointer: Pointer, group: str | None, index: TemplateIndex | None = None) -> SecurityGroupRule:
    index = index or TemplateIndex()
    cidr = rule.get("CidrIp") if rule.get("CidrIp") is not None else rule.get("CidrIpv6")
    parameter, default = parameter_default(index, cidr)
    sources = refs_of_type(rule.get("SourceSecurityGroupId"), index, (SECURITY_GROUP,)) \
        if rule.get("SourceSecurityGroupId") is not None else []
    return make(SecurityGroupRule, 
        pointer=pointer, group=group, protocol=rule.get("IpProtocol"), from_port=rule.get("FromPort"),
        to_port=rule.get("ToPort"), cidr_ipv4=rule.get("CidrIp"), cidr_ipv6=rule.get("CidrIpv6"),
        source_group=rule.get("SourceSecurityGroupId"),
        source_group_ref=sources[0] if sources else None, source_prefix_list=rule.get("SourcePrefixListId"),
        cidr_parameter=parameter, cidr_default=default,
    )


def _standalone_ingress(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    group = ref_target(properties.get("GroupId")) or ref_target(properties.get("GroupName"))
    builder.security_group_rules.append(_ingress(properties, pointer / "Properties", group, index))


def _load_balancer(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    groups = properties.get("SecurityGroups")
    kind = properties.get("Type")
    scheme = properties.get("Scheme")
    address_type = properties.get("IpAddressType")
    declared = groups is not None and groups != {"Ref": "AWS::NoValue"} and groups != []
    _, external = split_references(groups, index, (SECURITY_GROUP,)) if declared else ((), ())
    builder.load_balancers.append(make(LoadBalancer, 
        pointer=pointer, logical_id=logical_id,
        type=kind if isinstance(kind, str) else "application" if kind is None else literal_choice(kind) or "unknown",
        scheme=scheme if isinstance(scheme, str)
        else "internet-facing" if scheme is None else literal_choice(scheme) or "unknown",
        security_groups=tuple(g for g in (ref_target(item) for item in groups) if g)
        if isinstance(groups, list) else (),
        ip_address_type=("ipv4" if address_type is None else literal_choice(address_type) or "unknown").lower(),
        declares_security_groups=declared, external_security_groups=external,
        attributes=properties.get("LoadBalancerAttributes"),
    ))


def _listener(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    builder.listeners.append(make(Listener, 
        pointer=pointer, logical_id=logical_id, load_balancer=ref_target(properties.get("LoadBalancerArn")),
        port=properties.get("Port"), protocol=properties.get("Protocol"),
        ssl_policy=properties.get("SslPolicy"), default_actions=properties.get("DefaultActions"),
    ))


def _vpc_link(builder, logical_id, properties, pointer, index, resource, paths) -> None:
    if resource["Type"] == "AWS::ApiGateway::VpcLink":
        targets = properties.get("TargetArns")
        kind = ApiKind.REST
    else:
        targets = properties.get("SecurityGroupIds")
        kind = ApiKind.HTTP
    _, external = split_references(targets, index, (LOAD_BALANCER if kind is ApiKind.REST else SECURITY_GROUP,)) \
        if targets is not None else ((), ())
    found = tuple(t for t in (ref_target(item) for item in targets) if t) if isinstance(targets, list) else ()
    if kind is ApiKind.REST:  # an ARN built with Fn::Join / Sub from the balancer's attributes names it too
        found += tuple(t for t in vpc_link_targets(index, logical_id) if t not in found)
        external = tuple(text for text in external if not any("${" + t + "." in text for t in found))
    builder.vpc_links.append(make(VpcLink, 
        pointer=pointer, logical_id=logical_id, kind=kind, targets=found, external_targets=external,
    ))


_HANDLERS = {
    "AWS::ApiGateway::Method": _method,
    "AWS::ApiGateway::Authorizer": _authorizer,
    "AWS::ApiGatewayV2::Authorizer": _v2_authorizer,
    "AWS::ApiGatewayV2::Route": _v2_route,
    "AWS::ApiGateway::Stage": _stage,
    "AWS::ApiGatewayV2::Stage": _stage,
    "AWS::ApiGateway::Deployment": _deployment,
    "AWS::ApiGatewayV2::Deployment": _deployment,
    "AWS::Lambda::Permission": _permission,
    "AWS::ApiGateway::DomainName": _domain_name,
    "AWS::ApiGatewayV2::DomainName": _domain_name,
    "AWS::EC2::SecurityGroup": _security_group,
    "AWS::EC2::SecurityGroupIngress": _standalone_ingress,
    "AWS::ElasticLoadBalancingV2::LoadBalancer": _load_balancer,
    "AWS::ElasticLoadBalancingV2::Listener": _listener,
    "AWS::ApiGateway::VpcLink": _vpc_link,
    "AWS::ApiGatewayV2::VpcLink": _vpc_link,
}
for _type in FUNCTION_TYPES:
    _HANDLERS[_type] = _function
# Usage plans, custom-domain mappings and WAF associations (gwlint/model/settings.py).
_HANDLERS.update(CLOUDFORMATION_HANDLERS)
