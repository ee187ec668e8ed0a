"""What changed in the dbt project since the previous state, over the failing node's ancestors only.

**Where the previous manifest comes from.** dbt's own ``--state`` (or ``--defer-state``) folder named
on the failing command: the ``manifest.json`` there is, by dbt's convention, the last good state of
the project (slim CI and ``--defer`` rely on it, and the usual job copies ``target/manifest.json``
there after a successful build). The provider does not keep manifests itself: the only code that
runs when a dbt task succeeds is the worker's capture, which must stay within ~2 ms and do no DB or
network I/O, and copying a 60 MB manifest there would break that; the server side never sees a
successful try's ``target/``. A state manifest is only compared when dbt wrote it *before* the failing
one (``generated_at``), and its time bounds the commit window of :mod:`.git_log`.

The comparison walks the failing nodes' ancestry (models, seeds, snapshots, sources and the macros
they call) in both manifests, breadth first and capped, so a 60 MB project costs as many decoded
entries as the failing node has ancestors. Per ancestor it reports: added or removed, a new file
checksum (code changed), columns dropped and added (the YAML's column list), and parents gained or
lost (``depends_on``). The columns the error names are also checked in the SQL itself: a column that
the old code mentioned and the new code no longer does was dropped by the change even when the YAML
was not updated. Changes in other packages are summed up per package (a ``dbt deps`` upgrade).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from airflow_pipeline_debugger.adapters.dbt.artifacts import ArtifactMeta, ManifestEntries, ManifestNode
from airflow_pipeline_debugger.adapters.dbt.git_log import Commit
from airflow_pipeline_debugger.domain import JSONDict

#: Ancestors compared per manifest (nodes and macros); past this the diff says it was cut.
MAX_ANCESTORS = 2_000
#: Changed project nodes reported, nearest to the failing node first.
MAX_CHANGES = 50
#: Names listed per column or parent list of one change.
MAX_NAMES = 50
#: Changed entries named per package.
MAX_PACKAGE_EXAMPLES = 5


@dataclass(frozen=True)
class NodeChange:
    """How one ancestor (or the failing node itself) differs between the two manifests."""

    unique_id: str
    resource_type: str
    name: str
    path: str
    status: str  # added | removed | modified
    distance: int  # 0 for a failing node, 1 for its parents, …
    code_changed: bool = False
    columns_removed: tuple[str, ...] = ()
    columns_added: tuple[str, ...] = ()
    parents_added: tuple[str, ...] = ()
    parents_removed: tuple[str, ...] = ()
    #: Columns the error names that the old SQL mentioned and the new SQL does not.
    dropped_from_code: tuple[str, ...] = ()
    commits: tuple[Commit, ...] = ()

    def drops(self, column: str) -> bool:
        """Whether this change removed ``column`` (from the YAML column list or from the SQL)."""
        wanted = column.lower()
        return any(c.lower() == wanted for c in (*self.columns_removed, *self.dropped_from_code))

    def to_json(self) -> JSONDict:
        """JSON-able form for ``bundle.facts``."""
        return {
            "unique_id": self.unique_id,
            "resource_type": self.resource_type,
            "name": self.name,
            "path": self.path,
            "status": self.status,
            "distance": self.distance,
            "code_changed": self.code_changed,
            "columns_removed": list(self.columns_removed),
            "columns_added": list(self.columns_added),
            "parents_added": list(self.parents_added),
            "parents_removed": list(self.parents_removed),
            "dropped_from_code": list(self.dropped_from_code),
            "commits": [c.to_json() for c in self.commits],
        }


@dataclass(frozen=True)
class PackageChange:
    """A package whose entries in the ancestry changed (an upgraded or edited package)."""

    package: str
    changed: int
    examples: tuple[str, ...]

    def to_json(self) -> JSONDict:
        """JSON-able form for ``bundle.facts``."""
        return {"package": self.package, "changed": self.changed, "examples": list(self.examples)}


@dataclass(frozen=True)
class StateDiff:
    """The comparison of the failing manifest with the previous state's, over the failing ancestry."""

    previous: ArtifactMeta
    current: ArtifactMeta
    roots: tuple[str, ...]
    compared: int
    truncated: bool
    changes: tuple[NodeChange, ...] = ()
    packages: tuple[PackageChange, ...] = ()
    commit_lookup: str = ""

    @property
    def dbt_version_changed(self) -> bool:
        """Whether the two manifests were written by different dbt versions."""
        return bool(self.previous.dbt_version and self.previous.dbt_version != self.current.dbt_version)

    def to_json(self) -> JSONDict:
        """JSON-able form for ``bundle.facts["dbt"]["state_diff"]``.

        Each change carries ``lines``: ``[line number, what it says]`` of its lines in :meth:`text`,
        so a rule can cite the diff evidence line by line.
        """
        numbers = self.line_numbers()
        return {
            "previous_generated_at": _iso(self.previous),
            "current_generated_at": _iso(self.current),
            "previous_dbt_version": self.previous.dbt_version,
            "current_dbt_version": self.current.dbt_version,
            "roots": list(self.roots),
            "ancestors_compared": self.compared,
            "truncated": self.truncated,
            "changes": [
                {**c.to_json(), "lines": [list(n) for n in numbers.get(c.unique_id, [])]}
                for c in self.changes
            ],
            "packages": [p.to_json() for p in self.packages],
            "commit_lookup": self.commit_lookup,
        }

    def text(self) -> str:
        """Readable lines for the evidence panel and the prompt."""
        return "\n".join(text for text, _, _ in self.lines())

    def line_numbers(self) -> dict[str, list[tuple[int, str]]]:
        """Per changed node, ``(line number in text(), what the line says)``, for citing its lines.

        What a line says is ``node`` (the change's own line), one of the labels of its detail lines
        (``columns dropped``, ``no longer in its SQL`` …) or ``commit``.
        """
        out: dict[str, list[tuple[int, str]]] = {}
        for number, (_, uid, what) in enumerate(self.lines(), 1):
            if uid:
                out.setdefault(uid, []).append((number, what))
        return out

    def lines(self) -> list[tuple[str, str, str]]:
        """``(text, unique id of the change it is about or "", what it says)`` per line of :meth:`text`."""
        before, now = self.previous, self.current
        lines = [
            (f"previous state: manifest generated {_iso(before) or '?'} (dbt {before.dbt_version})", "", ""),
            (f"failing run:    manifest generated {_iso(now) or '?'} (dbt {now.dbt_version})", "", ""),
            (
                f"ancestors of {', '.join(self.roots[:5])} compared: {self.compared}"
                + (" (cut at the limit)" if self.truncated else ""),
                "",
                "",
            ),
        ]
        if not self.changes and not self.packages:
            lines.append(("no ancestor changed", "", ""))
        for change in self.changes:
            uid = change.unique_id
            what = [change.status] + (["code"] if change.code_changed else [])
            lines.append(
                (f"{change.resource_type} {change.name} ({change.path}): {', '.join(what)}", uid, "node")
            )
            for label, values in (
                ("columns dropped", change.columns_removed),
                ("columns added", change.columns_added),
                ("no longer in its SQL", change.dropped_from_code),
                ("new parents", change.parents_added),
                ("parents removed", change.parents_removed),
            ):
                if values:
                    lines.append((f"  {label}: {', '.join(values)}", uid, label))
            for commit in change.commits:
                lines.append(
                    (
                        f"  commit {commit.short} {commit.committed_at} {commit.author}: {commit.subject}",
                        uid,
                        "commit",
                    )
                )
        for package in self.packages:
            lines.append(
                (
                    f"package {package.package}: {package.changed} changed ({', '.join(package.examples)})",
                    "",
                    "",
                )
            )
        if self.dbt_version_changed:
            lines.append((f"dbt {self.previous.dbt_version} -> {self.current.dbt_version}", "", ""))
        if self.commit_lookup:
            lines.append((f"commits: {self.commit_lookup}", "", ""))
        return lines


