#!/usr/bin/env python3
"""Validates the emulator's answers against the OpenAPI subset in
shared/reference/graph-openapi/v1.0/cts-subset.openapi.json.

Starts `tenantform emulator` (argv[1]) on 127.0.0.1 port 0 with the test seeds, drives
the configuration sequence of graph-api.md section 1, and checks every JSON answer
against the response schema the OpenAPI file gives for that path, method and status
(OpenAPI 3.0 "nullable" is turned into JSON Schema's null type first). Exits 1 and
lists the mismatches when any answer does not conform.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
OPENAPI = os.path.join(SHARED, "reference", "graph-openapi", "v1.0", "cts-subset.openapi.json")
EXAMPLES = os.path.join(SHARED, "reference", "graph-examples")
SEED = os.path.join(ROOT, "tests", "emulator", "seed")
CONTOSO = "3d2c1b0a-1111-4222-8333-444455556666"
FABRIKAM = "9c5d131d-b1c3-4fc4-9e3f-c6557947d551"
CTS_TEMPLATE = "518e5f48-1fc8-4c48-9387-9fdf28b0dfe7"


def nullable_to_json_schema(node):
    """OpenAPI 3.0 'nullable: true' -> a JSON Schema type list including null."""
    if isinstance(node, dict):
        node = {k: nullable_to_json_schema(v) for k, v in node.items()}
        if node.pop("nullable", False):
            if "type" in node:
                types = node["type"] if isinstance(node["type"], list) else [node["type"]]
                node["type"] = types + ["null"]
            if "enum" in node and None not in node["enum"]:
                node["enum"] = node["enum"] + [None]
        return node
    if isinstance(node, list):
        return [nullable_to_json_schema(v) for v in node]
    return node


class Spec:
    def __init__(self, path):
        with open(path) as f:
            self.doc = nullable_to_json_schema(json.load(f))
        self.registry = Registry().with_resource("urn:cts", Resource(contents=self.doc, specification=DRAFT7))
        self.routes = []
        for template, operations in self.doc["paths"].items():
            pattern = re.sub(r"\{[^}]+\}", "[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}"))
            self.routes.append((re.compile("^" + pattern + "$"), template, operations))

    def schema_for(self, method, path, status):
        for pattern, template, operations in self.routes:
            if not pattern.match(path) or method.lower() not in operations:
                continue
            responses = operations[method.lower()].get("responses", {})
            response = responses.get(str(status)) or responses.get(str(status)[0] + "XX")
            if not response:
                return template, None
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            return template, schema
        return None, None

    def errors(self, schema, body):
        # An inline schema's "#/components/..." references point into the OpenAPI document.
        wrapper = {"$ref": "urn:cts" + schema["$ref"]} if "$ref" in schema else dict(schema, components=self.doc["components"])
        validator = jsonschema.Draft7Validator(wrapper, registry=self.registry)
        return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(body)]


class Emulator:
    def __init__(self, binary):
        self.dir = tempfile.TemporaryDirectory()
        self.process = subprocess.Popen([binary, "emulator", "--data", os.path.join(self.dir.name, "data"), "--seed", SEED,
                                         "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"the emulator did not print its URL: {self.url!r}")

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.dir.cleanup()

    def token(self, tenant, client, secret):
        form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": client, "client_secret": secret,
                                       "scope": "https://graph.microsoft.com/.default"}).encode()
        with urllib.request.urlopen(urllib.request.Request(f"{self.url}/{tenant}/oauth2/v2.0/token", data=form)) as r:
            return json.load(r)["access_token"]


class Checker:
    def __init__(self, emulator, spec):
        self.emulator, self.spec = emulator, spec
        self.failures, self.checked = [], 0

    def call(self, token, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        quoted = urllib.parse.quote(path, safe="/?=&$,:()'")
        request = urllib.request.Request(self.emulator.url + "/v1.0" + quoted, data=data, method=method,
                                         headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        if data is None and method in ("POST", "PUT", "PATCH"):
            request.data = b""
        try:
            with urllib.request.urlopen(request) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        reply = json.loads(text) if text else None
        self.check(method, path.split("?")[0], status, reply)
        return status, reply

    def check(self, method, path, status, reply):
        template, schema = self.spec.schema_for(method, path, status)
        if template is None:
            self.failures.append(f"{method} {path}: no operation in the OpenAPI subset")
            return
        if reply is None or schema is None:
            if (reply is None) != (schema is None) and status != 204:
                self.failures.append(f"{method} {path} {status}: body presence differs from the schema")
            return
        self.checked += 1
        for error in self.spec.errors(schema, reply):
            self.failures.append(f"{method} {template} {status}: {error}")


def example(name):
    with open(os.path.join(EXAMPLES, name)) as f:
        return json.load(f)


def drive(c, source, target):
    partners = "/policies/crossTenantAccessPolicy/partners"
    c.call(target, "POST", partners, {"tenantId": CONTOSO})
    c.call(target, "POST", partners, {"tenantId": CONTOSO})
    c.call(target, "PUT", f"{partners}/{CONTOSO}/identitySynchronization", example("ctap-identitysync-put.request.json"))
    c.call(target, "GET", f"{partners}/{CONTOSO}/identitySynchronization")
    c.call(target, "PATCH", f"{partners}/{CONTOSO}", example("ctap-partner-update-autoconsent.request.json"))
    c.call(target, "GET", f"{partners}/{CONTOSO}")
    c.call(target, "GET", partners)
    c.call(target, "GET", "/policies/crossTenantAccessPolicy")
    c.call(target, "GET", "/policies/crossTenantAccessPolicy/default")
    c.call(source, "POST", partners, {"tenantId": FABRIKAM})
    c.call(source, "PATCH", f"{partners}/{FABRIKAM}", {"automaticUserConsentSettings": {"outboundAllowed": True}})
    _, app = c.call(source, "POST", f"/applicationTemplates/{CTS_TEMPLATE}/instantiate", example("apptemplate-instantiate.request.json"))
    sp, role = app["servicePrincipal"]["id"], app["servicePrincipal"]["appRoles"][0]["id"]
    sync = f"/servicePrincipals/{sp}/synchronization"
    c.call(source, "GET", f"/servicePrincipals/{sp}")
    c.call(source, "GET", "/servicePrincipals?$filter=displayName eq 'My custom name'")
    c.call(source, "GET", f"{sync}/templates")
    c.call(source, "POST", f"{sync}/jobs/validateCredentials",
           {"credentials": [{"key": "CompanyId", "value": FABRIKAM}, {"key": "AuthenticationType", "value": "SyncPolicy"}]})
    _, job = c.call(source, "POST", f"{sync}/jobs", {"templateId": "Azure2Azure"})
    job_path = f"{sync}/jobs/{job['id']}"
    c.call(source, "PUT", f"{sync}/secrets", {"value": [{"key": "CompanyId", "value": FABRIKAM},
                                                       {"key": "AuthenticationType", "value": "SyncPolicy"},
                                                       {"key": "SyncAll", "value": "false"}]})
    c.call(source, "GET", f"{sync}/secrets")
    c.call(source, "POST", f"/servicePrincipals/{sp}/appRoleAssignedTo",
           {"principalId": "c1000000-0000-4000-8000-000000000001", "resourceId": sp, "appRoleId": role})
    c.call(source, "GET", f"/servicePrincipals/{sp}/appRoleAssignedTo")
    c.call(source, "GET", f"{job_path}/schema")
    c.call(source, "POST", f"{job_path}/schema/parseExpression", example("sync-schema-parseexpression.request.json"))
    c.call(source, "POST", f"{job_path}/start")
    urllib.request.urlopen(urllib.request.Request(c.emulator.url + "/_emulator/cycle", data=b"", method="POST")).read()
    c.call(source, "GET", job_path)
    c.call(source, "GET", f"{sync}/jobs")
    c.call(source, "GET", "/auditLogs/provisioning?$top=2")
    c.call(source, "POST", f"{job_path}/restart", example("sync-job-restart.request.json"))
    c.call(source, "POST", f"{job_path}/pause")
    c.call(source, "GET", "/servicePrincipals/00000000-0000-4000-8000-000000000000")


def main():
    spec = Spec(OPENAPI)
    emulator = Emulator(sys.argv[1])
    try:
        checker = Checker(emulator, spec)
        source = emulator.token(CONTOSO, "0f0e0d0c-0000-4000-8000-000000000001", "contoso-test-secret")
        target = emulator.token(FABRIKAM, "0f0e0d0c-0000-4000-8000-000000000002", "fabrikam-test-secret")
        drive(checker, source, target)
    finally:
        emulator.close()
    for failure in checker.failures:
        print("FAIL", failure)
    print(f"{checker.checked} JSON answers validated, {len(checker.failures)} mismatches")
    return 1 if checker.failures or checker.checked < 20 else 0


if __name__ == "__main__":
    sys.exit(main())
