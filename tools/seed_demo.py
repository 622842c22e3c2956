#!/usr/bin/env python3
"""Seeds the local demo through the admin API, idempotently, and writes .gatehouse/demo.env.

Creates (or finds) the demo API on route /demo forwarding to the demo upstream, a plan, a partner
organization with an application, an active subscription, and a key. On every run it puts the demo's
OpenAPI document (tools/demo/openapi.yaml) and its guide (tools/demo/guide.md) on the API, so the
portal shows the reference and try-it even for a demo API made before they shipped. A key from an earlier run is
reused while it is still active; otherwise a new one is issued (keys are shown only once).
Standard library only.
"""
import argparse
import json
import os
import sys
import urllib.error
import urllib.request

DEMO_SLUG = "demo"
DEMO_TAGS = ["demo", "echo", "getting-started"]
ORG_SLUG = "demo-partner"
PLAN_NAME = "Demo Starter"
APP_NAME = "Demo App"
DEMO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo")
GUIDE_SLUG = "getting-started"
GUIDE_TITLE = "Getting started"


class Admin:
    def __init__(self, base, token):
        self.base = base.rstrip("/")
        self.token = token

    def call(self, method, path, body=None, raw=None, content_type="application/json"):
        """Sends body as JSON, or raw (bytes) as content_type; answers the parsed JSON answer."""
        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        answer = self.send(method, path, data, content_type, "application/json")
        return json.loads(answer or b"null")

    def text(self, path):
        """The body of a GET as text, or None for a 404."""
        answer = self.send("GET", path, None, None, "*/*", missing_ok=True)
        return None if answer is None else answer.decode("utf-8")

    def send(self, method, path, data, content_type, accept, missing_ok=False):
        """The answer's body as bytes; a 404 is None when missing_ok, any other error ends the seed."""
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self.token)
        if content_type:
            req.add_header("Content-Type", content_type)
        req.add_header("Accept", accept)
        try:
            with urllib.request.urlopen(req, timeout=15) as r:
                return r.read()
        except urllib.error.HTTPError as e:
            if missing_ok and e.code == 404:
                return None
            sys.exit(f"{method} {path} answered {e.code}: {e.read().decode(errors='replace')}")

    def items(self, path):
        sep = "&" if "?" in path else "?"
        return self.call("GET", f"{path}{sep}limit=500")["items"]


def read_env(path):
    values = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "=" in line and not line.startswith("#"):
                    k, v = line.rstrip("\n").split("=", 1)
                    values[k] = v
    return values


def read_demo_file(name):
    with open(os.path.join(DEMO_DIR, name), "rb") as f:
        return f.read()


def put_docs(admin, api_id):
    """Puts the demo's OpenAPI document and its guide on the API when what it holds differs from the shipped files
    (both PUTs replace, and each is audited: an unchanged demo writes nothing)."""
    document = read_demo_file("openapi.yaml")
    if admin.text(f"/admin/v1/apis/{api_id}/openapi") != document.decode("utf-8"):
        admin.call("PUT", f"/admin/v1/apis/{api_id}/openapi", raw=document, content_type="application/yaml")
    guide = {"title": GUIDE_TITLE, "markdown": read_demo_file("guide.md").decode("utf-8"), "position": 0}
    stored = admin.text(f"/admin/v1/apis/{api_id}/guides/{GUIDE_SLUG}")
    stored = None if stored is None else json.loads(stored)
    if stored is None or any(stored.get(k) != v for k, v in guide.items()):
        admin.call("PUT", f"/admin/v1/apis/{api_id}/guides/{GUIDE_SLUG}", guide)


