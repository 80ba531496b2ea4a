"""The common model: what API Gateway will run, whichever input described it.

Every element carries a :class:`~gwlint.source.Pointer` (file and path) to the place a user wrote
it; for what SAM generates (an implicit API, an event's permission) that is the SAM property that
caused it. Elements are frozen records with slots (:mod:`gwlint.record`); collections are tuples.

Why not pydantic models: importing pydantic and building its model classes cost 0.06 s of every
run's start-up, a third of a whole check of a small template. The annotations here are still what
pydantic validates: under test (``GWLINT_VALIDATE_MODEL=1``) :func:`make` checks every element
against them with a pydantic model made from the class, so builders are held to the declared types.
"""

from __future__ import annotations

import os
from enum import Enum
from typing import Any, Optional, TypeVar

from gwlint.intrinsics import SymStr, render
from gwlint.record import dataclass, field
from gwlint.source import Pointer


#: Validate every element as it is built. The test suite turns this on (tests/conftest.py); a normal
#: run skips it: importing pydantic alone costs more than a whole check of a small template. The
#: builders are what is validated, and they are the same code either way.
VALIDATE = os.environ.get("GWLINT_VALIDATE_MODEL") == "1"

_M = TypeVar("_M")


#: Every element class: immutable, keyword-only (fields with defaults may precede required ones),
#: and with slots (a 10,000-resource template builds tens of thousands of elements).
element = dataclass(frozen=True, kw_only=True, slots=True)

_validators: dict[type, Any] = {}


def make(cls: type[_M], **fields: Any) -> _M:
    """Build a model element: validated by pydantic under test, trusted otherwise."""
    if VALIDATE:
        validator = _validators.get(cls)
        if validator is None:
            validator = _validators[cls] = _pydantic_validator(cls)
        validated = validator(**fields)
        return cls(**{name: getattr(validated, name) for name in fields})
    return cls(**fields)


def _pydantic_validator(cls: type) -> Any:
    """A pydantic model with the fields of element class ``cls`` (element types nested in it are
    checked with isinstance: each was validated when it was made)."""
    import typing

    from pydantic import ConfigDict, create_model

    from gwlint.record import MISSING, fields as record_fields

    hints = typing.get_type_hints(cls)
    definitions: dict[str, Any] = {}
    for spec in record_fields(cls):
        default = ... if spec.required else (spec.default if spec.default is not MISSING else None)
        definitions[spec.name] = (hints[spec.name], default)
    return create_model(f"{cls.__name__}Fields", __config__=ConfigDict(arbitrary_types_allowed=True),
                        **definitions)


@element
class Element:
    pointer: Pointer


class ApiKind(str, Enum):
    REST = "REST"
    HTTP = "HTTP"
    WEBSOCKET = "WEBSOCKET"


class Origin(str, Enum):
    CLOUDFORMATION = "cloudformation"  # AWS::ApiGateway* / AWS::ApiGatewayV2* resources
    OPENAPI = "openapi"  # a standalone OpenAPI file, a Body or a DefinitionBody
    SAM = "sam"  # AWS::Serverless::Api / HttpApi, or SAM-implicit


@element
class FunctionRef:
    """Which Lambda function a value names, however it was written.

    ``logical_id`` is set when the value refers to a function (or its alias or version) in the
    analysed template; ``name`` / ``arn`` for literal names and ARNs; ``parameter`` when the name
    comes from a template parameter (outside what the input can know).
    """

    logical_id: Optional[str] = None
    name: Optional[str] = None
    arn: Optional[str] = None
    qualifier: Optional[str] = None
    parameter: Optional[str] = None
    text: str = ""

    @property
    def is_local(self) -> bool:
        return self.logical_id is not None


