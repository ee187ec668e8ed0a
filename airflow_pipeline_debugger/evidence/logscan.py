"""One streaming pass over a log: signals, first/last error, counts, repeats and a bounded excerpt.

Logs can be gigabytes of INFO noise around a handful of decisive lines, so the scanner never
decodes or regex-matches most lines. It reads fixed-size byte blocks, finds *candidate* lines with
plain substring searches (each pattern's ``literal``, merged into a few shared anchors, plus the
level markers ``ERROR``/``WARN``/``"level":"error"``…), and only decodes and matches those. Memory
is bounded by the block size and the caps in :class:`ScanLimits`, never by the log size.

Airflow 3 task logs are JSON lines (``{"timestamp":…,"level":…,"event":…,"error_detail":[…]}``):
those are rendered as one readable line each, and ``error_detail`` is kept as structured data
(exception type, message and frames) while its rendered traceback is matched by the patterns. A
log shipper's prefix (``kubectl logs --timestamps``' RFC 3339 time, ``--prefix``'s pod name) and
terminal colour codes are dropped from each line first, so a pod's JSON records and a notebook's
coloured traceback read as the program wrote them.

Broken input degrades with a note, never an exception: binary content stops the scan, NUL bytes
are removed, bytes that are not UTF-8 are read as Windows-1252, an over-long line is cut, a log over
the byte cap is scanned up to the cap plus its last part (where failures usually are).
"""

from __future__ import annotations

import io
import json
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from airflow_pipeline_debugger.evidence.environment import CAPTURE_MARKER, RECORD_LOGGER
from airflow_pipeline_debugger.evidence.files import SNIFF_BYTES, decode_text, looks_binary
from airflow_pipeline_debugger.evidence.frames import describe_frames
from airflow_pipeline_debugger.evidence.levels import EXCEPTION_LINE_RE, is_retried
from airflow_pipeline_debugger.evidence.patterns import Level, LogPattern
from airflow_pipeline_debugger.evidence.redact import Redactor, redact, redact_value
from airflow_pipeline_debugger.tolerant import clip, json_line, json_object, plain_line

#: The capture record's marker and the start of its JSON, as a text log shows it.
_CAPTURE_IN_TEXT = f"{CAPTURE_MARKER} {{"
#: What a line the provider's record logger wrote reads as (its JSON restates the failure).
PROVIDER_RECORD = (
    f"[{RECORD_LOGGER}] the provider's record of this try (written by the provider, not the task)"
)

BLOCK_BYTES = 8 * 1024 * 1024
#: A "line" longer than this is cut (its remainder is skipped) so one giant line cannot grow memory.
MAX_RAW_LINE_BYTES = 1024 * 1024
#: Share of NUL bytes in a log's first bytes above which it is treated as binary, not as a damaged log.
MAX_LOG_NUL_RATIO = 0.01
#: Excerpt priority of the last error's block (0 = first error, 1 = first hit of a code, 3 = tail …).
LAST_ERROR_PRIORITY = 2
#: Shortest shared substring worth using as an anchor for several literals.
MIN_SHARED_ANCHOR = 5
#: ``min_shared`` that turns sharing off (each minimal literal is its own anchor).
NO_SHARING = 1 << 30

_hyperscan: Any
try:  # Hyperscan: every anchor in one vectorised pass over a block (Linux x86-64 wheels)
    import hyperscan

    _hyperscan = hyperscan
except ImportError:  # the multi-pass ``bytes.find`` fallback (tested against this path)
    _hyperscan = None

#: Markers that make a line a candidate for error/warning classification.
_LEVEL_ANCHORS = (
    b"ERROR",
    b"WARN",
    b"CRITICAL",
    b"FATAL",
    b'"error',
    b'"warn',
    b'"critical"',
    b"[error",
    b"[warn",
)
_ERROR_LEVEL_RE = re.compile(
    r"(?:^|[\s\[|:{(])(?:ERROR|CRITICAL|FATAL)(?=[\s\]|:)\-]|$)|\[(?:error|critical) *\]"
)
_WARN_LEVEL_RE = re.compile(r"(?:^|[\s\[|:{(])WARN(?:ING)?(?=[\s\]|:)\-]|$)|\[warn(?:ing)? *\]")
_FRAME_RE = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<lineno>\d+)(?:, in (?P<function>\S+))?')
#: Digits to ``0``: lines equal under this map differ only in numbers and ids (see ``_Memo``).
_DIGITS_TO_ZERO = bytes.maketrans(b"123456789", b"000000000")
#: A JSON string literal (to find digits outside strings, i.e. JSON numbers).
_JSON_STRING_RE = re.compile(rb'"(?:[^"\\]|\\.)*"')
_DIGIT_RE = re.compile(rb"[0-9]")
#: ASCII bytes ``str.strip`` removes, plus NUL (removed before a line is parsed).
_STR_STRIPPED = b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x00"
#: Regex constructs whose outcome can depend on which digit a digit is.
_DIGIT_SENSITIVE_RE = re.compile(r"[0-9]|\\[dDwWbB]|\[[^\]]*-")
#: Most digit-blind line shapes remembered per scan (bounds memory; past it lines take the full path).
MAX_MEMO_SHAPES = 20_000
_NORMALISE_RE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"  # uuid
    r"|0x[0-9a-fA-F]+|\b[0-9a-fA-F]{12,}\b"  # addresses, hashes
    r"|\d+"
)