def main():
    p = argparse.ArgumentParser()
    for name in ("management", "gateway", "portal", "billing", "upstream", "out"):
        p.add_argument("--" + name, required=True)
    a = p.parse_args()
    admin = Admin(a.management, os.environ["GATEHOUSE_ADMIN_TOKEN"])

    api = next((x for x in admin.items("/admin/v1/apis") if x["slug"] == DEMO_SLUG and x["version"] == "v1"), None)
    if api is None:
        api = admin.call("POST", "/admin/v1/apis", {
            "name": "Demo API", "slug": DEMO_SLUG, "version": "v1", "lifecycle": "published",
            "description": "The demo upstream that ships with Gatehouse. GET /demo/echo answers what it received.",
            "routePath": "/demo", "upstreamUrl": a.upstream, "tags": DEMO_TAGS})
    else:
        change = {}
        if api["targets"] and api["targets"][0]["url"] != a.upstream:
            change["upstreamUrl"] = a.upstream
        if api["lifecycle"] != "published":
            change["lifecycle"] = "published"
        if not api.get("tags"):
            # Tags an admin gave the demo since are theirs to keep.
            change["tags"] = DEMO_TAGS
        if change:
            api = admin.call("PATCH", f"/admin/v1/apis/{api['id']}", change)

    put_docs(admin, api["id"])

    plan = next((x for x in admin.items(f"/admin/v1/plans?apiId={api['id']}") if x["name"] == PLAN_NAME), None)
    if plan is None:
        plan = admin.call("POST", "/admin/v1/plans", {
            "apiId": api["id"], "name": PLAN_NAME, "description": "600 requests a minute, 100,000 a month.",
            "limits": [{"kind": "rate", "maxRequests": 600, "timeUnit": "minute"},
                       {"kind": "quota", "maxRequests": 100000, "timeUnit": "month"}],
            "currency": "EUR", "flatFee": "49.00", "includedRequests": 10000,
            "priceTiers": [{"upTo": 90000, "unitPrice": "0.50", "perUnits": 1000},
                           {"unitPrice": "0.30", "perUnits": 1000}]})

    org = next((x for x in admin.items("/admin/v1/organizations") if x["slug"] == ORG_SLUG), None)
    if org is None:
        org = admin.call("POST", "/admin/v1/organizations", {"name": "Demo Partner", "slug": ORG_SLUG})
    elif org["status"] != "active":
        org = admin.call("PATCH", f"/admin/v1/organizations/{org['id']}", {"status": "active"})

    app = next((x for x in admin.items(f"/admin/v1/applications?organizationId={org['id']}") if x["name"] == APP_NAME), None)
    if app is None:
        app = admin.call("POST", "/admin/v1/applications", {"organizationId": org["id"], "name": APP_NAME})

    live = [s for s in admin.items(f"/admin/v1/subscriptions?applicationId={app['id']}")
            if s["apiId"] == api["id"] and s["status"] in ("active", "pending", "suspended")]
    if not live:
        admin.call("POST", "/admin/v1/subscriptions", {"applicationId": app["id"], "planId": plan["id"]})
    elif live[0]["status"] != "active":
        admin.call("PATCH", f"/admin/v1/subscriptions/{live[0]['id']}", {"status": "active"})

    previous = read_env(a.out)
    key, key_id = previous.get("GATEHOUSE_DEMO_KEY"), previous.get("GATEHOUSE_DEMO_KEY_ID")
    active = {k["id"] for k in admin.call("GET", f"/admin/v1/applications/{app['id']}/keys") if k["status"] == "active"}
    if not key or key_id not in active:
        issued = admin.call("POST", f"/admin/v1/applications/{app['id']}/keys", {"name": "demo"})
        key, key_id = issued["key"], issued["details"]["id"]

    values = {
        "GATEHOUSE_DEMO_KEY": key,
        "GATEHOUSE_DEMO_URL": a.gateway.rstrip("/") + "/demo/echo",
        "GATEHOUSE_ADMIN_TOKEN": os.environ["GATEHOUSE_ADMIN_TOKEN"],
        "GATEHOUSE_GATEWAY_URL": a.gateway.rstrip("/"),
        "GATEHOUSE_MANAGEMENT_URL": a.management.rstrip("/").replace("127.0.0.1", "localhost"),
        "GATEHOUSE_PORTAL_URL": a.portal.rstrip("/"),
        "GATEHOUSE_BILLING_URL": a.billing.rstrip("/"),
        "GATEHOUSE_DEMO_ORG_ID": org["id"],
        "GATEHOUSE_DEMO_APP_ID": app["id"],
        "GATEHOUSE_DEMO_API_ID": api["id"],
        "GATEHOUSE_DEMO_PLAN_ID": plan["id"],
        "GATEHOUSE_DEMO_KEY_ID": key_id,
    }
    old_umask = os.umask(0o077)
    try:
        with open(a.out, "w") as f:
            f.write("# Written by ./gatehouse up. Holds the demo key and admin token: keep it private.\n")
            for k, v in values.items():
                f.write(f"{k}={v}\n")
    finally:
        os.umask(old_umask)


if __name__ == "__main__":
    main()