@element
class Integration(Element):
    type: Optional[str] = None  # upper-cased: AWS, AWS_PROXY, HTTP, HTTP_PROXY, MOCK
    http_method: Optional[str] = None  # as written (the integration's method toward the backend)
    uri: Optional[tuple[SymStr, ...]] = None  # alternatives, symbolic
    connection_type: Optional[str] = None
    connection_id: Any = None
    subtype: Optional[str] = None
    function: Optional[FunctionRef] = None  # the Lambda function invoked, when the target is Lambda
    target_kind: str = "unknown"  # lambda, http, aws-service, mock, vpc-link, unknown
    # Pointers to the pieces, under this element's pointer, named as in the source format.
    http_method_key: str = "httpMethod"
    uri_key: str = "uri"
    # The load balancers (ELBv2 logical ids in the template) the integration reaches, and how: "listener"
    # (the URI is a listener ARN), "integration-target" (REST `integrationTarget`), "vpc-link" (a REST VPC
    # link's TargetArns) or "dns-name" (the URI host is the balancer's DNSName). See model/loadbalancers.py.
    load_balancers: tuple[str, ...] = ()
    load_balancer_via: Optional[str] = None
    listener: Optional[str] = None  # logical id, when the URI is a listener ARN
    vpc_link: Optional[str] = None  # logical id of the VPC link that connectionId names
    integration_target: Any = None  # REST with VPC link V2: `integrationTarget` / `IntegrationTarget`
    #: The role API Gateway assumes to call the backend (`credentials` / `Credentials` / `CredentialsArn`);
    #: with one, Lambda is invoked with the role's permissions and needs no resource-based permission.
    credentials: Any = None

    @property
    def targets_lambda(self) -> bool:
        return self.target_kind == "lambda"

    @property
    def uri_text(self) -> str:
        return render(self.uri[0]) if self.uri else ""


@element
class Authorization:
    type: str = "NONE"  # NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS, JWT
    authorizer: Optional[str] = None  # name (OpenAPI) or logical id (CloudFormation)
    api_key_required: bool = False


@element
class Operation(Element):
    """A REST method, or an HTTP/WebSocket route."""

    api: str  # Api.key
    method: str  # upper-case; ANY for x-amazon-apigateway-any-method
    path: str  # /items/{id}; for WebSocket the route key
    authorization: Authorization = Authorization()
    integration: Optional[Integration] = None
    #: The AWS::ApiGateway::Method / AWS::ApiGatewayV2::Route resource that defines it (None: a body or SAM).
    logical_id: Optional[str] = None

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"


@element
class Authorizer(Element):
    api: str
    name: str
    type: Optional[str] = None  # TOKEN, REQUEST, COGNITO_USER_POOLS, JWT (upper-case)
    identity_source: Any = None
    validation_expression: Optional[str] = None
    validation_key: str = "identityValidationExpression"
    ttl: Any = None
    function: Optional[FunctionRef] = None
    payload_format_version: Optional[str] = None
    #: The name API Gateway knows it by when ``name`` is a logical id (CloudFormation ``Name``).
    gateway_name: Optional[str] = None
    #: The role API Gateway assumes to invoke the authorizer function (`authorizerCredentials`,
    #: `AuthorizerCredentials(Arn)`, SAM `FunctionInvokeRole`): no Lambda permission needed then.
    credentials: Any = None
    function_key: str = ""  # the key naming the function under ``pointer`` (authorizerUri, FunctionArn...)
    #: Tokens the validation expression must accept: an ``x-gwlint-examples`` list of strings in the OpenAPI
    #: security scheme, beside ``x-amazon-apigateway-authorizer`` (GW209), and where that list is.
    examples: tuple[str, ...] = ()
    examples_pointer: Optional[Pointer] = None

    @property
    def validation_pointer(self) -> Pointer:
        """Where the validation expression is written (``validation_key`` may hold a ``/``: SAM's
        ``Identity/ValidationExpression``)."""
        return self.pointer / tuple(self.validation_key.split("/"))


