"""Mask secrets before any text is stored, prompted, shown or sent.

Two layers, applied in this order:

1. Airflow's own secrets masker, which knows the exact values of connections and variables that
   were fetched in this process. It is only consulted when Airflow has already imported it: a
   masker module that was never imported has no registered secrets, and importing Airflow just to
   ask would cost the offline CLI seconds for nothing.
2. Our patterns for secrets whose shape is recognisable without knowing their value: cloud keys,
   API tokens, JWTs, ``Authorization`` headers, passwords in URIs and ``key=value`` assignments,
   PEM private keys (which span lines, hence the streaming :class:`Redactor`).

URIs and query strings are parsed rather than matched with character classes, because real
passwords are rarely percent-encoded: ``postgresql://u:Zq8!vR2#pLm4@host/db`` has a ``#`` that a
strict RFC 3986 reading takes for a fragment, and JDBC's ``password=Tr0ub4dor&3x`` has an ``&``
that a strict query-string reading takes for a separator. The user info runs to the last ``@``
before the host's path; a parameter's value runs until the next ``name=`` parameter.

The replacement is ``***``, like Airflow's, so a reader sees one convention everywhere.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

MASK = "***"

#: Airflow masker modules: core (api-server, scheduler, runner) and task SDK (worker). Each keeps its
#: own registry of secret values, so both are asked when loaded.
_AIRFLOW_MASKER_MODULES = (
    "airflow._shared.secrets_masker",
    "airflow.sdk._shared.secrets_masker",
)

#: Key names whose values are secrets (Airflow's DEFAULT_SENSITIVE_FIELDS plus common spellings).
_SENSITIVE_NAME_WORDS = (
    r"passw(?:or)?d|passwd|passphrase|secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|"
    r"auth[_-]?token|access[_-]?token|refresh[_-]?token|id[_-]?token|session[_-]?token|token(?!s\b|s_|izer|[_-]?(?:count|type|usage|limit|len|expir|url|uri|endpoint))|"
    r"credentials?|client[_-]?secret|connection[_-]?string|sas[_-]?token|account[_-]?key|"
    r"webhook[_-]?url|service[_-]?key|keyfile[_-]?dict"
)

#: A whole key that contains one of the secret words, e.g. ``db_password`` or ``AWS_SECRET_ACCESS_KEY``.
#: Bounded on both sides: an unbounded run before the word made every start in a long word of
#: the same characters rescan the rest of it (a 100 KB ``a_a_a_…`` line took a minute).
_KEY = rf"[A-Za-z0-9_.\-]{{0,64}}(?:{_SENSITIVE_NAME_WORDS})[A-Za-z0-9_.\-]{{0,64}}"

#: Values that are not secrets even under a secret-looking key (they would only add noise).
_HARMLESS_VALUES = frozenset({"", MASK, "none", "null", "true", "false", "redacted", "<redacted>", "******"})

_Sub = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]


def _keep_harmless(match: re.Match[str]) -> str:
    """Mask the ``value`` group (keeping its quotes) unless it is an obvious non-secret such as ``None``."""
    value = match.group("value")
    bare = value.strip("'\"")
    if bare.lower() in _HARMLESS_VALUES or bare.startswith(MASK):
        return match.group(0)
    quote = value[0] if len(value) >= 2 and value[0] in "'\"" and value[-1] == value[0] else ""
    start, end = match.span("value")
    offset = match.start()
    text = match.group(0)
    return text[: start - offset] + quote + MASK + quote + text[end - offset :]


#: Ordered: structured forms first so a later, looser pattern does not half-mask them.
_LINE_SUBS: tuple[_Sub, ...] = (
    # Authorization: Bearer abc / Basic dXNlcjpw / token xyz (HTTP headers, curl -H, requests dumps).
    (
        re.compile(
            r"(?i)(?P<head>(?:proxy-)?authorization['\"]?\s*[:=]\s*['\"]?(?:bearer|basic|token|bot|digest|negotiate)?\s*)"
            r"(?P<value>[A-Za-z0-9._~+/=\-]{4,})"
        ),
        _keep_harmless,
    ),
    (re.compile(r"(?i)\b(?P<head>bearer\s+)(?P<value>[A-Za-z0-9._~+/\-]{8,}=*)"), _keep_harmless),
    # A validation error quoting a secret field's value (dbt's credentials, mashumaro, pydantic):
    # Field "password" of type str in PostgresCredentials has invalid value 90817263544.
    (
        re.compile(
            rf"(?i)(?P<head>\bField (?P<q>['\"]){_KEY}(?P=q)[^\n]{{0,120}}?\bvalue\s+)"
            r"(?P<value>'[^']*'|\"[^\"]*\"|[^\s'\",;)}\]]+)"
        ),
        _keep_harmless,
    ),
    # JSON / Python dict entries: "password": "x", 'api_key': 'y'.
    (
        re.compile(rf"(?i)(?P<head>(?P<q>['\"]){_KEY}(?P=q)\s*:\s*)(?P<value>'[^']*'|\"(?:[^\"\\]|\\.)*\")"),
        _keep_harmless,
    ),
    # A query percent-encoded into a path or a partition name (``api_key%3Dsk_live_…%26utm…``): the
    # value ends at the next encoded separator.
    (
        re.compile(
            rf"(?i)(?<![A-Za-z0-9\-])(?P<head>{_KEY}%3D)(?P<value>(?:(?!%26|%3B)[^\s'\",;&/)}}\]]){{1,500}})"
        ),
        _keep_harmless,
    ),
    # Assignments and flags: password=x, API_KEY: y, --password x, export TOKEN="z".
    (
        re.compile(
            rf"(?i)(?P<head>(?<![A-Za-z0-9])--?(?P<flag>{_KEY})(?:\s*=\s*|\s+)"
            rf"|(?<![A-Za-z0-9\-])(?P<key>{_KEY})(?P<q>['\"]?)(?P<sep>\s*[=:]\s*))"
            r"(?P<value>'[^']*'|\"[^\"]*\"|[^\s'\",;&)}\]]+)"
        ),
        lambda m: _keep_harmless(m) if _is_assignment(m) else m.group(0),
    ),
    # AWS access key ids (long-term AKIA, temporary ASIA, and the other documented prefixes).
    (re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|ABIA|ACCA)[A-Z0-9]{16}\b"), MASK),
    # AWS secret keys written without a recognisable key name: 40 base64 chars after "aws".
    (
        re.compile(
            r"(?i)(?P<head>\baws\b[^\n]{0,40}?[\s=:'\"])(?P<value>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
        ),
        _keep_harmless,
    ),
    # Google API keys and OAuth client secrets / refresh tokens.
    (re.compile(r"\bAIza[0-9A-Za-z_\-]{33,}"), MASK),
    (re.compile(r"\bGOCSPX-[0-9A-Za-z_\-]{20,}"), MASK),
    (re.compile(r"\bya29\.[0-9A-Za-z_\-]{20,}"), MASK),
    # Azure storage/service-bus connection strings and SAS signatures.
    (
        re.compile(
            r"(?i)(?P<head>(?:AccountKey|SharedAccessKey|SharedSecret)=)(?P<value>[A-Za-z0-9+/=]{16,})"
        ),
        _keep_harmless,
    ),
    (re.compile(r"(?P<head>[?&]sig=)(?P<value>[A-Za-z0-9%+/=]{16,})"), _keep_harmless),
    # GitHub tokens (classic and fine-grained).
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"), MASK),
    (re.compile(r"\bgithub_pat_[A-Za-z0-9_]{30,}\b"), MASK),
    # Slack tokens and incoming-webhook URLs.
    (re.compile(r"\bxox[abposre]-[A-Za-z0-9\-]{10,}"), MASK),
    (re.compile(r"\bxapp-\d-[A-Za-z0-9\-]{10,}"), MASK),
    (
        re.compile(
            r"(?P<head>hooks\.slack\.com/(?:services|workflows|triggers)/)(?P<value>[A-Za-z0-9/_\-]{10,})"
        ),
        _keep_harmless,
    ),
    # Anthropic, OpenAI and OpenRouter keys (sk-ant-…, sk-proj-…, sk-or-v1-…, legacy sk-…).
    (re.compile(r"\bsk-(?:ant-|proj-|or-v1-|svcacct-)?[A-Za-z0-9_\-]{20,}"), MASK),
    # Stripe-style and generic prefixed keys.
    (re.compile(r"\b(?:rk|sk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\b"), MASK),
    # JSON Web Tokens: three base64url parts, the first two JSON objects ("eyJ").
    (re.compile(r"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*"), MASK),
)

_PEM_BEGIN = re.compile(r"-----BEGIN (?P<kind>[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----")
_PEM_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
#: A PEM block is at most ~100 lines (RSA 8192); past this we assume the END line was lost and stop
#: swallowing lines, having masked the likely key material already.
_PEM_MAX_LINES = 200

#: Cheap test: a line with none of these characters or words cannot match any pattern above.
_QUICK = re.compile(
    r"(?i)://|[=:]|bearer|pass|secret|token|key|cred|-----|AKIA|ASIA|AIza|GOCSPX|ya29\.|sig=|gh[pousr]_|github_pat_|xox|xapp-|sk-|_live_|_test_|eyJ"
)


class Redactor:
    """Redacts text line by line, remembering an open PEM private-key block across lines.

    Feed lines in order (with or without their line endings); each call returns the redacted line.
    Memory is constant: the only state is whether a PEM block is open and for how long.
    """

    def __init__(self) -> None:
        self._in_pem = False
        self._pem_lines = 0

    def feed(self, line: str) -> str:
        """Redact one line."""
        line = _airflow_redact(line)
        if self._in_pem:
            end = _PEM_END.search(line)
            self._pem_lines += 1
            if end is None:
                if self._pem_lines >= _PEM_MAX_LINES:
                    self._in_pem = False
                eol = _line_ending(line)
                return MASK + eol if line.strip() else line
            self._in_pem = False
            line = MASK + line[end.start() :]
        line = self._mask_pem_start(line)
        return _redact_patterns(line)

    def _mask_pem_start(self, line: str) -> str:
        """Mask a PEM block opening on this line, closing it here when its END is on the same line."""
        pieces: list[str] = []
        rest = line
        while True:
            begin = _PEM_BEGIN.search(rest)
            if begin is None:
                pieces.append(rest)
                return "".join(pieces)
            pieces.append(rest[: begin.end()])
            after = rest[begin.end() :]
            end = _PEM_END.search(after)
            if end is None:
                # Key material runs to the end of the line and beyond: keep only the line ending.
                pieces.append((MASK if after.strip() else "") + _line_ending(after))
                self._in_pem = True
                self._pem_lines = 0
                return "".join(pieces)
            pieces.append(MASK)
            rest = after[end.start() :]
            # Step past this END marker so the loop looks for the next BEGIN after it.
            pieces.append(rest[: end.end() - end.start()])
            rest = rest[end.end() - end.start() :]

    def feed_lines(self, lines: Iterable[str]) -> Iterator[str]:
        """Redact a stream of lines lazily."""
        for line in lines:
            yield self.feed(line)


def redact(text: str) -> str:
    """Redact a whole text (multi-line PEM keys included); line endings are preserved."""
    if not text:
        return text
    redactor = Redactor()
    return "".join(redactor.feed(line) for line in text.splitlines(keepends=True))


#: Name used by the worker-side capture (trigger/capture.py); same function.
redact_text = redact


def redact_value(value: Any) -> Any:
    """Redact strings inside JSON-able data (dicts, lists); values under secret-named keys are masked whole.

    Used for structured evidence such as Airflow's ``error_detail`` or rendered template fields.
    """
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _redact_entry(k, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(v) for v in value]
    return value


_SECRET_KEY_RE = re.compile(rf"(?i)^{_KEY}$")


def _redact_entry(key: Any, value: Any) -> Any:
    if isinstance(key, str) and _SECRET_KEY_RE.match(key) and isinstance(value, str | int | float):
        text = str(value)
        return value if text.strip().lower() in _HARMLESS_VALUES else MASK
    return redact_value(value)


def _is_assignment(match: re.Match[str]) -> bool:
    """Whether a ``key: value`` is a real assignment rather than prose such as ``invalid token: expired``.

    ``=``, flags and quoted keys always are. After a bare colon, only a key that looks like an
    identifier (``DB_PASSWORD``, ``api-key``) or a value that looks like a secret (digits, symbols)
    counts; a plain word after a plain word is English.
    """
    if match.group("flag") or ":" not in (match.group("sep") or "") or match.group("q"):
        return True
    key = match.group("key") or ""
    if any(c in key for c in "_-.") or (key.isupper() and len(key) > 1):
        return True
    value = match.group("value").strip("'\"")
    return not value.isalpha()


#: Candidate tokens for the URI / parameter parser: a run of characters that can sit in a URL.
_TOKEN = re.compile(r"[^\s'\"<>`]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://")
_PARAM_SEPARATORS = re.compile(r"([?&;])")
_PARAM = re.compile(r"(-{0,2}[A-Za-z_][A-Za-z0-9_.\-]*)=(.*)", re.DOTALL)
#: ``host:5432/db?…@…``: digits then a slash after the colon are a port, not a password.
_PORT_THEN_PATH = re.compile(r"\d{1,5}/")


def _is_secret(key: str, value: str) -> bool:
    bare = value.strip("'\"")
    return bool(_SECRET_KEY_RE.match(key.lstrip("-"))) and not (
        bare.lower() in _HARMLESS_VALUES or bare.startswith(MASK)
    )


def _mask_user_info(token: str) -> str:
    """Mask the password of ``scheme://user:password@host``, whatever characters it holds."""
    scheme = _SCHEME.search(token)
    if scheme is None:
        return token
    rest = token[scheme.end() :]
    colon, first_at = rest.find(":"), rest.find("@")
    if colon < 0 or first_at < colon or any(c in rest[:colon] for c in "/?#"):
        return token
    path = rest.find("/", first_at)
    at = rest.rfind("@", 0, len(rest) if path < 0 else path)
    password = rest[colon + 1 : at]
    if not password or _PORT_THEN_PATH.match(password) or password.startswith(MASK):
        return token
    return token[: scheme.end()] + rest[: colon + 1] + MASK + rest[at:]


