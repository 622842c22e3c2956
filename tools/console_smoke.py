#!/usr/bin/env python3
"""Signs in to the admin console through its real identity provider, as a browser without JavaScript would.

GET the console -> redirected to the identity provider's login page -> POST the login form with the user
name and password (cookies kept) -> redirected back -> the console's home page answers 200 with its
content. Exits 0 on success; otherwise prints what went wrong and exits 1. Standard library only.

  tools/console_smoke.py --url http://localhost:8081/console --user console-admin   # password from
                                                                                    # GATEHOUSE_CONSOLE_PASSWORD
"""
import argparse
import http.cookiejar
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

TIMEOUT = 30


class Failure(Exception):
    pass


class LoopbackIsSecure(http.cookiejar.DefaultCookiePolicy):
    """Sends Secure cookies over plain HTTP to loopback hosts, as browsers do (they count localhost as a
    secure context). Keycloak marks its sign-in cookies Secure even on http://127.0.0.1."""

    LOOPBACK = ("localhost", "127.0.0.1", "::1")

    def return_ok_secure(self, cookie, request):
        if urllib.parse.urlsplit(request.get_full_url()).hostname in self.LOOPBACK:
            return True
        return super().return_ok_secure(cookie, request)


class LoginForm(HTMLParser):
    """Finds the first form with a password field: its action and its fields (hidden ones included)."""

    def __init__(self):
        super().__init__()
        self.forms = []  # [action, {name: value}, has_password]
        self.errors = []
        self._in_error = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append([a.get("action"), {}, False])
        elif tag == "input" and self.forms:
            if a.get("type") == "password":
                self.forms[-1][2] = True
            if a.get("name"):
                self.forms[-1][1][a["name"]] = a.get("value") or ""
        # Keycloak's error message after a refused sign-in (e.g. "Invalid username or password.").
        if a.get("id") == "input-error" or "kc-feedback-text" in (a.get("class") or "") \
                or "alert-error" in (a.get("class") or ""):
            self._in_error += 1
        elif self._in_error:
            self._in_error += 1

    def handle_endtag(self, tag):
        if self._in_error:
            self._in_error -= 1

    def handle_data(self, data):
        if self._in_error and data.strip():
            self.errors.append(data.strip())

    def login_form(self):
        for action, fields, has_password in self.forms:
            if has_password and action:
                return action, fields
        return None


def fetch(opener, url, data=None):
    """Returns (final URL, status, body) after redirects; an HTTP error status is a result, not an exception."""
    body = None if data is None else urllib.parse.urlencode(data).encode()
    req = urllib.request.Request(url, data=body)
    try:
        with opener.open(req, timeout=TIMEOUT) as r:
            return r.geturl(), r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.geturl() or url, e.code, e.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as e:
        raise Failure(f"cannot reach {url}: {getattr(e, 'reason', e)}")


def origin(url):
    u = urllib.parse.urlsplit(url)
    return f"{u.scheme}://{u.netloc}"


def snippet(body):
    text = " ".join(body.split())
    return text[:300] + ("..." if len(text) > 300 else "")


def sign_in(console_url, user, password, expect):
    jar = http.cookiejar.CookieJar(LoopbackIsSecure())
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    url, status, body = fetch(opener, console_url)
    if origin(url) == origin(console_url):
        if status == 200:
            raise Failure(f"{console_url} answered 200 without asking to sign in: the console is not protected")
        raise Failure(f"{console_url} answered {status} instead of redirecting to the identity provider "
                      f"(is OIDC configured? see management.log): {snippet(body)}")
    if status != 200:
        raise Failure(f"the identity provider's login page {url} answered {status}: {snippet(body)}")
    page = LoginForm()
    page.feed(body)
    form = page.login_form()
    if form is None:
        raise Failure(f"no login form with a password field at {url}: {snippet(body)}")
    action, fields = form
    fields.update({"username": user, "password": password})
    login_url = url

    url, status, body = fetch(opener, urllib.parse.urljoin(login_url, action), fields)
    if origin(url) != origin(console_url):
        after = LoginForm()
        after.feed(body)
        why = "; ".join(after.errors) or snippet(body)
        raise Failure(f"the identity provider did not send {user!r} back to the console "
                      f"(still at {url.split('?')[0]}, status {status}): {why}")
    if status != 200:
        raise Failure(f"after sign-in the console {url} answered {status} instead of 200: {snippet(body)}")
    if expect not in body:
        raise Failure(f"after sign-in the console {url} answered 200 but without {expect!r}: {snippet(body)}")
    return url


def main():
    p = argparse.ArgumentParser(description="Sign in to the admin console through its identity provider.")
    p.add_argument("--url", required=True, help="the console URL, e.g. http://localhost:8081/console")
    p.add_argument("--user", required=True)
    p.add_argument("--password", help="default: the environment variable GATEHOUSE_CONSOLE_PASSWORD")
    p.add_argument("--expect", default="Welcome,", help="text the console home page must contain")
    a = p.parse_args()
    password = a.password if a.password is not None else os.environ.get("GATEHOUSE_CONSOLE_PASSWORD")
    if not password:
        print("console-smoke: FAILED: no password (--password or GATEHOUSE_CONSOLE_PASSWORD)", file=sys.stderr)
        return 1
    try:
        landed = sign_in(a.url, a.user, password, a.expect)
    except Failure as e:
        print(f"console-smoke: FAILED: {e}", file=sys.stderr)
        return 1
    print(f"console-smoke: signed in as {a.user} through the identity provider; {landed} answered 200")
    return 0


if __name__ == "__main__":
    sys.exit(main())
