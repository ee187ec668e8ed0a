"""Split a streamed JSON object into its top-level members as each one completes.

The model's answer arrives as chunks of one JSON object (``{"hypotheses": [...], "evidence_analysis":
[...], ...}``). To persist and show each step while the rest is still being written, we need to know
the moment a top-level member is complete. A partial-JSON parser (the SDK's snapshot) cannot tell a
finished array from an unfinished one; tracking the bracket stack and strings can, in one pass over the
text with no backtracking.
"""

from __future__ import annotations

import json
from typing import Any

from airflow_pipeline_debugger.engine.llm.base import LLMError, LLMFailure


class MemberSplitter:
    """Feed chunks; get ``(key, value)`` for each top-level member the moment its value is complete."""

    def __init__(self) -> None:
        """Start before the opening brace."""
        self._text: list[str] = []
        self._member: list[str] = []
        self._stack: list[str] = []
        self._in_string = False
        self._escaped = False
        self._started = False
        self.closed = False

    @property
    def text(self) -> str:
        """Everything received so far."""
        return "".join(self._text)

    def feed(self, chunk: str) -> list[tuple[str, Any]]:
        """Consume a chunk and return the members it completed, in order.

        Raises :class:`LLMError` (``malformed_output``) when the text is not one JSON object.
        """
        self._text.append(chunk)
        done: list[tuple[str, Any]] = []
        for ch in chunk:
            if self.closed:
                if not ch.isspace():
                    raise LLMError(LLMFailure.MALFORMED, "text after the end of the JSON object")
            elif not self._started:
                self._start(ch)
            elif self._in_string:
                self._string_char(ch)
            else:
                self._structural_char(ch, done)
        return done

    def _start(self, ch: str) -> None:
        if ch.isspace():
            return
        if ch != "{":
            raise LLMError(LLMFailure.MALFORMED, f"answer does not start with a JSON object: {ch!r}")
        self._started = True
        self._stack.append("}")

    def _string_char(self, ch: str) -> None:
        self._member.append(ch)
        if self._escaped:
            self._escaped = False
        elif ch == "\\":
            self._escaped = True
        elif ch == '"':
            self._in_string = False

    def _structural_char(self, ch: str, done: list[tuple[str, Any]]) -> None:
        if ch == '"':
            self._in_string = True
        elif ch in "{[":
            self._stack.append("}" if ch == "{" else "]")
        elif ch in "}]":
            if not self._stack or self._stack.pop() != ch:
                raise LLMError(LLMFailure.MALFORMED, "unbalanced brackets in the answer")
            if not self._stack:
                self._emit(done)
                self.closed = True
                return
            self._member.append(ch)
            if len(self._stack) == 1:
                # An object or array member just closed: it is complete without waiting for "," or "}".
                self._emit(done)
            return
        elif ch == "," and len(self._stack) == 1:
            self._emit(done)
            return
        self._member.append(ch)

    def _emit(self, done: list[tuple[str, Any]]) -> None:
        raw = "".join(self._member).strip()
        self._member = []
        if not raw:
            return
        try:
            parsed = json.loads("{" + raw + "}")
        except json.JSONDecodeError as exc:
            raise LLMError(LLMFailure.MALFORMED, f"invalid JSON in the answer: {exc.msg}") from exc
        done.extend(parsed.items())

    def finish(self) -> None:
        """Raise unless exactly one complete object was received."""
        if not self.closed:
            raise LLMError(LLMFailure.TRUNCATED, "the answer ended before its JSON object was complete")