@element
class ResourcePolicy(Element):
    """A resource policy document attached to an API (plain data, the evaluator reads it)."""

    api: str
    document: Any
    #: The document the evaluator reads (gwlint/model/policies.py): CloudFormation intrinsics resolved
    #: (`Fn::If` keeps both branches, a `Ref` to a parameter becomes its Default, `Fn::Sub`/`Fn::Join` text
    #: keeps `${...}` for unknown parts), JSON text parsed; for SAM, the statements SAM generates. None when
    #: ``document`` is already plain.
    plain: Any = None
    #: Where parts of ``plain`` were written: ``(path in plain, Pointer)`` pairs, for ``pointer_at``.
    sources: tuple[tuple[tuple[Any, ...], Pointer], ...] = ()

    @property
    def evaluable(self) -> Any:
        """What to give ``gwlint.analysis.iam_policy.parse_policy``."""
        return self.document if self.plain is None else self.plain

    def pointer_at(self, path: tuple[Any, ...]) -> Pointer:
        """The place a user wrote the part of ``evaluable`` at ``path`` (a path from the evaluator): the
        longest recorded prefix of ``path``, with the rest of the path appended (the engine reports a
        missing key at its nearest existing ancestor)."""
        best, length = self.pointer, 0
        for prefix, pointer in self.sources:
            if len(prefix) >= length and tuple(path[:len(prefix)]) == prefix:
                best, length = pointer, len(prefix)
        return best / tuple(path[length:])


@element
class Setting:
    """One stage setting as written (``value`` may be an intrinsic) and where (for SAM, possibly in Globals)."""

    value: Any = None
    pointer: Pointer


@element
class MethodSetting(Element):
    """Per-method settings of a stage: a REST ``MethodSettings`` entry (``scope="method"``), the stage-wide
    settings of a deployment's ``StageDescription`` (``scope="stage"``, path ``/*``, method ``*``), a V2
    ``DefaultRouteSettings`` (``scope="stage"``) or one ``RouteSettings`` entry (``scope="route"``).
    ``values`` holds the setting keys as written (``LoggingLevel``, ``CachingEnabled``...), without
    ``ResourcePath`` / ``HttpMethod``."""

    scope: str = "method"
    resource_path: Any = None  # as written (`/*`, `/~1items`); None when absent
    http_method: Any = None  # as written (`*`, `GET`); None when absent
    route_key: Optional[str] = None  # RouteSettings key
    values: dict[str, Any] = field(default_factory=dict)

    def flag(self, *keys: str) -> Optional[bool]:
        """The first of ``keys`` that is written, as a boolean (`true`/`"true"`); None when absent or not
        a literal (an intrinsic, a parameter)."""
        for key in keys:
            if key in self.values:
                return literal_bool(self.values[key])
        return None

    @property
    def logging_level(self) -> Optional[str]:
        value = self.values.get("LoggingLevel")
        return value.upper() if isinstance(value, str) else None