def _iso(meta: ArtifactMeta) -> str | None:
    return meta.generated_at.isoformat() if meta.generated_at else None


def ancestry(
    entries: ManifestEntries, roots: Iterable[str], limit: int = MAX_ANCESTORS
) -> tuple[dict[str, tuple[ManifestNode, int]], bool]:
    """``roots`` and everything they depend on (nodes and macros) with their distance, breadth first.

    Returns the entries found and whether ``limit`` cut the walk short.
    """
    found: dict[str, tuple[ManifestNode, int]] = {}
    queue = deque((uid, 0) for uid in dict.fromkeys(roots))
    queued = {uid for uid, _ in queue}
    while queue:
        if len(found) >= limit:
            return found, True
        uid, distance = queue.popleft()
        node = entries.node(uid)
        if node is None:
            continue
        found[uid] = (node, distance)
        for parent in (*node.depends_on, *node.macros):
            if parent not in queued:
                queued.add(parent)
                queue.append((parent, distance + 1))
    return found, False


def diff_states(
    previous: ManifestEntries,
    current: ManifestEntries,
    roots: Sequence[str],
    columns: Iterable[str] = (),
    *,
    limit: int = MAX_ANCESTORS,
) -> StateDiff:
    """Compare the ancestry of ``roots`` in both manifests; ``columns`` are the ones the error names."""
    now, cut_now = ancestry(current, roots, limit)
    then, cut_then = ancestry(previous, roots, limit)
    project = current.meta.project_name or previous.meta.project_name
    wanted_columns = tuple(dict.fromkeys(c for c in columns if c))
    changes: list[NodeChange] = []
    by_package: dict[str, list[str]] = {}
    for uid in dict.fromkeys([*now, *then]):
        new, old = now.get(uid), then.get(uid)
        change = _compare(uid, old, new, wanted_columns)
        if change is None:
            continue
        node = (new or then[uid])[0]  # uid comes from one of the two walks
        if node.package_name and project and node.package_name != project:
            by_package.setdefault(node.package_name, []).append(node.name or uid)
        else:
            changes.append(change)
    changes.sort(key=lambda c: (c.distance, c.unique_id))
    packages = tuple(
        PackageChange(name, len(names), tuple(names[:MAX_PACKAGE_EXAMPLES]))
        for name, names in sorted(by_package.items())
    )
    return StateDiff(
        previous=previous.meta,
        current=current.meta,
        roots=tuple(roots),
        compared=max(len(now), len(then)),
        truncated=cut_now or cut_then,
        changes=tuple(changes[:MAX_CHANGES]),
        packages=packages,
    )


