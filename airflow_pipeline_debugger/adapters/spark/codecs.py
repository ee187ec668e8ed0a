"""Streaming decompression of Spark event-log files, in the framings Spark really writes.

Spark does not use the standard container formats for every codec (``CompressionCodec.scala``):

* ``zstd`` — ``ZstdOutputStreamNoFinalizer`` (zstd-jni): ordinary zstd frames, but a live or crashed
  application leaves the last frame unfinished, so the reader must return what was flushed so far;
* ``lz4`` — ``LZ4BlockOutputStream`` (lz4-java), *not* the LZ4 frame format: blocks with the magic
  ``LZ4Block``, a token byte (method | level), little-endian compressed and original lengths and an
  xxHash32 checksum, ended by an empty block;
* ``snappy`` — ``SnappyOutputStream`` (snappy-java), *not* the Snappy framing format: a 16-byte header
  (``\\x82SNAPPY\\x00``, version, compatible version) then big-endian length-prefixed raw blocks.

Output is bounded whatever the input: a hostile file can inflate ~30 000 times (a zstd RLE block
is 4 bytes for 128 KiB), so zstd is fed :data:`ZSTD_FEED` bytes at a time, which caps what one call
can produce at a few MiB, and lz4/snappy blocks must declare an original size under :data:`MAX_BLOCK`
before they are decoded. Memory therefore stays flat even for a 32 KB file that inflates to 1 GiB.

Every reader yields decompressed chunks and stops — with a :class:`Truncated` record of why — at the
first damaged byte, so a truncated or corrupt file gives its intact prefix and a note, never an
exception. The codec is taken from the file's magic bytes first, then from its extension.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import lz4.block
import snappy
import zstandard

CHUNK = 1 << 20
#: Read zstd input in pieces this big, so a corrupt block costs at most this much of the intact prefix.
ZSTD_INPUT_CHUNK = 1 << 16
#: Bytes of zstd input given to the decoder per call: at the format's worst ratio (a 3-byte block
#: header plus one RLE byte per 128 KiB block) one call yields at most ~11 MiB.
ZSTD_FEED = 256
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
LZ4_MAGIC = b"LZ4Block"
SNAPPY_MAGIC = b"\x82SNAPPY\x00"
#: Extensions Spark gives event-log files, by ``spark.eventLog.compression.codec`` short name.
EXTENSION_CODECS = {"zstd": "zstd", "zst": "zstd", "lz4": "lz4", "snappy": "snappy", "lzf": "lzf"}
_LZ4_HEADER = struct.Struct("<BIII")  # token, compressed length, original length, checksum
_LZ4_RAW, _LZ4_COMPRESSED = 0x10, 0x20
#: No sane Spark block is bigger than this (Spark's block sizes are 32 KiB-4 MiB); more means corruption.
MAX_BLOCK = 64 << 20


class Readable(Protocol):
    """Anything with ``read(n)``: a file, or a file whose first bytes were already sniffed."""

    def read(self, n: int = -1, /) -> bytes:
        """Up to ``n`` bytes; ``b""`` at the end."""
        ...


class Truncated(Exception):
    """Decompression stopped early; the message says where and why (the data before it is good)."""


@dataclass
class DecodeState:
    """What a reader learned while streaming: bytes consumed, where it had to stop, an open last frame."""

    codec: str
    compressed_bytes: int = 0
    stopped: str = ""
    unfinished: str = ""


def codec_of(name: str, head: bytes) -> str:
    """The codec of a file from its first bytes, falling back to its extension (``.inprogress`` ignored)."""
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    if head.startswith(LZ4_MAGIC):
        return "lz4"
    if head.startswith(SNAPPY_MAGIC):
        return "snappy"
    stem = name.removesuffix(".inprogress")
    ext = stem.rsplit(".", 1)[-1].lower() if "." in stem else ""
    return EXTENSION_CODECS.get(ext, "none")


def decompress(stream: Readable, codec: str, state: DecodeState) -> Iterator[bytes]:
    """Yield decompressed chunks of ``stream``; on damage set ``state.stopped`` and end quietly."""
    readers = {"zstd": _zstd, "lz4": _lz4, "snappy": _snappy, "none": _plain}
    reader = readers.get(codec)
    if reader is None:
        state.stopped = f"codec {codec!r} is not supported (supported: zstd, lz4, snappy, uncompressed)"
        return
    try:
        yield from reader(stream, state)
    except Truncated as exc:
        state.stopped = str(exc)
    except Exception as exc:  # noqa: BLE001 - any codec library error means "damaged from here on"
        reason = str(exc) or type(exc).__name__
        state.stopped = f"{codec} stream is damaged after {state.compressed_bytes} bytes: {reason}"


def _plain(stream: Readable, state: DecodeState) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        state.compressed_bytes += len(chunk)
        yield chunk


def _zstd(stream: Readable, state: DecodeState) -> Iterator[bytes]:
    decompressor = zstandard.ZstdDecompressor()
    frame = decompressor.decompressobj()
    pending = False  # inside a frame that has not ended yet
    out = bytearray()  # small outputs gathered into CHUNK-sized ones for the line splitter
    while chunk := stream.read(ZSTD_INPUT_CHUNK):
        state.compressed_bytes += len(chunk)
        view = memoryview(chunk)
        while view:
            piece, view = view[:ZSTD_FEED], view[ZSTD_FEED:]
            while piece:
                out += frame.decompress(piece)
                pending = not frame.eof
                if frame.eof:
                    piece = memoryview(frame.unused_data)
                    frame = decompressor.decompressobj()
                else:
                    piece = memoryview(b"")
                if len(out) >= CHUNK:
                    yield bytes(out)
                    out.clear()
    if out:
        yield bytes(out)
    if pending:
        # ZstdOutputStreamNoFinalizer never closes the frame of a live or crashed application.
        state.unfinished = (
            "the last zstd frame is unfinished (application still running, crashed, or copy cut)"
        )


def _read_exact(stream: Readable, n: int, state: DecodeState, what: str) -> bytes | None:
    """``n`` bytes, ``None`` at a clean end of file, :class:`Truncated` when the file ends mid-record."""
    data = stream.read(n)
    state.compressed_bytes += len(data)
    if not data:
        return None
    if len(data) < n:
        raise Truncated(f"file ends inside {what} at byte {state.compressed_bytes}")
    return data


def _lz4(stream: Readable, state: DecodeState) -> Iterator[bytes]:
    while (magic := _read_exact(stream, len(LZ4_MAGIC), state, "an LZ4 block header")) is not None:
        if magic != LZ4_MAGIC:
            raise Truncated(f"no LZ4Block magic at byte {state.compressed_bytes - len(magic)}")
        header = _read_exact(stream, _LZ4_HEADER.size, state, "an LZ4 block header")
        if header is None:
            raise Truncated(f"file ends inside an LZ4 block header at byte {state.compressed_bytes}")
        token, compressed_len, original_len, _checksum = _LZ4_HEADER.unpack(header)
        if compressed_len > MAX_BLOCK or original_len > MAX_BLOCK:
            raise Truncated(f"implausible LZ4 block size at byte {state.compressed_bytes}")
        if original_len == 0:
            continue  # end-of-stream marker; another stream may follow (appended sessions)
        body = _read_exact(stream, compressed_len, state, "an LZ4 block")
        if body is None:
            raise Truncated(f"file ends before an LZ4 block body at byte {state.compressed_bytes}")
        method = token & 0xF0
        if method == _LZ4_RAW:
            yield body
        elif method == _LZ4_COMPRESSED:
            yield lz4.block.decompress(body, uncompressed_size=original_len)
        else:
            raise Truncated(f"unknown LZ4 block method 0x{method:02x} at byte {state.compressed_bytes}")


def _snappy(stream: Readable, state: DecodeState) -> Iterator[bytes]:
    header = _read_exact(stream, 16, state, "the snappy-java header")
    if header is None:
        return
    if not header.startswith(SNAPPY_MAGIC):
        raise Truncated("missing the snappy-java stream header")
    while (length_bytes := _read_exact(stream, 4, state, "a snappy block length")) is not None:
        if length_bytes == SNAPPY_MAGIC[:4]:
            # A second stream appended to the file: skip the rest of its 16-byte header.
            if _read_exact(stream, 12, state, "the snappy-java header") is None:
                return
            continue
        (length,) = struct.unpack(">i", length_bytes)
        if length < 0 or length > MAX_BLOCK:
            raise Truncated(f"implausible snappy block length {length} at byte {state.compressed_bytes}")
        body = _read_exact(stream, length, state, "a snappy block")
        if body is None:
            raise Truncated(f"file ends before a snappy block at byte {state.compressed_bytes}")
        original = _snappy_length(body)
        if original is None or original > MAX_BLOCK:
            raise Truncated(f"implausible snappy block size at byte {state.compressed_bytes}")
        yield snappy.uncompress(body)


def _snappy_length(block: bytes) -> int | None:
    """The uncompressed length a raw snappy block declares (its varint preamble); None if malformed."""
    length = 0
    for shift, byte in zip(range(0, 35, 7), block[:5], strict=False):
        length |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return length
    return None