@dataclass(frozen=True)
class ScanLimits:
    """Caps that bound the scanner's memory and the size of what it keeps."""

    #: Bytes of the log that are scanned at most; past this, only the last ``tail_window_bytes``.
    max_bytes: int = 1024 * 1024 * 1024
    tail_window_bytes: int = 16 * 1024 * 1024
    head_lines: int = 20
    tail_lines: int = 60
    context_before: int = 4
    context_after: int = 3
    #: Lines kept before a Python exception line (its traceback frames).
    traceback_context: int = 25
    max_hits_per_code: int = 5
    max_excerpt_bytes: int = 48 * 1024
    max_line_chars: int = 2000
    max_repeat_keys: int = 5000
    max_error_details: int = 5
    max_frames: int = 30


@dataclass(frozen=True)
class Hit:
    """One line that matched a pattern (text already redacted)."""

    code: str
    message: str
    line_no: int
    text: str
    level: str
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ErrorLine:
    """The line number and redacted text of an error line."""

    line_no: int
    text: str

    def to_json(self) -> dict[str, Any]:
        """``{"line_no", "text"}`` as the evidence summary stores it."""
        return {"line_no": self.line_no, "text": self.text}


@dataclass
class ScanResult:
    """What one pass over a log found; ``summary()`` is what the evidence stores."""

    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    first_error: ErrorLine | None = None
    last_error: ErrorLine | None = None
    error_count: int = 0
    warning_count: int = 0
    line_count: int = 0
    bytes_scanned: int = 0
    total_bytes: int | None = None
    truncated: bool = False
    #: The log stops inside a Python traceback, before the exception line: the error itself is missing.
    cut_in_traceback: bool = False
    binary: bool = False
    #: ``json`` (Airflow 3 task log), ``text`` or ``mixed``, judged from the first lines.
    format: str = "text"
    repeats: list[dict[str, Any]] = field(default_factory=list)
    distinct_problem_lines: int = 0
    error_details: list[dict[str, Any]] = field(default_factory=list)
    excerpt: str = ""
    #: ``[content_index, line_no, count]`` for each run of consecutive log lines in ``excerpt``.
    line_map: list[list[int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def excerpt_lines(self) -> int:
        """How many log lines the excerpt shows (markers excluded)."""
        return sum(count for _, _, count in self.line_map)

    def summary(self) -> dict[str, Any]:
        """JSON-able counts and pointers (the ``summary`` of the log evidence)."""
        return {
            "lines": self.line_count,
            "bytes_scanned": self.bytes_scanned,
            "total_bytes": self.total_bytes,
            "truncated": self.truncated,
            "cut_in_traceback": self.cut_in_traceback,
            "binary": self.binary,
            "format": self.format,
            "error_count": self.error_count,
            "warning_count": self.warning_count,
            "first_error": self.first_error.to_json() if self.first_error else None,
            "last_error": self.last_error.to_json() if self.last_error else None,
            "signal_counts": dict(self.counts),
            "repeats": list(self.repeats),
            "distinct_problem_lines": self.distinct_problem_lines,
            "error_detail": list(self.error_details),
            "first_line_no": self.line_map[0][1] if self.line_map else 1,
            "line_map": [list(x) for x in self.line_map],
            "notes": list(self.notes),
        }


class _SafeFormat(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def _format_message(template: str, groups: Mapping[str, Any]) -> str:
    try:
        return template.format_map(_SafeFormat({k: v for k, v in groups.items() if v is not None}))
    except (ValueError, IndexError, AttributeError):
        return template


@dataclass(frozen=True)
class _Compiled:
    pattern: LogPattern
    regex: re.Pattern[str]
    literal: str


def choose_anchors(literals: Iterable[str], min_shared: int = MIN_SHARED_ANCHOR) -> list[str]:
    """Few substrings such that every literal contains one (so one search covers several literals).

    First literals that contain a shorter literal are dropped (the shorter one finds them), then a
    greedy cover picks substrings shared by two or more of the remaining literals, most-shared and
    longest first. A shared substring must start where a word or CamelCase part starts and be at
    least ``min_shared`` long (``Error``, ``Timeout``): a word fragment such as ``ation`` would
    also hit most noise lines, and every extra candidate line costs more than an extra pass.
    """
    unique = sorted({lit for lit in literals if lit}, key=len)
    minimal: list[str] = []
    for lit in unique:
        if not any(m in lit for m in minimal):
            minimal.append(lit)
    uncovered = set(minimal)
    anchors: list[str] = []
    while uncovered:
        candidates: set[str] = set()
        for lit in uncovered:
            for i in _token_starts(lit):
                candidates.update(lit[i : i + size] for size in range(min_shared, len(lit) - i + 1))
        best: tuple[int, int, str] | None = None
        for cand in candidates:
            covered = sum(1 for lit in uncovered if cand in lit)
            if covered >= 2 and cand.strip() == cand:
                score = (covered, len(cand), cand)
                if best is None or score > best:
                    best = score
        if best is None:
            anchors.extend(sorted(uncovered))
            break
        anchors.append(best[2])
        uncovered = {lit for lit in uncovered if best[2] not in lit}
    return anchors


def _token_starts(text: str) -> list[int]:
    """Indexes where a word or a CamelCase part starts.

    The literal's first character counts only when it is a capital: a literal such as
    ``onnection refused`` starts mid-word on purpose (to match both capitalisations).
    """
    starts = []
    for i, ch in enumerate(text):
        if not ch.isalpha():
            continue
        prev = text[i - 1] if i else ""
        if (not prev and ch.isupper()) or (prev and not prev.isalnum()) or (ch.isupper() and prev.islower()):
            starts.append(i)
    return starts


def _automaton(anchors: Sequence[bytes]) -> Any:
    """A Hyperscan database of the anchors as literals (id = anchor bit), or ``None`` without the library.

    One per scanner: a database's scratch space must not be shared between threads.
    """
    if _hyperscan is None or not anchors:
        return None
    database = _hyperscan.Database(mode=_hyperscan.HS_MODE_BLOCK)
    database.compile(
        expressions=[re.escape(a.decode("latin-1")).encode("latin-1") for a in anchors],
        ids=list(range(len(anchors))),
        elements=len(anchors),
    )
    return database


class LogScanner:
    """Compiled patterns plus limits; :meth:`scan_stream` does one pass over one log.

    Reusable across logs (compilation and anchor choice happen once).
    """

    def __init__(self, patterns: Sequence[LogPattern], limits: ScanLimits | None = None) -> None:
        self.limits = limits or ScanLimits()
        compiled = [_Compiled(p, p.compiled(), p.literal) for p in patterns]
        self._without_literal = [c for c in compiled if not c.literal]
        # With Hyperscan every extra anchor is free, so each literal is its own anchor and only
        # lines holding a literal become candidates; without one, fewer shared anchors mean fewer passes.
        pattern_anchors = choose_anchors(
            (c.literal for c in compiled), min_shared=NO_SHARING if _hyperscan else MIN_SHARED_ANCHOR
        )
        level_anchors = [
            a.decode() for a in _LEVEL_ANCHORS if not any(x in a.decode() for x in pattern_anchors)
        ]
        self.anchors = [a.encode() for a in [*pattern_anchors, *level_anchors]]
        #: For each anchor, the patterns whose literal contains it (the only ones worth trying).
        self._by_anchor: list[list[_Compiled]] = [
            [c for c in compiled if c.literal and a in c.literal] for a in [*pattern_anchors, *level_anchors]
        ]
        self._by_mask: dict[int, list[_Compiled]] = {}
        self._memo_by_mask: dict[int, bool] = {}
        #: Literal-free patterns run on every candidate; the shape memo needs them digit-blind.
        self._memo_possible = not any(
            _DIGIT_SENSITIVE_RE.search(c.regex.pattern) for c in self._without_literal
        )
        self._automaton = _automaton(self.anchors)

    def patterns_for(self, mask: int) -> list[_Compiled]:
        """Patterns to try on a line found by the anchors in bit ``mask`` (memoised per mask)."""
        found = self._by_mask.get(mask)
        if found is None:
            seen: dict[int, _Compiled] = {}
            for i, group in enumerate(self._by_anchor):
                if mask >> i & 1:
                    seen.update((id(c), c) for c in group)
            found = sorted(seen.values(), key=lambda c: c.pattern.code)
            found.extend(self._without_literal)
            self._by_mask[mask] = found
        return found

    def memo_allowed(self, mask: int) -> bool:
        """Whether a line found by ``mask`` can share the outcome of a line of the same digit shape.

        True when no pattern with a literal is tried on it (so no regex can tell ``137`` from
        ``138``) and the literal-free patterns are digit-blind.
        """
        allowed = self._memo_by_mask.get(mask)
        if allowed is None:
            allowed = self._memo_possible and all(not c.literal for c in self.patterns_for(mask))
            self._memo_by_mask[mask] = allowed
        return allowed

    # -- entry points --------------------------------------------------------------------------

    def scan_path(self, path: Path) -> ScanResult:
        """Scan a file (the caller has checked it is allowed; see ``FileAccess.open_binary``)."""
        with path.open("rb") as fh:
            return self.scan_stream(fh, total_bytes=path.stat().st_size)

    def scan_text(self, text: str) -> ScanResult:
        """Scan a log held in memory."""
        data = text.encode("utf-8", errors="replace")
        return self.scan_stream(io.BytesIO(data), total_bytes=len(data))

    def scan_stream(self, stream: BinaryIO, total_bytes: int | None = None) -> ScanResult:
        """One pass over a binary stream; never raises for content problems."""
        state = _ScanState(self, total_bytes)
        try:
            state.run(stream)
        except OSError as exc:
            state.result.notes.append(f"reading stopped after {state.result.bytes_scanned} bytes: {exc}")
        return state.finish()

    # -- used by the state ------------------------------------------------------------------------

    @staticmethod
    def match_line(
        candidates: Sequence[_Compiled], text: str, rendered: Sequence[str]
    ) -> list[tuple[_Compiled, dict[str, Any], str]]:
        """Which candidate patterns match a decoded line (or its rendered JSON sub-lines).

        Returns (pattern, named groups, the sub-line that matched).
        """
        found: list[tuple[_Compiled, dict[str, Any], str]] = []
        subs = rendered or (text,)
        for compiled in candidates:
            if compiled.literal and compiled.literal not in text:
                continue
            for sub in subs:
                if compiled.literal in sub:
                    m = compiled.regex.search(sub)
                    if m:
                        found.append((compiled, m.groupdict(), sub))
                        break
        return found


class _ScanState:
    """Mutable state of one pass; bounded by the limits whatever the log size."""

    def __init__(self, scanner: LogScanner, total_bytes: int | None) -> None:
        self.s = scanner
        self.lim = scanner.limits
        self.result = ScanResult(total_bytes=total_bytes)
        self.next_line_no = 1
        self.head: list[tuple[int, str]] = []
        self.tail: list[tuple[int, bytes]] = []
        self.prev_lines: list[tuple[int, bytes]] = []  # last lines of the previous block, for context
        self.blocks: list[tuple[int, list[tuple[int, str]]]] = []  # (priority, [(line_no, text)])
        self.pending_after: list[tuple[list[tuple[int, str]], int, int]] = []  # (block, want, priority)
        self.last_error_block: list[tuple[int, str]] | None = None
        self.head_json = 0
        self.skipping_giant_line = False
        self.last_error_here: tuple[int, int, int, str, int] | None = None
        self.kept_per_code: dict[str, int] = {}
        self.last_hit: dict[str, Hit] = {}
        self.repeat_counts: OrderedDict[str, list[Any]] = OrderedDict()
        self.repeat_overflow = 0
        self.nul_lines = 0
        self.cut_lines = 0
        self.redactor = Redactor()
        #: Digit shape of a quiet candidate line -> its repeat key (a warning) or ``None`` (nothing).
        self.memo: dict[bytes, str | None] = {}

    # -- reading -----------------------------------------------------------------------------------

    def run(self, stream: BinaryIO) -> None:
        """Scan up to the cap; past it, keep only a rolling window of the last bytes and scan that at EOF.

        Bytes between the two parts are read only to count their lines (a cheap ``bytes.count``), so
        line numbers after the gap stay exact and memory stays bounded by the window.
        """
        lim = self.lim
        first = stream.read(SNIFF_BYTES)
        if looks_binary(first[:SNIFF_BYTES], max_nul_ratio=MAX_LOG_NUL_RATIO):
            self.result.binary = True
            self.result.bytes_scanned = len(first)
            self.result.notes.append(
                "binary content (NUL bytes or invalid UTF-8 in the first bytes): not scanned as a text log"
            )
            return
        tail_window = min(lim.tail_window_bytes, lim.max_bytes // 2)
        head_budget = max(SNIFF_BYTES, lim.max_bytes - tail_window)
        carry = self._consume(first, b"")
        read = len(first)
        while read < head_budget:
            block = stream.read(min(BLOCK_BYTES, head_budget - read))
            if not block:
                self._finish_carry(carry)
                return
            read += len(block)
            carry = self._consume(block, carry)
        # Over the head budget: roll a tail window, counting the lines that fall out of it.
        window = bytearray()
        skipped_bytes = 0
        skipped_lines = 0
        while True:
            block = stream.read(BLOCK_BYTES)
            if not block:
                break
            window += block
            if len(window) > 2 * tail_window:
                drop = len(window) - tail_window
                skipped_lines += window.count(b"\n", 0, drop)
                skipped_bytes += drop
                del window[:drop]
        window_bytes = len(window)
        if not skipped_bytes:
            # Everything fitted after all: scan the window as a continuation.
            carry = self._consume(bytes(window), carry)
            self._finish_carry(carry)
            return
        tail = bytes(window)
        del window
        # The carry and the start of the window belong to lines cut by the gap: count, do not scan.
        nl = tail.find(b"\n")
        skipped_lines += 1 if nl != -1 else 0
        tail = tail[nl + 1 :] if nl != -1 else b""
        self.next_line_no += skipped_lines
        self.result.truncated = True
        total = read + skipped_bytes + window_bytes
        self.result.notes.append(
            f"log is {total} bytes, over the {lim.max_bytes}-byte scan cap: scanned the first {read} "
            f"and the last {len(tail)} bytes; the {total - read - len(tail)} bytes ({skipped_lines} lines) "
            "in between were only counted"
        )
        self.result.line_count += skipped_lines
        if carry:
            self.result.notes.append("the line at the start of the gap was cut")
        carry = b""
        for i in range(0, len(tail), BLOCK_BYTES):
            carry = self._consume(tail[i : i + BLOCK_BYTES], carry)
        self._finish_carry(carry)

    def _consume(self, block: bytes, carry: bytes) -> bytes:
        """Process the whole lines of ``carry + block``; return the unfinished last line."""
        if self.skipping_giant_line:
            nl = block.find(b"\n")
            if nl == -1:
                return b""
            self.skipping_giant_line = False
            block = block[nl + 1 :]
        buf = carry + block if carry else block
        cut = buf.rfind(b"\n") + 1
        if cut == 0:
            if len(buf) > MAX_RAW_LINE_BYTES:
                # One enormous line: process its beginning as a line, drop the rest until a newline.
                self.cut_lines += 1
                self._process(buf[:MAX_RAW_LINE_BYTES] + b"\n")
                self.result.bytes_scanned -= 1
                self.skipping_giant_line = True
                return b""
            return buf
        self._process(buf[:cut])
        return buf[cut:]

    def _finish_carry(self, carry: bytes) -> None:
        if carry:
            self._process(carry + b"\n")
            self.result.bytes_scanned -= 1  # the newline added to close the last line

    # -- one block of whole lines ------------------------------------------------------------------

    def _process(self, work: bytes) -> None:
        res = self.result
        res.bytes_scanned += len(work)
        base = self.next_line_no
        n_lines = work.count(b"\n")
        if b"\x00" in work:
            self.nul_lines += work.count(b"\x00")
        # Head lines.
        if len(self.head) < self.lim.head_lines:
            pos = 0
            while len(self.head) < self.lim.head_lines and pos < len(work):
                end = work.find(b"\n", pos)
                if work[pos : pos + 1] == b"{":
                    self.head_json += 1
                self.head.append((base + len(self.head), self._render_plain(work[pos:end])))
                pos = end + 1
        # Candidate line starts, each with the bit mask of the anchors found on it.
        starts: dict[int, int] = {}
        automaton = self.s._automaton
        if automaton is not None:
            found: list[tuple[int, int]] = []
            automaton.scan(
                work, match_event_handler=lambda bit, _start, end, _flags, _ctx: found.append((end, bit))
            )
            for end, bit in found:
                ls = work.rfind(b"\n", 0, end) + 1
                starts[ls] = starts.get(ls, 0) | (1 << bit)
        else:
            for bit, anchor in enumerate(self.s.anchors):
                flag = 1 << bit
                p = work.find(anchor)
                while p != -1:
                    ls = work.rfind(b"\n", 0, p) + 1
                    starts[ls] = starts.get(ls, 0) | flag
                    nxt = work.find(b"\n", p)
                    p = work.find(anchor, nxt + 1) if nxt != -1 else -1
        self.last_error_here = None
        self._candidates(work, starts, base)
        if self.last_error_here is not None:
            ls, le, err_no, text, before = self.last_error_here
            self.pending_after = [p for p in self.pending_after if p[2] != LAST_ERROR_PRIORITY]
            self.last_error_block = self._context_block(work, ls, err_no, text, before)
            self._queue_after(self.last_error_block, work, le, LAST_ERROR_PRIORITY)
        # Pending after-context of blocks opened in the previous block.
        self._fill_pending(work, base)
        # Tail and previous-lines buffers.
        keep = max(self.lim.tail_lines, self.lim.traceback_context, self.lim.context_before)
        last = _last_lines(work, keep, base + n_lines)
        self.tail = (self.tail + last)[-self.lim.tail_lines :]
        self.prev_lines = (self.prev_lines + last)[-keep:]
        res.line_count += n_lines
        self.next_line_no = base + n_lines

    def _candidates(self, work: bytes, starts: dict[int, int], base: int) -> None:
        """Handle the candidate lines of a block in order.

        A line whose digit shape was seen before and was quiet (a plain warning, or nothing) only
        bumps the counts its first occurrence set: no decoding, no regex, no rendering.
        """
        memo = self.memo
        allowed = self.s.memo_allowed
        res = self.result
        line_no = base
        prev = 0  # line_no is the number of the line starting at prev (counted only when needed)
        for ls in sorted(starts):
            le = work.find(b"\n", ls)
            mask = starts[ls]
            shape = work[ls:le].translate(_DIGITS_TO_ZERO) if allowed(mask) else None
            known = _UNSEEN if shape is None else memo.get(shape, _UNSEEN)
            if known is None:
                continue
            if known is not _UNSEEN and known is not _NOT_QUIET:
                res.warning_count += 1
                self.repeat_counts[known][1] += 1
                continue
            if shape is not None and known is _UNSEEN and not _digit_blind(work[ls:le]):
                known = _NOT_QUIET
                if len(memo) < MAX_MEMO_SHAPES:
                    memo[shape] = _NOT_QUIET
            line_no += work.count(b"\n", prev, ls)
            prev = ls
            outcome = self._candidate(work, ls, le, line_no, mask)
            if shape is not None and known is _UNSEEN and len(memo) < MAX_MEMO_SHAPES:
                memo[shape] = outcome

    def _candidate(self, work: bytes, ls: int, le: int, line_no: int, mask: int) -> str | None:
        """Classify and record one candidate line.

        Returns what a line of the same digit shape would do again: ``None`` (nothing), the repeat
        key of a plain warning (its repeat entry exists), or ``_NOT_QUIET`` (it needs this full path).
        """
        text, rendered, level, detail = self._decode(work[ls:le])
        matches = self.s.match_line(self.s.patterns_for(mask), text, rendered)
        # A pattern names an error, but a line that says it retries reports a problem the task meant
        # to survive: its signal is kept, and it is not the error the log ends in unless it says so.
        is_error = level == "error" or (
            any(c.pattern.level is Level.ERROR for c, _, _ in matches) and not is_retried(text)
        )
        if not (is_error or level == "warning" or matches):
            return None
        res = self.result
        clipped = clip(text, self.lim.max_line_chars)
        if is_error:
            res.error_count += 1
        elif level == "warning":
            res.warning_count += 1
        key = self._count_repeat(clipped, line_no)
        if not (is_error or matches or detail) and key is not None:
            return key
        if detail and len(res.error_details) < self.lim.max_error_details:
            res.error_details.append(detail)
        priority = self._record_hits(
            work, ls=ls, line_no=line_no, clipped=clipped, matches=matches, detail=detail
        )
        if is_error and res.first_error is None:
            res.first_error = ErrorLine(line_no, one_line(redact(clipped)))
            priority = 0
        if is_error:
            res.last_error = ErrorLine(line_no, one_line(redact(clipped)))
        # A plain-text traceback sits above its exception line; a JSON event carries it inside.
        exception_shaped = not detail and any(EXCEPTION_LINE_RE.match(sub) for sub in (rendered or (text,)))
        before = self.lim.traceback_context if exception_shaped else self.lim.context_before
        if priority is not None:
            block = self._context_block(work, ls, line_no, clipped, before)
            self.blocks.append((priority, block))
            self._queue_after(block, work, le, priority)
        elif is_error:
            # Only the newest last-error block matters: its context is built once per block (in _process).
            self.last_error_here = (ls, le, line_no, clipped, before)
        return _NOT_QUIET

    def _record_hits(
        self,
        work: bytes,
        *,
        ls: int,
        line_no: int,
        clipped: str,
        matches: list[tuple[_Compiled, dict[str, Any], str]],
        detail: dict[str, Any] | None,
    ) -> int | None:
        """Count and keep (up to the cap per code) the hits of one line; return its excerpt priority."""
        res = self.result
        frame_attrs = _frame_attributes(detail)
        priority: int | None = None
        for compiled, groups, sub in matches:
            code = compiled.pattern.code
            res.counts[code] = res.counts.get(code, 0) + 1
            attrs = {k: redact(v) if isinstance(v, str) else v for k, v in groups.items() if v is not None}
            if not detail and EXCEPTION_LINE_RE.match(sub):
                attrs.update(self._frame_from_context(work, ls))
            attrs.update({k: v for k, v in frame_attrs.items() if k not in attrs})
            hit = Hit(
                code=code,
                message=redact(_format_message(compiled.pattern.message, groups)),
                line_no=line_no,
                text=one_line(redact(clipped)),
                level=compiled.pattern.level.value,
                attributes=attrs,
            )
            kept = self.kept_per_code.get(code, 0)
            if kept < self.lim.max_hits_per_code:
                self.kept_per_code[code] = kept + 1
                res.hits.append(hit)
                this = 1 if kept == 0 else 4
                priority = this if priority is None else min(priority, this)
            else:
                self.last_hit[code] = hit
        return priority

    def _context_block(
        self, work: bytes, ls: int, line_no: int, text: str, before: int
    ) -> list[tuple[int, str]]:
        above = list(self._lines_above(work, ls, before))
        lines = [
            (line_no - 1 - i, self._render_plain(raw)) for i, raw in enumerate(above) if line_no - 1 - i >= 1
        ]
        lines.reverse()
        lines.append((line_no, text))
        return lines

    def _queue_after(self, block: list[tuple[int, str]], work: bytes, le: int, prio: int) -> None:
        want = self._append_following(block, work, le + 1, self.lim.context_after)
        if want:
            self.pending_after.append((block, want, prio))

    def _fill_pending(self, work: bytes, base: int) -> None:
        still: list[tuple[list[tuple[int, str]], int, int]] = []
        for block, want, prio in self.pending_after:
            if block[-1][0] >= base:  # opened in this block: already filled as far as possible
                still.append((block, want, prio))
                continue
            need = self._append_following(block, work, 0, want)
            if need:
                still.append((block, need, prio))
        self.pending_after = still

    def _append_following(self, block: list[tuple[int, str]], work: bytes, pos: int, want: int) -> int:
        """Append up to ``want`` whole lines of ``work`` from ``pos`` to ``block``; returns the shortfall."""
        n = block[-1][0]
        while want and pos < len(work):
            end = work.find(b"\n", pos)
            if end == -1:
                break
            n += 1
            block.append((n, self._render_plain(work[pos:end])))
            pos = end + 1
            want -= 1
        return want

    # -- decoding and rendering --------------------------------------------------------------------

    def _decode(self, raw: bytes) -> tuple[str, list[str], str, dict[str, Any] | None]:
        """(line text, rendered sub-lines for matching, level, error_detail) of one raw line."""
        text = plain_line(decode_text(raw).replace("\x00", "").rstrip("\r"))
        obj = _json_record(text)
        if obj is not None:
            return _render_json(obj, self.lim)
        if _CAPTURE_IN_TEXT in text:
            # A log rendered to text (the Logs tab's copy) keeps the record's marker, not its logger.
            return f"{text.split(CAPTURE_MARKER, 1)[0]}{PROVIDER_RECORD}".strip(), [], "", None
        return text, [], _text_level(text), None

    def _render_plain(self, raw: bytes) -> str:
        return render_line(decode_text(raw), self.lim)

    def _frame_from_context(self, work: bytes, ls: int) -> dict[str, Any]:
        """File/line/function of the innermost ``File "…", line N, in f`` frame above an exception line."""
        for raw in self._lines_above(work, ls, self.lim.traceback_context):
            m = _FRAME_RE.match(plain_line(decode_text(raw)))
            if m:
                return {
                    "file": m.group("file"),
                    "lineno": int(m.group("lineno")),
                    "function": m.group("function") or "",
                }
        return {}

    def _lines_above(self, work: bytes, ls: int, count: int) -> Iterator[bytes]:
        """Raw lines above the line starting at ``ls``, nearest first, crossing into the previous block."""
        pos = ls
        taken = 0
        while taken < count and pos > 0:
            start = work.rfind(b"\n", 0, pos - 1) + 1
            yield work[start : pos - 1]
            taken += 1
            pos = start
        if taken < count:
            for _, raw in reversed(self.prev_lines[-(count - taken) :]):
                yield raw

    def _count_repeat(self, text: str, line_no: int) -> str | None:
        """Count the line under its normalised key; return the key, or ``None`` if over the key cap."""
        key = _normalise(text)
        entry = self.repeat_counts.get(key)
        if entry is not None:
            entry[1] += 1
            return key
        if len(self.repeat_counts) >= self.lim.max_repeat_keys:
            self.repeat_overflow += 1
            return None
        self.repeat_counts[key] = [line_no, 1, text]
        return key

    # -- result ------------------------------------------------------------------------------------

    def finish(self) -> ScanResult:
        res = self.result
        lim = self.lim
        late_hits: list[tuple[int, list[tuple[int, str]]]] = []
        for (
            hit
        ) in self.last_hit.values():  # the latest occurrence of a frequent code is often the decisive one
            res.hits.append(hit)
            late_hits.append((4, [(hit.line_no, hit.text)]))
        res.hits.sort(key=lambda h: (h.line_no, h.code))
        repeats = sorted(
            (
                {"text": redact(t), "count": c, "first_line": ln}
                for ln, c, t in self.repeat_counts.values()
                if c > 1
            ),
            key=lambda r: (-r["count"], r["first_line"]),
        )
        res.repeats = repeats[:20]
        res.distinct_problem_lines = len(self.repeat_counts) + self.repeat_overflow
        if self.nul_lines:
            res.notes.append(f"{self.nul_lines} NUL bytes were removed (a crash often pads a log with them)")
        if self.cut_lines:
            res.notes.append(f"{self.cut_lines} lines longer than {MAX_RAW_LINE_BYTES} bytes were cut")
        if res.binary:
            return res
        if _ends_inside_traceback([self._render_plain(raw) for _, raw in self.tail]):
            res.truncated = True
            res.cut_in_traceback = True
            res.notes.append(
                "the log ends inside a Python traceback, before the exception line that closes it: "
                "it was cut, and the error itself is missing"
            )
        if self.head_json:
            res.format = "json" if self.head_json * 2 >= len(self.head) else "mixed"
        groups: list[tuple[int, list[tuple[int, str]]]] = [*self.blocks, *late_hits]
        if self.last_error_block:
            groups.append((LAST_ERROR_PRIORITY, self.last_error_block))
        groups.append((3, [(ln, self._render_plain(raw)) for ln, raw in self.tail]))
        groups.append((5, self.head))
        res.excerpt, res.line_map = _assemble(groups, lim.max_excerpt_bytes, self.redactor)
        return res


_TRACEBACK_HEADER = "Traceback (most recent call last):"


def _ends_inside_traceback(tail: Sequence[str]) -> bool:
    """Whether the last lines are a Python traceback's frames with no exception line after them.

    A traceback always closes with ``ExcType: message`` (or the bare type); a log that stops at a
    frame or its source line was cut in transfer or by a killed writer.
    """
    lines = [ln for ln in tail if ln.strip()]
    header = next((i for i in range(len(lines) - 1, -1, -1) if _TRACEBACK_HEADER in lines[i]), None)
    if header is None or header == len(lines) - 1:
        return False
    after = lines[header + 1 :]
    return bool(_FRAME_RE.match(after[0])) and all(_FRAME_RE.match(ln) or ln[:1].isspace() for ln in after)


def _assemble(
    groups: list[tuple[int, list[tuple[int, str]]]], budget: int, redactor: Redactor
) -> tuple[str, list[list[int]]]:
    """Pick lines by priority within ``budget`` bytes, then render them in order with gap markers."""
    return _render_excerpt(_choose_lines(groups, budget), redactor)


def _choose_lines(groups: list[tuple[int, list[tuple[int, str]]]], budget: int) -> dict[int, str]:
    chosen: dict[int, str] = {}
    used = 0
    for _, lines in sorted(groups, key=lambda g: g[0]):
        cost = sum(len(t) + 1 for n, t in lines if n not in chosen)
        if used + cost <= budget:
            for n, t in lines:
                chosen.setdefault(n, t)
            used += cost
            continue
        # Take what fits from this group, nearest its decisive (last) line first.
        for n, t in reversed(lines):
            if n not in chosen and used + len(t) + 1 <= budget:
                chosen[n] = t
                used += len(t) + 1
    return chosen


def _render_excerpt(chosen: dict[int, str], redactor: Redactor) -> tuple[str, list[list[int]]]:
    """Lines in order; gaps become ``… N lines omitted …``.

    A run of four or more consecutive lines that differ only in numbers/ids (GC noise, progress
    lines) shows its first and last line around a ``… N similar lines …`` marker.
    """
    out: list[str] = []
    line_map: list[list[int]] = []

    def emit(n: int, text: str) -> None:
        last = line_map[-1] if line_map else None
        if last and last[1] + last[2] == n and last[0] + last[2] == len(out):
            last[2] += 1
        else:
            line_map.append([len(out), n, 1])
        out.append(one_line(redactor.feed(text)))

    numbers = sorted(chosen)
    i = 0
    prev = -1
    while i < len(numbers):
        n = numbers[i]
        if prev >= 0 and n > prev + 1:
            out.append(f"… {n - prev - 1} lines omitted …")
        key = _normalise(chosen[n])
        j = i
        while (
            j + 1 < len(numbers)
            and numbers[j + 1] == numbers[j] + 1
            and _normalise(chosen[numbers[j + 1]]) == key
        ):
            j += 1
        if j - i >= 3 and len(key) > 20:
            emit(n, chosen[n])
            out.append(f"… {j - i - 1} similar lines (only numbers or ids differ) …")
            emit(numbers[j], chosen[numbers[j]])
        else:
            for k in range(i, j + 1):
                emit(numbers[k], chosen[numbers[k]])
        prev = numbers[j]
        i = j + 1
    return "\n".join(out), line_map


#: What stands for a line break inside one log line (a JSON event holding a multi-line SQL statement,
#: a stray carriage return): an excerpt keeps one line per line of the log, or every line after it
#: would be cited under another line's number.
LINE_BREAK_MARK = " ⏎ "
#: Every character ``str.splitlines`` breaks a line at.
_LINE_BREAKS_RE = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """``text`` with each run of line breaks inside it shown as one mark.

    Applied after redaction: a secret's key and value on two lines of one event are masked as lines.
    """
    return _LINE_BREAKS_RE.sub(LINE_BREAK_MARK, text)


def render_line(text: str, lim: ScanLimits | None = None) -> str:
    """One log line as excerpts show it: an Airflow JSON record as ``timestamp LEVEL event [logger]``.

    Not redacted: callers redact what they keep.
    """
    lim = lim or ScanLimits()
    text = plain_line(text.replace("\x00", "").rstrip("\r"))
    obj = _json_record(text)
    if obj is not None:
        text = _render_json(obj, lim)[0]
    return clip(text, lim.max_line_chars)


def _json_record(text: str) -> dict[str, Any] | None:
    """The structured-log record (``event``/``level`` keys) a line holds, else ``None``."""
    stripped = json_line(text)
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return None
    obj = json_object(stripped)
    return obj if obj is not None and ("event" in obj or "level" in obj) else None


def _render_json(obj: dict[str, Any], lim: ScanLimits) -> tuple[str, list[str], str, dict[str, Any] | None]:
    """One readable line for an Airflow 3 JSON log event, its traceback sub-lines, level, error_detail."""
    level = str(obj.get("level") or "").lower()
    event = obj.get("event")
    if obj.get("logger") == RECORD_LOGGER:
        # The provider's own record (the worker's capture, the environment's versions) restates the
        # failure in JSON: the task did not print it, and its words must not be read as the task's.
        return f"{obj.get('timestamp') or ''} {PROVIDER_RECORD}".strip(), [], "", None
    parts = [
        str(obj.get("timestamp") or ""),
        level.upper() if level else "",
        str(event if event is not None else ""),
    ]
    logger = obj.get("logger")
    extras = {
        k: v
        for k, v in obj.items()
        if k
        not in {"timestamp", "level", "event", "logger", "error_detail", "exception", "filename", "lineno"}
    }
    line = " ".join(p for p in parts if p)
    if logger:
        line += f" [{logger}]"
    if extras:
        line += " " + " ".join(f"{k}={_short_json(v)}" for k, v in extras.items())
    sub_lines = [line]
    # The bare message too: a line a wrapped tool printed (relayed by the subprocess hook) must match
    # the tool's own line-anchored patterns exactly as it would in the tool's log file.
    if isinstance(event, str) and event and event != line:
        sub_lines.append(event)
    detail: dict[str, Any] | None = None
    raw_detail = obj.get("error_detail")
    if isinstance(raw_detail, list) and raw_detail:
        detail = {"exceptions": [], "source_event": str(event)[:500] if event is not None else ""}
        summaries = []
        for exc in raw_detail[:5]:
            if not isinstance(exc, dict):
                continue
            frames = [f for f in exc.get("frames") or [] if isinstance(f, dict)]
            kept_frames = frames[-lim.max_frames :]
            exc_type = str(exc.get("exc_type") or "")
            exc_value = str(exc.get("exc_value") or "")
            detail["exceptions"].append(
                redact_value(
                    {
                        "exc_type": exc_type,
                        "exc_value": exc_value[:4000],
                        "is_cause": bool(exc.get("is_cause")),
                        "frames": [
                            {"filename": f.get("filename"), "lineno": f.get("lineno"), "name": f.get("name")}
                            for f in kept_frames
                        ],
                        "frames_omitted": len(frames) - len(kept_frames),
                    }
                )
            )
            sub_lines.append("Traceback (most recent call last):")
            sub_lines.extend(
                f'  File "{f.get("filename")}", line {f.get("lineno")}, in {f.get("name")}'
                for f in kept_frames
            )
            first_value_line = exc_value.splitlines()[0] if exc_value else ""
            sub_lines.append(f"{exc_type}: {first_value_line}" if first_value_line else exc_type)
            sub_lines.extend(exc_value.splitlines()[1:20])
            described = describe_frames(
                [(str(f.get("filename")), str(f.get("lineno")), str(f.get("name"))) for f in kept_frames]
            )
            where = f" at {described}" if described else ""
            summaries.append(f"{exc_type}: {first_value_line[:300]}{where}")
        if summaries:
            line += " | " + " <- ".join(reversed(summaries))
            sub_lines[0] = line
    elif isinstance(obj.get("exception"), str):
        sub_lines.extend(str(obj["exception"]).splitlines()[-40:])
    if level in {"error", "critical", "fatal", "exception"} or (detail and level not in {"warning", "warn"}):
        norm_level = "error"
    elif level in {"warning", "warn"}:
        norm_level = "warning"
    else:
        norm_level = ""
    return line, sub_lines, norm_level, detail


def _short_json(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= 300 else text[:300] + "…"


def _frame_attributes(detail: dict[str, Any] | None) -> dict[str, Any]:
    """``exception_type``/``file``/``lineno``/``function`` of the innermost frame of the final exception."""
    if not detail or not detail.get("exceptions"):
        return {}
    final = detail["exceptions"][-1]
    attrs: dict[str, Any] = {"exception_type": final.get("exc_type", "")}
    frames = final.get("frames") or []
    if frames:
        last = frames[-1]
        attrs.update(
            {"file": last.get("filename"), "lineno": last.get("lineno"), "function": last.get("name")}
        )
    return attrs


def _text_level(text: str) -> str:
    head = text[:200]
    if (
        "ERROR" in head or "CRITICAL" in head or "FATAL" in head or "[error" in head
    ) and _ERROR_LEVEL_RE.search(head):
        return "error"
    if ("WARN" in head or "[warn" in head) and _WARN_LEVEL_RE.search(head):
        return "warning"
    return ""


#: ``_candidate``'s answer for a line whose outcome cannot be reused for another line.
_NOT_QUIET = "\x00not quiet"
#: A digit shape not met yet.
_UNSEEN = "\x00unseen"


def _digit_blind(raw: bytes) -> bool:
    """Whether everything the scan does with this line is the same for any line of its digit shape.

    Lines equal but for their digits read the same to the level markers, the repeat key (numbers
    and ids become ``#``) and digit-blind patterns. In a JSON record a digit outside a string is a
    number, which is re-rendered (``1e5`` -> ``100000.0``), and ``\\uXXXX`` escapes decode to
    different characters: such records are not. Decided by quotes and backslashes only, so it holds
    for every line of the shape.
    """
    first = raw.lstrip(_STR_STRIPPED)[:1]
    # A non-ASCII first byte may decode to a space; a digit or "[" may start a shipper's prefix.
    maybe_json = first == b"{" or first >= b"\x80" or ((first.isdigit() or first == b"[") and b"{" in raw)
    return not (maybe_json and (b"\\u" in raw or _DIGIT_RE.search(_JSON_STRING_RE.sub(b"", raw))))


def _normalise(text: str) -> str:
    return _NORMALISE_RE.sub("#", text)


def _last_lines(work: bytes, count: int, end_line_no: int) -> list[tuple[int, bytes]]:
    """The last ``count`` lines of a block of whole lines, numbered (``end_line_no`` = last line + 1)."""
    if not work or count <= 0:
        return []
    parts = work[:-1].rsplit(b"\n", count)
    if len(parts) > count:
        parts = parts[1:]
    first = end_line_no - len(parts)
    return [(first + i, raw) for i, raw in enumerate(parts)]