def literal_bool(value: Any) -> Optional[bool]:
    """A CloudFormation boolean as written (`true`, `"True"`); None for anything else (intrinsics)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


@element
class StageSettings:
    """What a stage is configured with, wherever it is written: an ``AWS::ApiGateway::Stage`` /
    ``AWS::ApiGatewayV2::Stage``, the ``StageDescription`` of a deployment that creates its stage, or a SAM
    ``Api`` / ``HttpApi`` (``Globals`` merged; each :class:`Setting` points where its value was written).
    ``pointer`` is where a missing setting would go (the properties mapping)."""

    pointer: Pointer
    kind: ApiKind = ApiKind.REST
    access_log: Optional[Setting] = None  # AccessLogSetting (REST, SAM Api) / AccessLogSettings (V2, SAM HttpApi)
    tracing: Optional[Setting] = None  # TracingEnabled (REST only)
    cache_cluster: Optional[Setting] = None  # CacheClusterEnabled (REST only)
    client_certificate: Optional[Setting] = None  # ClientCertificateId
    method_settings: Optional[Setting] = None  # MethodSettings as written (a list; a map is rejected)
    #: MethodSettings entries, the deployment's stage-wide settings, DefaultRouteSettings, RouteSettings.
    entries: tuple[MethodSetting, ...] = ()

    @property
    def access_log_destination(self) -> Any:
        value = self.access_log.value if self.access_log is not None else None
        return value.get("DestinationArn") if isinstance(value, dict) else None


@element
class Stage(Element):
    api: str
    name: Optional[str] = None
    logical_id: Optional[str] = None
    deployment: Optional[str] = None  # logical id of the deployment
    auto_deploy: Optional[bool] = None
    properties: Any = None
    settings: Optional[StageSettings] = None


@element
class Deployment(Element):
    api: str
    logical_id: Optional[str] = None
    stage_name: Optional[str] = None
    depends_on: tuple[str, ...] = ()
    description: Any = None
    #: Every resource it waits for, directly or through others (DependsOn, Ref, Fn::GetAtt, Fn::Sub).
    requires: tuple[str, ...] = ()
    stage_description: Any = None
    properties: Any = None
    #: "sam": the deployment SAM generates, whose logical id SAM derives from a hash of the API.
    generated_by: Optional[str] = None
    #: The settings of the stage it creates (REST `StageName` with `StageDescription`); None when it creates none.
    stage_settings: Optional[StageSettings] = None


@element
class Api(Element):
    key: str  # unique in the model: the logical id, or the file for a standalone OpenAPI file
    kind: ApiKind
    origin: Origin
    logical_id: Optional[str] = None
    name: Optional[str] = None
    definition: Optional[Pointer] = None  # the OpenAPI document, when there is one
    openapi_version: Optional[str] = None
    endpoint_types: tuple[str, ...] = ()
    ip_address_type: Optional[str] = None
    security_policy: Optional[str] = None
    security_policy_pointer: Optional[Pointer] = None
    disable_execute_api_endpoint: Optional[bool] = None
    implicit: bool = False  # ServerlessRestApi / ServerlessHttpApi
    operations: tuple[Operation, ...] = ()
    authorizers: tuple[Authorizer, ...] = ()
    policy: Optional[ResourcePolicy] = None
    stages: tuple[Stage, ...] = ()
    deployments: tuple[Deployment, ...] = ()
    #: DefinitionUri / BodyS3Location as written (a path, an s3:// URI or a Bucket/Key/Version map).
    definition_location: Any = None
    #: A definition exists but could not be read (S3, a missing file): ``operations`` is incomplete.
    definition_unread: bool = False
    #: The CORS configuration as written, and where: ``AWS::ApiGatewayV2::Api.CorsConfiguration``, SAM
    #: ``HttpApi.CorsConfiguration`` (a map, or ``true``) or ``Api.Cors`` (a quoted origin string or a
    #: map); the last part of ``cors_pointer`` names the form. ``x-amazon-apigateway-cors`` stays in the
    #: definition (rules read it there).
    cors: Any = None
    cors_pointer: Optional[Pointer] = None
    #: The API resource's properties as written (SAM: with ``Globals`` merged); None for an OpenAPI file.
    properties: Any = None

    @property
    def display(self) -> str:
        return self.logical_id or self.name or self.key


@element
class LambdaFunction(Element):
    logical_id: str
    type: str
    function_name: Optional[str] = None  # a literal FunctionName, when given
    function_name_text: Optional[str] = None  # FunctionName as rendered text, when it uses intrinsics


@element
class LambdaPermission(Element):
    logical_id: Optional[str] = None  # None for a permission SAM generates
    generated_by: Optional[str] = None  # "event", "authorizer": SAM-implicit
    action: Any = None
    principal: Any = None
    function: Optional[FunctionRef] = None
    source_arn: Optional[tuple[SymStr, ...]] = None
    source_account: Any = None
    principal_org_id: Any = None
    function_url_auth_type: Any = None  # set on a permission for a function URL


@element
class DomainName(Element):
    logical_id: Optional[str] = None
    kind: ApiKind = ApiKind.REST
    domain: Any = None
    security_policy: Optional[str] = None
    security_policy_pointer: Optional[Pointer] = None
    mutual_tls: bool = False  # MutualTlsAuthentication is configured


@element
class ApiMapping(Element):
    """An API served under a custom domain: ``AWS::ApiGateway::BasePathMapping(V2)``,
    ``AWS::ApiGatewayV2::ApiMapping`` or a SAM ``Domain``."""

    logical_id: Optional[str] = None
    api: Optional[str] = None  # Api.key, when the mapping names an API of the template
    domain: Optional[str] = None  # logical id of the DomainName resource, when in the template
    stage: Any = None
    mutual_tls: bool = False  # SAM Domain.MutualTlsAuthentication (CloudFormation: on the DomainName)


@element
class UsagePlan(Element):
    """``AWS::ApiGateway::UsagePlan`` or the plan SAM creates for ``Auth.UsagePlan``."""

    logical_id: Optional[str] = None
    generated_by: Optional[str] = None  # "sam"
    #: (Api.key or None when not resolvable, stage name / Stage logical id / None when not resolvable)
    api_stages: tuple[tuple[Optional[str], Optional[str]], ...] = ()
    unresolved: bool = False  # some ApiStages entry names an API gwlint cannot resolve (a parameter...)
    throttle: Any = None
    quota: Any = None


@element
class WafAssociation(Element):
    """``AWS::WAFv2::WebACLAssociation`` or ``AWS::WAFRegional::WebACLAssociation`` on an API Gateway stage."""

    logical_id: str
    service: str = "wafv2"  # wafv2, waf-regional
    resource_arn: Any = None
    api: Optional[str] = None  # the API the ARN names (a logical id), when it can be read
    api_kind: Optional[ApiKind] = None  # REST for `/restapis/`, HTTP for `/apis/`
    stage: Optional[str] = None  # stage name, or the logical id a `${...}` names; None: unknown
    readable: bool = False  # the ARN names an API Gateway stage gwlint could read


@element
class SecurityGroupRule(Element):
    group: Optional[str] = None  # logical id of the security group
    protocol: Any = None
    from_port: Any = None
    to_port: Any = None
    cidr_ipv4: Any = None
    cidr_ipv6: Any = None
    source_group: Any = None
    source_group_ref: Optional[str] = None  # logical id of a source security group in the template
    source_prefix_list: Any = None
    # When CidrIp / CidrIpv6 is `Ref Parameter`: the parameter and its string Default (what deploys unless
    # the caller overrides it).
    cidr_parameter: Optional[str] = None
    cidr_default: Optional[str] = None


@element
class SecurityGroup(Element):
    logical_id: str


@element
class LoadBalancer(Element):
    logical_id: str
    type: str = "application"
    scheme: str = "internet-facing"
    security_groups: tuple[str, ...] = ()
    ip_address_type: str = "ipv4"  # ipv4, dualstack, dualstack-without-public-ipv4, or "unknown"
    declares_security_groups: bool = False  # `SecurityGroups` is given (an ALB without one gets the VPC default)
    external_security_groups: tuple[str, ...] = ()  # entries that are not groups of the template (parameters...)
    attributes: Any = None  # `LoadBalancerAttributes` as written (a list of {Key, Value}), None when absent


@element
class Listener(Element):
    logical_id: str
    load_balancer: Optional[str] = None
    port: Any = None
    protocol: Any = None
    ssl_policy: Any = None  # `SslPolicy` as written, None when absent
    default_actions: Any = None  # `DefaultActions` as written


@element
class VpcLink(Element):
    logical_id: str
    kind: ApiKind = ApiKind.REST
    targets: tuple[str, ...] = ()  # logical ids of NLBs (REST) or security groups/subnets (HTTP)
    external_targets: tuple[str, ...] = ()  # entries that name nothing in the template (text, for messages)
