"""The public corpus: valid labels, a split decided by the source, and a frozen ``test`` split.

A change to any ``test``-split file or label must come with a regenerated manifest and a dated entry
in eval/README.md naming it; otherwise the held-out figures could drift silently towards the rules.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from eval import public_cases  # noqa: E402

LABEL = """source_url = "{url}"
platform = "airflow"
category = "config"
transience = "permanent"
root_cause_keywords = ["connection"]
root_cause_summary = "A connection id is not defined."
fix_keywords = ["connection"]
labelled_on = "2026-12-06"
split = "{split}"
"""


def _case(root: Path, slug: str, url: str) -> Path:
    case = root / "airflow" / slug
    (case / "logs").mkdir(parents=True)
    (case / "label.toml").write_text(LABEL.format(url=url, split=public_cases.split_for(url)))
    (case / "logs" / "task.log").write_text("AirflowNotFoundException: The conn_id `x` isn't defined\n")
    return case


def _entry(text: str, date: str = "2026-12-06") -> str:
    """A dated README entry approving the manifest ``text``."""
    return f"- {date}: cut (manifest {public_cases.manifest_digest(text)})\n"


def _urls_for(split: str, count: int) -> list[str]:
    found = []
    n = 0
    while len(found) < count:
        url = f"https://github.com/example/repo/issues/{n}"
        if public_cases.split_for(url) == split:
            found.append(url)
        n += 1
    return found


def test_committed_labels_are_valid_and_split_by_source() -> None:
    labels = public_cases.load_labels()
    assert labels, "the public corpus is empty"
    for label in labels:
        assert label.platform in ("airflow", "dbt", "spark"), label.path
        assert label.category in ("data", "code", "config", "infra", "unknown"), label.path
        logs = sorted((label.path / "logs").glob("*.log"))
        assert logs and all(p.read_text(encoding="utf-8").strip() for p in logs), label.path
    by_thread: dict[str, set[str]] = {}
    for label in labels:
        by_thread.setdefault(public_cases.thread_of(label.source_url), set()).add(label.split)
    assert all(len(splits) == 1 for splits in by_thread.values())


def test_committed_test_split_is_frozen() -> None:
    assert public_cases.frozen_split_problems() == []


def test_changed_test_file_without_dated_entry_fails(tmp_path: Path) -> None:
    root = tmp_path / "public"
    test_url, dev_url = _urls_for("test", 1)[0], _urls_for("dev", 1)[0]
    test_case = _case(root, "frozen", test_url)
    _case(root, "free", dev_url)
    text = public_cases.manifest_text(root)
    (root / public_cases.MANIFEST.name).write_text(text)
    readme = f"# x\n\n{public_cases.README_SECTION}\n\n" + _entry(text)
    assert public_cases.frozen_split_problems(root, readme) == []

    # A dev case may change freely.
    (root / "airflow" / "free" / "logs" / "task.log").write_text("changed\n")
    assert public_cases.frozen_split_problems(root, readme) == []

    # A test case may not, until the manifest is rewritten and a dated entry names it.
    (test_case / "logs" / "task.log").write_text("edited line\n")
    problems = public_cases.frozen_split_problems(root, readme)
    assert problems and "airflow/frozen/logs/task.log" in problems[0]
    new_text = public_cases.manifest_text(root)
    (root / public_cases.MANIFEST.name).write_text(new_text)
    assert "no dated entry" in public_cases.frozen_split_problems(root, readme)[0]
    dated = readme + _entry(new_text, "2026-12-07")
    assert public_cases.frozen_split_problems(root, dated) == []
    undated = readme + _entry(new_text, "someday")
    assert public_cases.frozen_split_problems(root, undated) != []


def test_label_edit_in_test_split_is_caught(tmp_path: Path) -> None:
    root = tmp_path / "public"
    case = _case(root, "frozen", _urls_for("test", 1)[0])
    text = public_cases.manifest_text(root)
    (root / public_cases.MANIFEST.name).write_text(text)
    readme = f"{public_cases.README_SECTION}\n\n" + _entry(text)
    label = case / "label.toml"
    label.write_text(label.read_text().replace('category = "config"', 'category = "infra"'))
    assert public_cases.frozen_split_problems(root, readme)


def test_split_is_the_hash_of_the_thread_not_a_choice(tmp_path: Path) -> None:
    url = _urls_for("test", 1)[0]
    assert public_cases.split_for(url + "#issuecomment-1") == "test"
    assert public_cases.split_for(url.upper().replace("HTTPS://", "https://") + "/") == "test"
    case = _case(tmp_path, "moved", url)
    label = case / "label.toml"
    label.write_text(label.read_text().replace('split = "test"', 'split = "dev"'))
    with pytest.raises(public_cases.LabelError, match="hashes to 'test'"):
        public_cases.read_label(label)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("source_url", "http://example.com/x", "https URL"),
        ("transience", "sometimes", "transience"),
        ("root_cause_keywords", "[]", "root_cause_keywords is empty"),
    ],
)
def test_malformed_label_is_a_clear_error(tmp_path: Path, field: str, value: str, message: str) -> None:
    case = _case(tmp_path, "bad", _urls_for("dev", 1)[0])
    label = case / "label.toml"
    lines = [
        f"{field} = {value if value.startswith('[') else repr(value).replace(chr(39), chr(34))}"
        if line.startswith(f"{field} =")
        else line
        for line in label.read_text().splitlines()
    ]
    if field == "source_url":
        lines = [ln.replace('split = "dev"', f'split = "{public_cases.split_for(value)}"') for ln in lines]
    label.write_text("\n".join(lines) + "\n")
    with pytest.raises(public_cases.LabelError, match=message):
        public_cases.read_label(label)


def test_missing_key_is_named(tmp_path: Path) -> None:
    case = _case(tmp_path, "short", _urls_for("dev", 1)[0])
    label = case / "label.toml"
    kept = [ln for ln in label.read_text().splitlines() if not ln.startswith("labelled_on")]
    label.write_text("\n".join(kept))
    with pytest.raises(public_cases.LabelError, match="missing labelled_on"):
        public_cases.read_label(label)
    shutil.rmtree(case)
