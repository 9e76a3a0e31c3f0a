"""The progress bar of wait_for_workers: tqdm when installed, else a line of text, else nothing."""

from __future__ import annotations

import sys
from typing import Any, Optional, TextIO


class Progress:
    """Shows ``count/total``; does nothing unless a subclass draws."""

    def update_to(self, count: int) -> None:
        pass

    def close(self) -> None:
        pass


class _TqdmProgress(Progress):
    def __init__(self, tqdm: Any, total: int, desc: str, stream: TextIO) -> None:
        self._bar = tqdm(total=total, desc=desc, unit="worker", file=stream, leave=True)

    def update_to(self, count: int) -> None:
        if count != self._bar.n:
            self._bar.n = count
            self._bar.refresh()

    def close(self) -> None:
        self._bar.close()


class _TextProgress(Progress):
    """``\\r<desc>: 2/3`` rewritten in place, a newline at the end."""

    def __init__(self, total: int, desc: str, stream: TextIO) -> None:
        self._total = total
        self._desc = desc
        self._stream = stream
        self._shown: Optional[int] = None

    def update_to(self, count: int) -> None:
        if count != self._shown:
            self._shown = count
            self._stream.write(f"\r{self._desc}: {count}/{self._total}")
            self._stream.flush()

    def close(self) -> None:
        if self._shown is not None:
            self._stream.write("\n")
            self._stream.flush()


def progress_bar(
    total: int, desc: str, enabled: Optional[bool], stream: Optional[TextIO] = None
) -> Progress:
    """A bar on ``stream`` (stderr); ``enabled=None`` shows one only when it is a terminal."""
    out = stream if stream is not None else sys.stderr
    if enabled is None:
        isatty = getattr(out, "isatty", None)
        enabled = bool(isatty and isatty())
    if not enabled:
        return Progress()
    try:
        from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        return _TextProgress(total, desc, out)
    return _TqdmProgress(tqdm, total, desc, out)
