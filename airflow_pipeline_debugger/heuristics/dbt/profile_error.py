"""dbt could not load its profile: a missing target, profile or environment variable (CONFIG)."""

from __future__ import annotations

import re

from airflow_pipeline_debugger.domain import (
    Category,
    EvidenceBundle,
    RuleFinding,
    Severity,
    Signal,
    Transience,
)
from airflow_pipeline_debugger.heuristics.dbt._common import DbtRule

_TARGET_RE = re.compile(r"does not have a target named '([^']+)'")
_VALID_RE = re.compile(r"valid target names for this profile are:\s*(.+)", re.IGNORECASE | re.DOTALL)
_ENV_RE = re.compile(r"Env var required but not provided: '([^']+)'")
_ADAPTER_RE = re.compile(r"Could not find adapter type ([\w-]{1,80})")
_PROFILE_RE = re.compile(r"Could not find profile named '([^']{1,200})'")
#: dbt-core's ``DbtProfileError`` for a target whose fields the adapter rejects, with the adapter's reason.
_CREDENTIALS_RE = re.compile(
    r'Credentials in profile "(?P<profile>[^"]{1,200})", target "(?P<target>[^"]{1,200})" invalid:'
    r"(?:\s*\|?\s*Runtime Error)?\s*\|?\s*(?P<reason>.{0,400})"
)


class ProfileError(DbtRule):
    """profiles.yml does not match what the task asked for.

    dbt stops before connecting: a ``--target`` the profile does not define, a profile name that is
    not in profiles.yml, or an ``env_var()`` without a value in the task's environment. dbt prints
    the last one under a "Compilation Error" header, which this explains away.
    """

    id = "dbt.profile_error"
    title = "dbt profile misconfigured"
    reads = ("dbt.profile_error",)
    supersedes = ("dbt.compile_error",)

    def judge(self, bundle: EvidenceBundle, hits: list[Signal]) -> RuleFinding | None:
        """Finding naming the target or variable that is missing."""
        detail = str(hits[0].attributes.get("detail") or hits[0].message)
        target = _TARGET_RE.search(detail)
        env = _ENV_RE.search(detail)
        valid = _VALID_RE.search(detail)
        key = str(hits[0].attributes.get("missing_key") or "")
        profile = _PROFILE_RE.search(detail)
        adapter = _ADAPTER_RE.search(detail)
        credentials = _CREDENTIALS_RE.search(detail)
        # dbt's detail joins the lines under its header with " | ": the adapter's reason is the next one,
        # not the lines the log goes on with.
        reason = credentials.group("reason").split(" | ", 1)[0].strip() if credentials else ""
        if target:
            what = f"the target '{target.group(1)}' is not defined in profiles.yml"
            fix = (
                f"Run with an existing target{f' ({valid.group(1).strip()})' if valid else ''} or add "
                f"'{target.group(1)}'."
            )
        elif env:
            # env_var() is read wherever Jinja renders: profiles.yml, dbt_project.yml, packages.yml.
            what = (
                f"the env var {env.group(1)} is required but not provided: env_var('{env.group(1)}') has "
                "no value and no default in the task's environment"
            )
            fix = (
                f"Set {env.group(1)} in the task's env (or the Airflow connection Cosmos maps), or give "
                f"it a default: env_var('{env.group(1)}', '<default>')."
            )
        elif key:
            what = (
                f"dbt printed only the name '{key}': the profile or target of that name, which the "
                "project or --target asks for, is missing from profiles.yml"
            )
            fix = (
                f"Add '{key}' to profiles.yml or point the project's `profile:` / `--target` at one that "
                "exists."
            )
        elif adapter:
            what = (
                f"the adapter '{adapter.group(1)}' that the target's `type:` names is not installed in the "
                "task's environment"
            )
            fix = (
                f"Check the target's `type:` ('{adapter.group(1)}') for a typo; if it is right, install that "
                "adapter's plugin where dbt runs (the official dbt-<adapter> package, pinned to dbt-core's "
                "minor version)."
            )
        elif profile:
            what = (
                f"profiles.yml has no profile named '{profile.group(1)}', the name the project's `profile:` "
                "(dbt_project.yml) or --profile asks for"
            )
            fix = (
                f"Make `profile:` in dbt_project.yml and the profile's name in profiles.yml agree (add "
                f"'{profile.group(1)}', or point `profile:` at the one profiles.yml defines)."
            )
        elif credentials and reason:
            # The reason may quote a field's value (a password the adapter rejected): it is said once,
            # in the summary, not in the title or the fix.
            target_name, profile_name = credentials.group("target"), credentials.group("profile")
            what = f"the adapter rejected target '{target_name}' of profile '{profile_name}'"
            fix = (
                f"Correct target '{target_name}' in profiles.yml as the adapter says (its "
                "reason is quoted in the summary)."
            )
        else:
            what = "dbt could not load the profile"
            fix = "Check profiles.yml and the task's --profiles-dir/--profile/--target."
        return self.finding(
            title=f"dbt {'set-up' if env else 'profile'} error: {what}"[:160],
            severity=Severity.SEVERE,
            category=Category.CONFIG,
            transience=Transience.PERMANENT,
            # A bare name says less than dbt's own profile messages: another lookup may have failed;
            # dbt's message names neither the target, the variable, the profile nor the adapter's
            # reason: a profile it could not load is likely, the part at fault is not known.
            likelihood=90 if target or env or adapter or profile or reason else 66,
            summary=(
                f"dbt stopped before connecting to the warehouse because {what}"
                + (
                    f": {reason}"
                    if credentials and reason and not (target or env or adapter or profile)
                    else ""
                )
                + ". Retrying cannot help."
            ),
            signals=hits[:2],
            details=[("dbt said", detail)],
            immediate_fix=fix + " Verify with `dbt debug --target <target>`.",
            change="Make the task's `--target`/`--profile` match profiles.yml (or the Cosmos ProfileConfig).",
            prevention=(
                "Run `dbt debug` for every target used in production in CI; keep targets in one profiles.yml."
            ),
            monitoring="Alert on dbt runs that fail before writing run_results.json.",
        )
