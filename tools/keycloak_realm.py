#!/usr/bin/env python3
"""Writes the realm the local Keycloak of './gatehouse up' imports: deploy/keycloak/gatehouse-realm.json
(the file docker compose imports), with this run's secrets, the console admin user and the redirect URIs
of this run's management port. The shipped file is never edited.

The shipped demo users (password = user name) are left out: this Keycloak listens on a shared machine,
and only the user with the generated password should be able to sign in. Standard library only.
"""
import argparse
import json
import os
import sys

CONSOLE_CLIENT = "gatehouse-console"
ADMIN_CLIENT = "gatehouse-admin"
CONSOLE_ROLE = "platform-admin"


def fail(message):
    print(f"keycloak_realm: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--source", required=True, help="the shipped realm file")
    p.add_argument("--out", required=True, help="where to write the realm to import")
    p.add_argument("--management-port", required=True, type=int)
    p.add_argument("--user", required=True, help="the console admin's user name")
    # Secrets come from the environment, not the command line (which other users can read in ps).
    a = p.parse_args()
    env = {k: os.environ.get(k, "") for k in (
        "GATEHOUSE_CONSOLE_ADMIN_PASSWORD", "GATEHOUSE_KEYCLOAK_CONSOLE_SECRET", "GATEHOUSE_KEYCLOAK_ADMIN_CLIENT_SECRET")}
    for name, value in env.items():
        if not value:
            fail(f"{name} is not set")
    for name in ("GATEHOUSE_KEYCLOAK_CONSOLE_SECRET", "GATEHOUSE_KEYCLOAK_ADMIN_CLIENT_SECRET"):
        if len(env[name]) < 32:
            fail(f"{name} must be at least 32 characters (Quarkus OIDC refuses shorter client secrets)")

    with open(a.source) as f:
        realm = json.load(f)
    roles = {r["name"] for r in realm.get("roles", {}).get("realm", [])}
    if CONSOLE_ROLE not in roles:
        fail(f"{a.source} has no realm role {CONSOLE_ROLE!r}, which the console needs")
    clients = {c["clientId"]: c for c in realm.get("clients", [])}
    for name in (CONSOLE_CLIENT, ADMIN_CLIENT):
        if name not in clients:
            fail(f"{a.source} has no client {name!r}")

    # Browsers may reach management as localhost or 127.0.0.1; Quarkus builds the redirect URI from that host.
    bases = [f"http://localhost:{a.management_port}", f"http://127.0.0.1:{a.management_port}"]
    console = clients[CONSOLE_CLIENT]
    console["secret"] = env["GATEHOUSE_KEYCLOAK_CONSOLE_SECRET"]
    console["rootUrl"] = bases[0]
    console["redirectUris"] = [u for b in bases for u in (f"{b}/console", f"{b}/console/*")]
    console.setdefault("attributes", {})["post.logout.redirect.uris"] = "##".join(f"{b}/console*" for b in bases)
    admin = clients[ADMIN_CLIENT]
    admin["secret"] = env["GATEHOUSE_KEYCLOAK_ADMIN_CLIENT_SECRET"]
    admin["rootUrl"] = bases[0]
    admin["redirectUris"] = [f"{b}/*" for b in bases]
    admin.setdefault("attributes", {})["post.logout.redirect.uris"] = "##".join(f"{b}/*" for b in bases)

    # First and last name and a verified e-mail: without them Keycloak's user profile asks for them at the
    # first sign-in, before the console is reached.
    realm["users"] = [{
        "username": a.user,
        "enabled": True,
        "emailVerified": True,
        "firstName": "Console",
        "lastName": "Admin",
        "email": f"{a.user}@example.com",
        "requiredActions": [],
        "credentials": [{"type": "password", "value": env["GATEHOUSE_CONSOLE_ADMIN_PASSWORD"], "temporary": False}],
        "realmRoles": [CONSOLE_ROLE],
    }]

    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    tmp = a.out + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(realm, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
