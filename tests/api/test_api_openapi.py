"""The OpenAPI description matches the running app: every /api/v1 route is
described, and every described operation, called with its examples (and
with bad values), answers as described."""
from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from conftest import bearer, issue_token


@pytest.fixture
def spec(client, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def schema_validator(spec: dict, schema: dict) -> Draft202012Validator:
    root = dict(schema, components=spec["components"])
    return Draft202012Validator(root, format_checker=FormatChecker())


def check(spec: dict, operation: dict, response, label: str) -> None:
    status = str(response.status_code)
    assert status in operation["responses"], f"{label}: undocumented status {status}: {response.data[:300]!r}"
    content = operation["responses"][status].get("content", {})
    if "application/json" in content:
        assert response.mimetype == "application/json", label
        errors = list(schema_validator(spec, content["application/json"]["schema"])
                      .iter_errors(response.get_json()))
        assert not errors, f"{label}: {[e.message for e in errors][:3]}"


def rule_to_path(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_every_api_route_is_described_and_nothing_more(app, spec):
    routes = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1"):
            routes[rule_to_path(rule.rule)] = {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}
    described = {path: set(operations) for path, operations in spec["paths"].items()}
    assert described == routes


def test_schemas_are_valid_json_schema(spec):
    for name, schema in spec["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
    assert spec["openapi"].startswith("3.1")


def _fill(path: str, operation: dict, slugs: dict[str, str]) -> str:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            value = slugs.get(path.rsplit("/", 1)[0], parameter["example"])
            path = path.replace("{" + parameter["name"] + "}", value)
    return path


def _call(client, method: str, url: str, operation: dict, headers=None):
    if method == "post":
        body = operation["requestBody"]["content"]["application/json"]["example"]
        return client.post(url, json=body, headers=headers or {})
    if method == "delete":
        return client.delete(url, headers=headers or {})
    return client.get(url, headers=headers or {})


def test_every_operation_answers_as_described(app, client, spec):
    slugs: dict[str, str] = {}
    # Operations only for token holders (webhooks) are called with a token.
    token_headers = bearer(issue_token(app)[1])
    # List endpoints first, so detail paths get a slug that exists.
    # Removals last, so the paths that read what they remove find it.
    for path in sorted(spec["paths"], key=lambda p: ("{" in p, "delete" in spec["paths"][p])):
        for method, operation in spec["paths"][path].items():
            url = _fill(path, operation, slugs)
            token_only = operation.get("security") == [{"bearerAuth": []}]
            response = _call(client, method, url, operation, token_headers if token_only else None)
            check(spec, operation, response, f"{method} {url}")
            if "{" in path:
                assert 200 <= response.status_code < 300, f"{url}: {response.status_code}"
            body = response.get_json(silent=True)
            if isinstance(body, dict) and body.get("data"):
                slugs[path] = body["data"][0]["slug"]
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                if "example" in parameter:
                    good = client.get(f"{url}?{parameter['name']}={parameter['example']}")
                    check(spec, operation, good, f"{url} {parameter['name']}={parameter['example']}")
                    assert good.status_code == 200
                if parameter["schema"].get("type") == "integer":
                    bad = client.get(f"{url}?{parameter['name']}=x")
                    check(spec, operation, bad, f"{url} {parameter['name']}=x")
                    assert bad.status_code == 400
            if "401" in operation["responses"]:
                refused = _call(client, method, url, operation, bearer("jdih_salah"))
                check(spec, operation, refused, f"{method} {url} with an unknown token")
                assert refused.status_code == 401
