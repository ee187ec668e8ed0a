"""Where an alert goes: channel, mentions and escalation, from the DAG's own hints and the topology.

Precedence, most specific first, so a DAG author can always override the platform defaults:

1. the DAG (or run) opted out: param ``pipeline_debugger_slack`` set to a false value, or the tag
   ``pipeline_debugger:no_slack`` → nothing is posted;
2. channel: param ``pipeline_debugger_slack_channel`` → tag ``slack:<channel>`` → the topology's
   route for the category (``[routing.<category>] channel``, e.g. data → ``#data-quality``) →
   ``[pipeline_debugger] slack_channel``;
3. mentions: the topology route's mentions, then ``team:<name>`` tags, then the param
   ``pipeline_debugger_slack_mentions`` (a list or a comma-separated string);
4. escalation: the topology route's list; the entries ``task owner`` / ``dag owner`` / ``owner``
   name the DAG's owners (code bugs go to whoever owns the code), who are then mentioned too.
   Airflow's placeholder owner ``airflow`` is nobody and is never mentioned.

Pure: the dispatcher passes the stored context and ``Topology.route_for(category)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from airflow_pipeline_debugger.domain import opted_out
from airflow_pipeline_debugger.engine.topology import Route

OPT_OUT_PARAM = "pipeline_debugger_slack"
OPT_OUT_TAG = "pipeline_debugger:no_slack"
CHANNEL_PARAM = "pipeline_debugger_slack_channel"
MENTIONS_PARAM = "pipeline_debugger_slack_mentions"
CHANNEL_TAG_PREFIX = "slack:"
TEAM_TAG_PREFIX = "team:"
OWNER_WORDS = frozenset({"task owner", "dag owner", "owner", "owners"})
#: Airflow's default ``owner`` when a DAG sets none; not a person to page.
PLACEHOLDER_OWNERS = frozenset({"", "airflow", "unknown"})


@dataclass(frozen=True)
class RouteRequest:
    """What is known about the failure when routing its alert."""

    category: str
    dag_id: str = ""
    owners: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(default_factory=dict)
    run_conf: Mapping[str, Any] = field(default_factory=dict)
    topology_route: Route = field(default_factory=Route)
    default_channel: str = ""


@dataclass(frozen=True)
class Destination:
    """The routing decision; ``reason`` says which rule chose the channel (shown in the API/UI)."""

    channel: str
    mentions: tuple[str, ...] = ()
    escalation: tuple[str, ...] = ()
    muted: bool = False
    reason: str = ""


def _param(request: RouteRequest, name: str) -> Any:
    """A param's value, the run conf overriding the DAG's params (serialized Params unwrapped)."""
    value = request.run_conf.get(name, request.params.get(name))
    if isinstance(value, Mapping) and "value" in value:
        value = value["value"]
    return value


def _names(value: Any) -> list[str]:
    """A list param or a comma/space separated string as a list of names."""
    if value is None:
        return []
    items: Iterable[Any] = value if isinstance(value, list | tuple) else str(value).replace(",", " ").split()
    return [str(item).strip() for item in items if str(item).strip()]


def _dedupe(items: Iterable[str]) -> tuple[str, ...]:
    """Keep the first spelling of each name (``@alice`` and ``alice`` are one person)."""
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        key = item.strip().lstrip("@").lower()
        if key and key not in seen:
            seen.add(key)
            out.append(item.strip())
    return tuple(out)


def _channel(request: RouteRequest) -> tuple[str, str]:
    param = _param(request, CHANNEL_PARAM)
    if isinstance(param, str) and param.strip():
        return param.strip(), f"param {CHANNEL_PARAM}"
    for tag in request.tags:
        if tag.startswith(CHANNEL_TAG_PREFIX) and tag[len(CHANNEL_TAG_PREFIX) :].strip():
            return tag[len(CHANNEL_TAG_PREFIX) :].strip(), f"tag {tag}"
    if request.topology_route.channel:
        return request.topology_route.channel, f"topology routing for {request.category}"
    return request.default_channel, "default channel"


def route(request: RouteRequest) -> Destination:
    """Decide channel, mentions and escalation for one alert (see the module docstring)."""
    if opted_out(request.tags, request.params, request.run_conf, tag=OPT_OUT_TAG, param=OPT_OUT_PARAM):
        return Destination(channel="", muted=True, reason="the DAG opted out of Slack alerts")
    channel, reason = _channel(request)
    owners = [o.strip() for o in request.owners if o.strip().lower() not in PLACEHOLDER_OWNERS]
    escalation: list[str] = []
    owner_mentions: list[str] = []
    for step in request.topology_route.escalation:
        if step.strip().lower() in OWNER_WORDS:
            escalation.extend(owners or [step])
            owner_mentions.extend(owners)
        else:
            escalation.append(step)
    teams = [
        t[len(TEAM_TAG_PREFIX) :].strip()
        for t in request.tags
        if t.startswith(TEAM_TAG_PREFIX) and t[len(TEAM_TAG_PREFIX) :].strip()
    ]
    mentions = _dedupe(
        [
            *request.topology_route.mentions,
            *(f"@{t}" for t in teams),
            *_names(_param(request, MENTIONS_PARAM)),
            *owner_mentions,
        ]
    )
    return Destination(channel=channel, mentions=mentions, escalation=_dedupe(escalation), reason=reason)
