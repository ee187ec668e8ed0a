"""The public corpus: failures from public threads nobody on this project wrote, split and frozen.

Each case lives in ``eval/public/<platform>/<slug>/`` (``label.toml`` and ``logs/*.log``, the log
cut verbatim from the source). The split (``dev`` / ``test``) is decided by a hash of the source
thread, never by hand, so a thread's cases always land together and nobody can move a case after
seeing an answer. The ``test`` split is frozen: its files are listed with their sha256 in
``TEST_SPLIT.sha256``, and that manifest's own digest must be named by a dated entry in
``eval/README.md`` ("Test split changes"), so a change to a test case is visible and deliberate.

    .venv/bin/python eval/public_cases.py --write-manifest   # after a deliberate, dated change
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "public"
MANIFEST = ROOT / "TEST_SPLIT.sha256"
README = Path(__file__).resolve().parent / "README.md"
SPLITS = ("dev", "test")
#: Share of source threads that land in ``dev``; the rest are ``test``.
DEV_PERCENT = 60
TRANSIENCES = ("permanent", "transient", "intermittent", "unknown")
PUBLIC_LABEL_KEYS = (
    "source_url",
    "platform",
    "category",
    "transience",
    "root_cause_keywords",
    "root_cause_summary",
    "fix_keywords",
    "labelled_on",
    "split",
)
README_SECTION = "## Test split changes"
#: A dated entry naming the manifest digest it froze, e.g. ``- 2026-12-06: ... (manifest 1a2b3c4d5e6f)``.
ENTRY_RE = re.compile(r"^- (\d{4}-\d{2}-\d{2}):.*\(manifest ([0-9a-f]{12})\)", re.MULTILINE)


@dataclass(frozen=True)
class PublicLabel:
    """What the source established about one public failure, written before any engine run."""

    path: Path
    source_url: str
    platform: str
    category: str
    transience: str
    root_cause_keywords: tuple[str, ...]
    root_cause_summary: str
    fix_keywords: tuple[str, ...]
    labelled_on: str
    split: str


def thread_of(url: str) -> str:
    """The source thread a URL belongs to: fragment, query and trailing slash dropped, lower case."""
    return url.split("#", 1)[0].split("?", 1)[0].rstrip("/").lower()


def split_for(url: str) -> str:
    """``dev`` or ``test``, from a hash of the source thread (stable, decided before any run)."""
    digest = hashlib.sha256(thread_of(url).encode("utf-8")).hexdigest()
    return "dev" if int(digest[:8], 16) % 100 < DEV_PERCENT else "test"


class LabelError(ValueError):
    """A public label that is malformed; the message names the file."""


def read_label(path: Path) -> PublicLabel:
    """Parse and validate one ``label.toml``; its ``split`` must be the one its source hashes to."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LabelError(f"{path}: {exc}") from exc
    missing = [k for k in PUBLIC_LABEL_KEYS if k not in data]
    if missing:
        raise LabelError(f"{path}: missing {', '.join(missing)}")
    url = str(data["source_url"])
    if not url.startswith("https://"):
        raise LabelError(f"{path}: source_url must be an https URL, got {url!r}")
    keywords = tuple(str(k) for k in data["root_cause_keywords"])
    if not keywords:
        raise LabelError(f"{path}: root_cause_keywords is empty")
    if str(data["transience"]) not in TRANSIENCES:
        raise LabelError(f"{path}: transience must be one of {', '.join(TRANSIENCES)}")
    split = str(data["split"])
    if split != split_for(url):
        raise LabelError(f"{path}: split {split!r} but its source hashes to {split_for(url)!r}")
    return PublicLabel(
        path=path.parent,
        source_url=url,
        platform=str(data["platform"]),
        category=str(data["category"]),
        transience=str(data["transience"]),
        root_cause_keywords=keywords,
        root_cause_summary=str(data["root_cause_summary"]),
        fix_keywords=tuple(str(k) for k in data["fix_keywords"]),
        labelled_on=str(data["labelled_on"]),
        split=split,
    )


def load_labels(root: Path = ROOT) -> list[PublicLabel]:
    """Every public label under ``root`` (``<platform>/<slug>/label.toml``), sorted by path."""
    return [read_label(p) for p in sorted(root.glob("*/*/label.toml"))]


def manifest_text(root: Path = ROOT) -> str:
    """``sha256sum``-style lines for every file of every ``test`` case, relative to ``root``."""
    lines = []
    for label in load_labels(root):
        if label.split != "test":
            continue
        for file in sorted(p for p in label.path.rglob("*") if p.is_file()):
            digest = hashlib.sha256(file.read_bytes()).hexdigest()
            lines.append(f"{digest}  {file.relative_to(root).as_posix()}")
    return "\n".join(lines) + "\n"


def manifest_digest(text: str) -> str:
    """The short digest a dated README entry names to approve one state of the test split."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def approved_digests(readme_text: str) -> dict[str, str]:
    """Manifest digest -> date, from the dated entries of the README's "Test split changes" section."""
    start = readme_text.find(README_SECTION)
    if start < 0:
        return {}
    section = readme_text[start + len(README_SECTION) :]
    end = section.find("\n## ")
    section = section if end < 0 else section[:end]
    return {m.group(2): m.group(1) for m in ENTRY_RE.finditer(section)}


def frozen_split_problems(root: Path = ROOT, readme_text: str | None = None) -> list[str]:
    """Why the ``test`` split is not as frozen: files differ from the manifest, or no dated approval."""
    manifest = root / MANIFEST.name
    current = manifest_text(root)
    if not manifest.is_file():
        return [f"{manifest} is missing: run eval/public_cases.py --write-manifest"]
    stored = manifest.read_text(encoding="utf-8")
    problems = []
    if stored != current:
        before = set(stored.splitlines())
        after = set(current.splitlines())
        changed = sorted({line.split("  ", 1)[-1] for line in before ^ after})
        problems.append(f"test-split files differ from {manifest.name}: {', '.join(changed)}")
    text = README.read_text(encoding="utf-8") if readme_text is None else readme_text
    digest = manifest_digest(stored)
    if digest not in approved_digests(text):
        problems.append(f"no dated entry '(manifest {digest})' under '{README_SECTION}' in {README.name}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-manifest", action="store_true", help="rewrite TEST_SPLIT.sha256")
    args = parser.parse_args(argv)
    labels = load_labels()
    text = manifest_text()
    if args.write_manifest:
        MANIFEST.write_text(text, encoding="utf-8")
        print(
            f"wrote {MANIFEST}: add '- YYYY-MM-DD: <why> (manifest {manifest_digest(text)})' to {README.name}"
        )
    counts = {s: sum(1 for lb in labels if lb.split == s) for s in SPLITS}
    print(f"{len(labels)} public cases: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"test split manifest digest: {manifest_digest(text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