def with_commits(diff: StateDiff, commits: dict[str, tuple[Commit, ...]], lookup: str) -> StateDiff:
    """``diff`` with the commits found per changed file and how they were looked up."""
    changes = tuple(replace(c, commits=commits.get(c.path, ())) for c in diff.changes)
    return replace(diff, changes=changes, commit_lookup=lookup)


def _compare(
    uid: str,
    old: tuple[ManifestNode, int] | None,
    new: tuple[ManifestNode, int] | None,
    columns: tuple[str, ...],
) -> NodeChange | None:
    """The change of one entry, or ``None`` when nothing we compare differs."""
    if new is None or old is None:
        present = new or old
        if present is None:
            return None
        node, distance = present
        return NodeChange(
            unique_id=uid,
            resource_type=node.resource_type,
            name=node.display_name,
            path=node.original_file_path,
            status="added" if old is None else "removed",
            distance=distance,
            code_changed=True,
            columns_removed=_capped(node.columns) if new is None else (),
            columns_added=_capped(node.columns) if old is None else (),
        )
    (then, _), (now, distance) = old, new
    code_changed = bool(then.checksum and now.checksum and then.checksum != now.checksum)
    old_columns = {c.lower(): c for c in then.columns}
    new_columns = {c.lower(): c for c in now.columns}
    removed = _capped(v for k, v in old_columns.items() if k not in new_columns)
    added = _capped(v for k, v in new_columns.items() if k not in old_columns)
    parents_added = _capped(p for p in now.depends_on if p not in then.depends_on)
    parents_removed = _capped(p for p in then.depends_on if p not in now.depends_on)
    dropped = (
        tuple(c for c in columns if _mentions(then.raw_code, c) and not _mentions(now.raw_code, c))
        if code_changed
        else ()
    )
    if not (code_changed or removed or added or parents_added or parents_removed):
        return None
    return NodeChange(
        unique_id=uid,
        resource_type=now.resource_type,
        name=now.display_name,
        path=now.original_file_path,
        status="modified",
        distance=distance,
        code_changed=code_changed,
        columns_removed=removed,
        columns_added=added,
        parents_added=parents_added,
        parents_removed=parents_removed,
        dropped_from_code=dropped,
    )


def _capped(values: Iterable[str]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        if len(out) >= MAX_NAMES:
            break
        out.append(value[:200])
    return tuple(out)


def _mentions(code: str, column: str) -> bool:
    """Whether ``code`` names ``column`` as a whole identifier (case-insensitive, as SQL compares)."""
    return bool(code) and re.search(rf"(?<!\w){re.escape(column)}(?!\w)", code, re.IGNORECASE) is not None
