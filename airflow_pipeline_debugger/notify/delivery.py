"""Sending messages through Airflow's Slack provider, with retries that respect Slack.

The connection named by ``[pipeline_debugger] slack_conn_id`` decides the mode by its type:

* ``slackwebhook`` (incoming webhook, ``SlackWebhookHook``): one fixed channel, no threads, no
  edits; repeats of an incident are counted and reported in the next message instead;
* ``slack`` (bot token, ``SlackHook``; ``base_url`` in the extra for a proxy or a test server):
  any channel, threads (``thread_ts``) and in-place edits (``chat.update``).

Transient failures (HTTP 429, 5xx, ``ratelimited``/``internal_error``, connection errors) are
retried with exponential backoff; a 429 waits at least its ``Retry-After``. Permanent failures
(``invalid_auth``, ``channel_not_found``, a 4xx from a webhook …) fail at once. Either way the
caller gets a :class:`DeliveryError` with a one-line reason to store on the investigation; the
sender never raises anything else, so Slack can never affect an investigation or a task.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from airflow_pipeline_debugger.evidence.redact import redact_value
from airflow_pipeline_debugger.notify.blocks import SlackMessage

log = logging.getLogger(__name__)

WEBHOOK_CONN_TYPE = "slackwebhook"
WEB_API_CONN_TYPE = "slack"
#: Seconds the Slack client waits for one HTTP answer.
REQUEST_TIMEOUT_S = 10

#: Web API errors that a retry can fix; every other ``ok: false`` error is permanent.
_RETRYABLE_API_ERRORS = frozenset(
    {"ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


class SlackMode(StrEnum):
    """How the configured connection talks to Slack."""

    WEBHOOK = "webhook"
    WEB_API = "web_api"


class DeliveryError(Exception):
    """Slack did not accept the message; ``code`` is Slack's error (``invalid_auth``) or the HTTP status."""

    def __init__(self, message: str, *, code: str = "", permanent: bool = False, attempts: int = 1) -> None:
        super().__init__(message)
        self.code = code
        self.permanent = permanent
        self.attempts = attempts


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff for transient failures; ``max_wait_s`` bounds the total time spent waiting."""

    attempts: int = 4
    base_delay_s: float = 1.0
    max_delay_s: float = 30.0
    max_wait_s: float = 60.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based); at least ``Retry-After``."""
        backoff = min(self.max_delay_s, self.base_delay_s * 2.0 ** (attempt - 1))
        return max(backoff, retry_after or 0.0)


@dataclass(frozen=True)
class Posted:
    """Where a message landed: the channel id and ``ts`` (empty for webhooks, which return neither)."""

    channel: str = ""
    ts: str = ""


@dataclass(frozen=True)
class _Failure:
    """One failed attempt, classified."""

    reason: str
    code: str
    retryable: bool
    retry_after: float | None = None


class Transport(Protocol):
    """What the notifier needs from a Slack connection."""

    mode: SlackMode

    def post(self, message: SlackMessage, *, channel: str = "", thread_ts: str = "") -> Posted:
        """Post a message (a thread reply when ``thread_ts`` is given); raises :class:`DeliveryError`."""

    def update(self, message: SlackMessage, *, channel: str, ts: str) -> None:
        """Replace a posted message in place; raises :class:`DeliveryError`."""


def _retry_after(headers: Any) -> float | None:
    if headers is None:
        return None
    value = headers.get("Retry-After") or headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return None


def _safe_payload(message: SlackMessage, extra: dict[str, Any]) -> dict[str, Any]:
    """The final JSON body, with every string redacted once more on its way out."""
    body: dict[str, Any] = redact_value({**message.payload(), **extra})
    return body


class _Retrying:
    """The retry loop shared by both transports."""

    def __init__(self, policy: RetryPolicy, sleep: Callable[[float], None]) -> None:
        self.policy = policy
        self.sleep = sleep

    def run(self, what: str, attempt_once: Callable[[], Any | _Failure]) -> Any:
        waited = 0.0
        for attempt in range(1, self.policy.attempts + 1):
            outcome = attempt_once()
            if not isinstance(outcome, _Failure):
                return outcome
            if not outcome.retryable:
                raise DeliveryError(
                    f"{what}: {outcome.reason}", code=outcome.code, permanent=True, attempts=attempt
                )
            if attempt == self.policy.attempts:
                raise DeliveryError(
                    f"{what}: {outcome.reason} (gave up after {attempt} attempts)",
                    code=outcome.code,
                    attempts=attempt,
                )
            delay = self.policy.delay(attempt, outcome.retry_after)
            if waited + delay > self.policy.max_wait_s:
                raise DeliveryError(
                    f"{what}: {outcome.reason} (next retry in {delay:.0f}s exceeds the "
                    f"{self.policy.max_wait_s:.0f}s budget)",
                    code=outcome.code,
                    attempts=attempt,
                )
            log.info(
                "pipeline-debugger: Slack %s failed (%s); retrying in %.1fs", what, outcome.reason, delay
            )
            self.sleep(delay)
            waited += delay
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover


