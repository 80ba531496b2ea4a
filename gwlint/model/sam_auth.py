"""SAM ``Auth`` applied to the operations of an inline ``DefinitionBody``, as the translator does it.

SAM writes ``Auth.DefaultAuthorizer`` and ``Auth.ApiKeyRequired`` into every method of the body it edits
(``SwaggerEditor.set_path_default_authorizer`` / ``set_path_default_apikey_required``), not only into the
routes of function events, and a body's ``security`` may name an authorizer of ``Auth.Authorizers`` (or
``AWS_IAM``, ``api_key``, ``NONE``, ``api_key_false``) that the body itself does not declare:

- a ``security`` entry naming a SAM authorizer (or ``AWS_IAM``) is that authorizer;
- ``NONE`` keeps the method without the default authorizer;
- otherwise the default authorizer applies, except to ``options`` with
  ``AddDefaultAuthorizerToCorsPreflight: false``;
- ``api_key`` requires a key, ``api_key_false`` does not, otherwise ``ApiKeyRequired`` applies (REST), except
  to ``options`` with ``AddApiKeyRequiredToCorsPreflight: false``.

Function events are handled by ``sam._event_authorization``; a ``DefinitionUri`` file is never edited.
"""

from __future__ import annotations

from gwlint.record import replace
from typing import Any, Optional

from gwlint.model.elements import ApiKind, Authorization, make
from gwlint.source import Pointer


def named_authorization(name: str, draft: Any, api_key: bool) -> Authorization:
    """The authorization a SAM authorizer name stands for (``AWS_IAM`` or a key of ``Auth.Authorizers``)."""
    if name == "AWS_IAM":
        return make(Authorization, type="AWS_IAM", api_key_required=api_key)
    found = next((a for a in draft.authorizers if a.name == name), None)
    kind = {"COGNITO_USER_POOLS": "COGNITO_USER_POOLS", "JWT": "JWT"}.get(found.type if found else "", "CUSTOM")
    return make(Authorization, type=kind, authorizer=name, api_key_required=api_key)


def _under(pointer: Pointer, prefix: Pointer) -> bool:
    return pointer.file == prefix.file and tuple(pointer.parts[:len(prefix.parts)]) == tuple(prefix.parts)


def _data(documents: dict, pointer: Pointer) -> Any:
    document = documents.get(pointer.file)
    node = document.data if document is not None else None
    for part in pointer.parts:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def apply_body_auth(draft: Any, properties: dict, documents: dict) -> None:
    """Rewrite the authorization of the body's operations in ``draft`` (an ApiDraft) in place.
    ``documents`` maps file paths to loaded documents (the template and its linked files)."""
    if draft.definition is None or properties.get("DefinitionBody") is None:
        return
    auth = draft.sam_auth if isinstance(draft.sam_auth, dict) else {}
    default = auth.get("DefaultAuthorizer")
    authorizers = auth.get("Authorizers") if isinstance(auth.get("Authorizers"), dict) else {}
    names = {"AWS_IAM", *authorizers}
    rest = draft.kind is ApiKind.REST
    for position, operation in enumerate(draft.operations):
        if not _under(operation.pointer, draft.definition):
            continue
        raw = _data(documents, operation.pointer)
        security = raw.get("security") if isinstance(raw, dict) else None
        keys = [key for entry in security if isinstance(entry, dict) for key in entry] \
            if isinstance(security, list) else []
        current = operation.authorization
        api_key = current.api_key_required
        if rest:
            if "api_key" in keys:
                api_key = True
            elif "api_key_false" in keys:
                api_key = False
            elif auth.get("ApiKeyRequired") is True and not (
                    operation.method == "OPTIONS" and auth.get("AddApiKeyRequiredToCorsPreflight") is False):
                api_key = True
        named = next((key for key in keys if key in names), None)
        chosen: Optional[Authorization] = None
        if named is not None:
            chosen = named_authorization(named, draft, api_key)
        elif "NONE" not in keys and current.type == "NONE" and isinstance(default, str) and default != "NONE" \
                and not (operation.method == "OPTIONS" and auth.get("AddDefaultAuthorizerToCorsPreflight") is False):
            chosen = named_authorization(default, draft, api_key)
        elif api_key != current.api_key_required:
            chosen = replace(current, api_key_required=api_key)
        if chosen is not None:
            draft.operations[position] = replace(operation, authorization=chosen)


__all__ = ["apply_body_auth", "named_authorization"]
