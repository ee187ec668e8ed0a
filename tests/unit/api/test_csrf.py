"""Which writes the CSRF guard refuses: only those that carry the UI cookie and look cross-site."""

from __future__ import annotations

import pytest

from airflow_pipeline_debugger.api.csrf import refusal

COOKIE = {"cookie": "session=1; _token=eyJ.abc"}
FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize(
    ("method", "headers", "refused"),
    [
        ("POST", {**COOKIE, **FORM}, True),  # a page elsewhere submitting a form with the cookie
        ("POST", {**COOKIE, "sec-fetch-site": "cross-site", "content-type": "application/json"}, True),
        ("POST", {**COOKIE, "origin": "https://evil.example", "host": "airflow.local"}, True),
        ("POST", {**COOKIE, "sec-fetch-site": "same-origin", "content-type": "application/json"}, False),
        ("GET", {**COOKIE, "sec-fetch-site": "cross-site"}, False),  # reads change nothing
        ("POST", {**COOKIE, **FORM, "authorization": "Bearer t"}, False),  # a script of this origin
        # Slack's signed interactivity request: urlencoded, no cookie, so nothing ambient to forge with
        ("POST", {**FORM, "x-slack-signature": "v0=abc"}, False),
        ("POST", {"cookie": "other=1", **FORM}, False),
    ],
)
def test_refusal(method: str, headers: dict[str, str], refused: bool) -> None:
    assert (refusal(method, headers) is not None) is refused