class WebhookTransport:
    """Incoming webhook through ``SlackWebhookHook``; no channel choice, threads or edits."""

    mode = SlackMode.WEBHOOK

    def __init__(
        self, conn_id: str, *, policy: RetryPolicy | None = None, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        from airflow.providers.slack.hooks.slack_webhook import SlackWebhookHook

        # No SDK-level retries: our loop owns retrying, so a 429 is never retried blindly.
        self.hook = SlackWebhookHook(
            slack_webhook_conn_id=conn_id, timeout=REQUEST_TIMEOUT_S, retry_handlers=[]
        )
        self.hook.get_conn()  # resolve the URL now: a bad connection is permanent, not retried
        self._retrying = _Retrying(policy or RetryPolicy(), sleep)

    def _once(self, body: dict[str, Any]) -> Posted | _Failure:
        try:
            resp = self.hook.client.send_dict(body)
        except Exception as exc:  # noqa: BLE001 - network errors of every kind are transient here
            return _Failure(f"connection failed: {type(exc).__name__}: {exc}", "connection_error", True)
        status = int(resp.status_code)
        if status == 200:
            return Posted()
        text = str(resp.body or "").strip()[:200]
        code = text if text and " " not in text and "<" not in text else str(status)
        retryable = status == 429 or status >= 500
        return _Failure(f"HTTP {status} {text}".strip(), code, retryable, _retry_after(resp.headers))

    def post(self, message: SlackMessage, *, channel: str = "", thread_ts: str = "") -> Posted:
        """Post to the webhook's own channel (``channel`` and ``thread_ts`` cannot apply)."""
        body = _safe_payload(message, {})
        result: Posted = self._retrying.run("webhook post", lambda: self._once(body))
        return result

    def update(self, message: SlackMessage, *, channel: str, ts: str) -> None:
        """Webhooks cannot edit a message."""
        raise DeliveryError("incoming webhooks cannot update messages", code="unsupported", permanent=True)


class WebApiTransport:
    """Bot token through ``SlackHook`` (``chat.postMessage``, ``chat.update``)."""

    mode = SlackMode.WEB_API

    def __init__(
        self, conn_id: str, *, policy: RetryPolicy | None = None, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        from airflow.providers.slack.hooks.slack import SlackHook

        self.hook = SlackHook(slack_conn_id=conn_id, timeout=REQUEST_TIMEOUT_S, retry_handlers=[])
        self.hook.get_conn()  # resolve the token now: a bad connection is permanent, not retried
        self._retrying = _Retrying(policy or RetryPolicy(), sleep)

    def _once(self, method: str, body: dict[str, Any]) -> dict[str, Any] | _Failure:
        from slack_sdk.errors import SlackApiError

        try:
            resp = self.hook.call(method, json=body)
        except SlackApiError as exc:
            response = exc.response
            status = int(getattr(response, "status_code", 0) or 0)
            data = getattr(response, "data", None)
            error = str(data.get("error", "")) if isinstance(data, dict) else ""
            code = error if error and " " not in error else str(status or "error")
            retryable = status == 429 or status >= 500 or error in _RETRYABLE_API_ERRORS
            reason = f"{code}" + (f" (HTTP {status})" if status and status != 200 else "")
            return _Failure(reason, code, retryable, _retry_after(getattr(response, "headers", None)))
        except Exception as exc:  # noqa: BLE001 - network errors of every kind are transient here
            return _Failure(f"connection failed: {type(exc).__name__}: {exc}", "connection_error", True)
        data = resp.data if isinstance(resp.data, dict) else {}
        return data

    def post(self, message: SlackMessage, *, channel: str = "", thread_ts: str = "") -> Posted:
        """``chat.postMessage``; returns the channel id and ``ts`` Slack assigned."""
        extra: dict[str, Any] = {"channel": channel, "unfurl_links": False, "unfurl_media": False}
        if thread_ts:
            extra["thread_ts"] = thread_ts
        body = _safe_payload(message, extra)
        data: dict[str, Any] = self._retrying.run(
            "chat.postMessage", lambda: self._once("chat.postMessage", body)
        )
        return Posted(channel=str(data.get("channel", channel)), ts=str(data.get("ts", "")))

    def update(self, message: SlackMessage, *, channel: str, ts: str) -> None:
        """``chat.update`` of a message posted earlier (``channel`` must be the id Slack returned)."""
        body = _safe_payload(message, {"channel": channel, "ts": ts})
        self._retrying.run("chat.update", lambda: self._once("chat.update", body))


def connection_type(conn_id: str) -> str:
    """The type of an Airflow connection, looked up the way the Slack hooks look it up."""
    from airflow.providers.common.compat.sdk import BaseHook

    return str(BaseHook.get_connection(conn_id).conn_type or "")


def open_transport(
    conn_id: str, *, policy: RetryPolicy | None = None, sleep: Callable[[float], None] = time.sleep
) -> Transport:
    """The transport for a connection, chosen by its type; :class:`DeliveryError` when unusable."""
    transports: dict[str, type[WebhookTransport] | type[WebApiTransport]] = {
        WEBHOOK_CONN_TYPE: WebhookTransport,
        WEB_API_CONN_TYPE: WebApiTransport,
    }
    try:
        conn_type = connection_type(conn_id)
        if conn_type in transports:
            return transports[conn_type](conn_id, policy=policy, sleep=sleep)
    except Exception as exc:
        raise DeliveryError(
            f"Slack connection {conn_id!r} is not usable: {type(exc).__name__}: {exc}",
            code="connection_error",
            permanent=True,
        ) from exc
    raise DeliveryError(
        f"Slack connection {conn_id!r} has type {conn_type!r}; use {WEBHOOK_CONN_TYPE!r} (incoming "
        f"webhook) or {WEB_API_CONN_TYPE!r} (bot token)",
        code="unsupported_connection_type",
        permanent=True,
    )
