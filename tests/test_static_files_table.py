"""The static files table the tests keep (tests/static_files.py) is what a fresh walk of
STATIC_ROOT gives, and is walked again when WhiteNoise's settings change."""

from django.test import Client
from whitenoise.middleware import WhiteNoiseMiddleware

from tests import static_files


def _headers(file, accept: str = "") -> list:
    return file.get_response("HEAD", {"HTTP_ACCEPT_ENCODING": accept}).headers


def _table(middleware) -> dict:
    """Each URL's headers, plain and for a browser taking compressed files."""
    return {
        url: (_headers(file), _headers(file, "gzip, br")) for url, file in middleware.files.items()
    }


def test_the_kept_table_is_a_fresh_walk():
    kept = WhiteNoiseMiddleware(lambda request: None)
    static_files.forget_static_files_table()
    try:
        fresh = WhiteNoiseMiddleware(lambda request: None)
    finally:
        static_files.keep_static_files_table()
    assert len(fresh.files) > 300
    assert _table(kept) == _table(fresh)


def test_a_setting_of_whitenoise_gives_a_table_of_its_own(settings):
    forever = WhiteNoiseMiddleware(lambda request: None)
    settings.WHITENOISE_MAX_AGE = 7
    short = WhiteNoiseMiddleware(lambda request: None)
    css = next(url for url in short.files if url.endswith("/admin/css/base.css"))
    assert ("Cache-Control", "max-age=7, public") in _headers(short.files[css])
    assert ("Cache-Control", "max-age=7, public") not in _headers(forever.files[css])


def test_a_static_file_is_served_with_the_kept_table(client: Client):
    response = client.get("/static/admin/css/base.css")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
