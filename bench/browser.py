"""A small HTTP client that signs in like a browser: cookies, CSRF token, form posts.

Built on ``http.client`` so the client adds as little as possible to what is timed: on a
2-core machine every millisecond the client spends is one the server does not get.
"""

import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")

    def csrf_token(self) -> str:
        match = CSRF_INPUT.search(self.text)
        if not match:
            raise RuntimeError("The page has no CSRF token to post back.")
        return match.group(1)


class Browser:
    def __init__(self, host: str, port: int, timeout: float = 60):
        self.host, self.port = host, port
        self.connection = http.client.HTTPConnection(host, port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def close(self) -> None:
        self.connection.close()

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        all_headers = {"Host": f"{self.host}:{self.port}", "Accept": "text/html"}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=all_headers)
            raw = self.connection.getresponse()
        except (ConnectionError, http.client.HTTPException):
            # A kept-alive socket the server has since closed: try a GET once more on a
            # fresh one. Never a POST, which might then be recorded twice.
            self.connection.close()
            if method != "GET":
                raise
            started = time.perf_counter()
            self.connection.request(method, path, body=body, headers=all_headers)
            raw = self.connection.getresponse()
        payload = raw.read()
        seconds = time.perf_counter() - started
        for header in raw.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if raw.will_close:
            self.connection.close()
        headers_out = {k.lower(): v for k, v in raw.getheaders()}
        return Response(raw.status, headers_out, payload, seconds)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict | list[tuple[str, str]]) -> Response:
        body = urllib.parse.urlencode(fields).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def post_multipart(
        self, path: str, fields: list[tuple[str, str]], files: list[tuple[str, str, bytes, str]]
    ) -> Response:
        """Post a form with files: ``files`` holds (field, file name, content, media type)."""
        boundary = "----bench-boundary-7d0b1f"
        parts: list[bytes] = []
        for name, value in fields:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, filename, content, media_type in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {media_type}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            path,
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )

    def sign_in(self, username: str, password: str) -> None:
        form = self.get("/accounts/login/")
        response = self.post_form(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": form.csrf_token(),
                "username": username,
                "password": password,
            },
        )
        if response.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"Signing in as {username} failed (HTTP {response.status}).")
