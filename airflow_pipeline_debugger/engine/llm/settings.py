"""Where the model's credentials, endpoint and name come from, and which client serves them.

Order of precedence:

1. The Airflow connection named by ``[pipeline_debugger] llm_conn_id`` (inside Airflow; Airflow is
   imported lazily so the offline CLI works without it). Its ``password`` is the API key, its
   ``host`` the base URL and its ``extra`` may set ``model``, ``provider`` (``anthropic`` or
   ``openai``) and ``structured_output`` (``tool`` or ``json_schema``). Three connection types
   are understood so users can reuse what they already have:

   * ``anthropic`` (``apache-airflow-providers-anthropic``): Claude; ``extra.model`` is the model.
   * ``pydanticai`` (``apache-airflow-providers-common-ai``): ``extra.model`` is
     ``"<provider>:<model>"``; ``anthropic:`` goes to the Claude client, every other provider
     (``openai``, ``openrouter``, ``ollama``, ``vllm`` …) to the OpenAI-compatible client.
   * any other type: ``extra.provider`` decides, Claude by default.

2. ``ANTHROPIC_API_KEY`` (+ ``ANTHROPIC_BASE_URL``), then ``OPENROUTER_API_KEY`` (+
   ``OPENROUTER_BASE_URL``, default ``https://openrouter.ai/api/v1``).

The model name falls back to ``[pipeline_debugger] llm_model``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from airflow_pipeline_debugger import conf
from airflow_pipeline_debugger.engine.llm.anthropic_client import AnthropicClient
from airflow_pipeline_debugger.engine.llm.base import LLMClient
from airflow_pipeline_debugger.engine.llm.openai_compat import OpenAICompatibleClient
from airflow_pipeline_debugger.tolerant import json_object

log = logging.getLogger(__name__)

OPENROUTER_BASE_URL = "https://openrouter.ai/api/v1"
#: Base URLs of OpenAI-compatible providers a ``pydanticai`` model prefix may name without a host.
KNOWN_OPENAI_BASE_URLS = {
    "openai": "https://api.openai.com/v1",
    "openrouter": OPENROUTER_BASE_URL,
    "ollama": "http://localhost:11434/v1",
}


class LLMConfigError(ValueError):
    """The model configuration is unusable; the message names the connection or variable."""


@dataclass(frozen=True)
class ConnectionInfo:
    """The fields of an Airflow connection the model path reads (no Airflow types leak out)."""

    conn_id: str
    conn_type: str = ""
    host: str = ""
    schema: str = ""
    port: int | None = None
    password: str = ""
    extra: Mapping[str, Any] | None = None

    def base_url(self) -> str:
        """``host`` as a URL: kept when it has a scheme, else built from schema/host/port."""
        if not self.host:
            return ""
        if "://" in self.host:
            return self.host.rstrip("/")
        scheme = self.schema if self.schema in ("http", "https") else "https"
        port = f":{self.port}" if self.port else ""
        return f"{scheme}://{self.host}{port}".rstrip("/")


@dataclass(frozen=True)
class LLMConfig:
    """A resolved model endpoint; ``source`` says where it came from (for notes and the decision record)."""

    provider: str
    model: str
    api_key: str
    base_url: str
    source: str
    structured_output: str = "tool"

    def describe(self) -> str:
        """Safe one-liner (never the key)."""
        where = f" at {self.base_url}" if self.base_url else ""
        return f"{self.provider}:{self.model}{where} (from {self.source})"


ConnectionGetter = Callable[[str], ConnectionInfo | None]


def _extra(raw: Any) -> dict[str, Any]:
    if isinstance(raw, Mapping):
        return dict(raw)
    if isinstance(raw, str) and raw.strip():
        return json_object(raw) or {}
    return {}


def airflow_connection(conn_id: str) -> ConnectionInfo | None:
    """Read a connection through Airflow's secrets backends; ``None`` when Airflow or the id is absent."""
    try:
        from airflow.models.connection import Connection
    except ImportError:
        return None
    try:
        conn = Connection.get_connection_from_secrets(conn_id)
    except Exception as exc:  # noqa: BLE001 - not found, DB down, backend down: all mean "not here"
        log.info("LLM connection %s not available: %s", conn_id, exc)
        return None
    return ConnectionInfo(
        conn_id=conn_id,
        conn_type=conn.conn_type or "",
        host=conn.host or "",
        schema=conn.schema or "",
        port=conn.port,
        password=conn.password or "",
        extra=_extra(conn.extra_dejson),
    )


def env_connection(env: Mapping[str, str]) -> ConnectionGetter:
    """A getter reading only ``AIRFLOW_CONN_<ID>`` variables (JSON or URI), for the offline CLI.

    Parsed here rather than through Airflow's ``Connection`` so the CLI never imports the ORM.
    """

    def get(conn_id: str) -> ConnectionInfo | None:
        name = f"AIRFLOW_CONN_{conn_id.upper()}"
        raw = env.get(name, "").strip()
        if not raw:
            return None
        info = _json_connection(conn_id, raw) if raw.startswith("{") else _uri_connection(conn_id, raw)
        if info is None:
            raise LLMConfigError(f"{name} is neither a JSON connection nor a connection URI")
        return info

    return get