def _mask_parameters(token: str) -> str:
    """Mask secret ``name=value`` parameters of a query string or JDBC URL, ``&`` and ``;`` included.

    A piece after a separator that is not itself ``name=…`` belongs to the previous value (the
    password ``Tr0ub4dor&3x``), so it is masked with it rather than left to leak.
    """
    pieces = _PARAM_SEPARATORS.split(token)
    out: list[str] = []
    masking = False
    for sep, piece in zip(["", *pieces[1::2]], pieces[0::2], strict=True):
        param = _PARAM.fullmatch(piece)
        if param is not None:
            masking = _is_secret(param.group(1), param.group(2))
            out.append(sep + (f"{param.group(1)}={MASK}" if masking else piece))
        elif not masking:
            out.append(sep + piece)
    return "".join(out)


def _mask_token(match: re.Match[str]) -> str:
    token = match.group(0)
    if "://" in token:
        token = _mask_user_info(token)
    if "=" in token and _PARAM_SEPARATORS.search(token):
        token = _mask_parameters(token)
    return token


def _redact_patterns(line: str) -> str:
    if not _QUICK.search(line):
        return line
    if "://" in line or ("=" in line and _PARAM_SEPARATORS.search(line)):
        line = _TOKEN.sub(_mask_token, line)
    for pattern, replacement in _LINE_SUBS:
        line = pattern.sub(replacement, line)
    return line


def _airflow_redact(text: str) -> str:
    """Apply every already-loaded Airflow secrets masker (exact values of fetched connections etc.)."""
    for name in _AIRFLOW_MASKER_MODULES:
        module = sys.modules.get(name)
        if module is None:
            continue
        try:
            redacted = module.redact(text)
        except Exception:  # noqa: BLE001, S112 - a broken masker must not stop our own patterns
            continue
        if isinstance(redacted, str):
            text = redacted
    return text


def _line_ending(text: str) -> str:
    if text.endswith("\r\n"):
        return "\r\n"
    if text.endswith(("\n", "\r")):
        return text[-1]
    return ""