def _json_connection(conn_id: str, raw: str) -> ConnectionInfo | None:
    data = json_object(raw)
    if data is None:
        return None
    port = data.get("port")
    return ConnectionInfo(
        conn_id=conn_id,
        conn_type=str(data.get("conn_type", "")),
        host=str(data.get("host") or ""),
        schema=str(data.get("schema") or ""),
        port=port if isinstance(port, int) else None,
        password=str(data.get("password") or ""),
        extra=_extra(data.get("extra")),
    )


def _uri_connection(conn_id: str, raw: str) -> ConnectionInfo | None:
    """``type://login:password@host:port/schema?extra_key=value`` (Airflow's URI convention)."""
    parts = urlsplit(raw)
    if not parts.scheme:
        return None
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    extra = _extra(query.pop("__extra__")) if "__extra__" in query else dict(query)
    try:
        port = parts.port
    except ValueError:
        return None
    return ConnectionInfo(
        conn_id=conn_id,
        conn_type=parts.scheme.replace("-", "_"),
        host=unquote(parts.hostname or ""),
        schema=unquote(parts.path.lstrip("/")),
        port=port,
        password=unquote(parts.password or ""),
        extra=extra,
    )


def from_connection(info: ConnectionInfo, default_model: str) -> LLMConfig:
    """Turn a connection into a config, following its type's conventions (see the module doc)."""
    extra = dict(info.extra or {})
    model = str(extra.get("model") or "")
    provider = str(extra.get("provider") or "").lower()
    base_url = info.base_url()
    source = f"connection {info.conn_id!r} ({info.conn_type or 'untyped'})"
    if info.conn_type == "pydanticai" and ":" in model:
        prefix, _, name = model.partition(":")
        model = name
        provider = "anthropic" if prefix == "anthropic" else "openai"
        base_url = base_url or KNOWN_OPENAI_BASE_URLS.get(prefix, "")
    if not provider:
        provider = "anthropic"
    if provider not in ("anthropic", "openai"):
        raise LLMConfigError(f"{source}: extra.provider must be 'anthropic' or 'openai', got {provider!r}")
    if provider == "openai" and not base_url:
        raise LLMConfigError(f"{source}: an OpenAI-compatible endpoint needs the base URL in the host field")
    if provider == "anthropic" and not info.password:
        raise LLMConfigError(f"{source}: the API key (password field) is empty")
    structured = str(extra.get("structured_output") or "tool")
    if structured not in ("tool", "json_schema"):
        raise LLMConfigError(f"{source}: extra.structured_output must be 'tool' or 'json_schema'")
    return LLMConfig(
        provider=provider,
        model=model or default_model,
        api_key=info.password,
        base_url=base_url,
        source=source,
        structured_output=structured,
    )


def resolve_llm_config(
    *,
    conn_id: str,
    default_model: str,
    env: Mapping[str, str],
    get_connection: ConnectionGetter | None = None,
) -> LLMConfig | None:
    """The model endpoint to use, or ``None`` when none is configured (deterministic only)."""
    if conn_id and get_connection is not None:
        info = get_connection(conn_id)
        if info is not None:
            return from_connection(info, default_model)
    if env.get("ANTHROPIC_API_KEY"):
        return LLMConfig(
            provider="anthropic",
            model=default_model,
            api_key=env["ANTHROPIC_API_KEY"],
            base_url=env.get("ANTHROPIC_BASE_URL", ""),
            source="env ANTHROPIC_API_KEY",
        )
    if env.get("OPENROUTER_API_KEY"):
        return LLMConfig(
            provider="openai",
            model=env.get("OPENROUTER_MODEL") or default_model,
            api_key=env["OPENROUTER_API_KEY"],
            base_url=env.get("OPENROUTER_BASE_URL") or OPENROUTER_BASE_URL,
            source="env OPENROUTER_API_KEY",
        )
    return None


def build_client(config: LLMConfig) -> LLMClient:
    """The client serving a config."""
    if config.provider == "anthropic":
        return AnthropicClient(api_key=config.api_key, model=config.model, base_url=config.base_url or None)

    return OpenAICompatibleClient(
        base_url=config.base_url,
        model=config.model,
        api_key=config.api_key,
        structured_output="json_schema" if config.structured_output == "json_schema" else "tool",
    )


def configured_client(*, inside_airflow: bool, env: Mapping[str, str] | None = None) -> LLMClient | None:
    """The model client ``[pipeline_debugger]`` asks for, or ``None`` (disabled or not configured).

    ``inside_airflow`` reads ``llm_conn_id`` through Airflow's secrets backends (runner, API
    server); otherwise only ``AIRFLOW_CONN_<ID>`` variables are consulted (offline CLI).
    Raises :class:`LLMConfigError` for a connection that exists but is unusable.
    """
    if not conf.llm_enabled():
        return None
    env = os.environ if env is None else env
    config = resolve_llm_config(
        conn_id=conf.llm_conn_id(),
        default_model=conf.llm_model(),
        env=env,
        get_connection=airflow_connection if inside_airflow else env_connection(env),
    )
    return build_client(config) if config is not None else None
