"""A `pagefind --service` process, spoken to over its stdin and stdout.

Why the service and not the command line: the service can be started before the pages
exist. Its Chinese segmenter loads a dictionary on first use (0.2 s, about half of what
indexing the real corpus's Chinese pages costs), so the build starts the service and
gives it one throwaway Chinese page while Python is still importing and cleaning; when
the pages are on disk, `AddDir` reads them with the same code as the command line and
`GetFiles` returns the bundle's files, the same bytes the command line writes (tested).

The protocol (the one the official Python and Node wrappers use): each message is a JSON
object `{"message_id": n, "payload": {...}}`, base64-encoded and followed by a comma;
replies come back the same way, with the message id they answer.
"""

from __future__ import annotations

import base64
import json
import subprocess
from typing import Any


class ServiceError(RuntimeError):
    pass


class PagefindService:
    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen([*command, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.last_id = 0
        self.replies: dict[int, dict[str, Any]] = {}
        self.unread = b""
        self.failure: str | None = None

    def send(self, payload: dict[str, Any]) -> int:
        """Send one request without waiting; returns its message id (a dead service is reported by `reply`)."""
        self.last_id += 1
        message = json.dumps({"message_id": self.last_id, "payload": payload}).encode("utf-8")
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
        except OSError:
            pass  # the process is gone; reading its output tells why
        return self.last_id

    def reply(self, message_id: int) -> dict[str, Any]:
        """Wait for the answer to `message_id`; ServiceError if it is an error or the process ended."""
        while message_id not in self.replies:
            if self.failure is not None:
                raise ServiceError(self.failure)
            message = self._next_message()
            if message is None:
                self.failure = self._ended()
                raise ServiceError(self.failure)
            try:
                answer = json.loads(base64.b64decode(message, validate=True))
            except ValueError:  # not the protocol: the process printed something and will end
                self.unread = message + b"," + self.unread
                self.failure = self._ended()
                raise ServiceError(self.failure) from None
            self.replies[answer.get("message_id") or 0] = answer["payload"]
        payload = self.replies.pop(message_id)
        if payload.get("type") == "Error":
            raise ServiceError(str(payload.get("message")))
        return payload

    def _next_message(self) -> bytes | None:
        """The bytes up to the next comma, or None at the end of the output.

        A reply holding the bundle runs to tens of megabytes at K = 100: chunks are joined
        once at the end and only each new chunk is searched for the comma (base64 has none).
        """
        if b"," in self.unread:
            message, self.unread = self.unread.split(b",", 1)
            return message
        stdout = self.process.stdout
        assert stdout is not None
        parts = [self.unread]
        while True:
            chunk = stdout.read1(1 << 20)
            if not chunk:
                self.unread = b"".join(parts)
                return None
            if b"," in chunk:
                head, self.unread = chunk.split(b",", 1)
                parts.append(head)
                return b"".join(parts)
            parts.append(chunk)

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self.reply(self.send(payload))

    def end_input(self) -> None:
        """Tell the process there is no more work: it exits once it has freed its memory."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            try:
                self.process.stdin.close()
            except OSError:  # it has gone already
                pass

    def close(self) -> None:
        """End the process (it exits when its input closes; killed if it does not)."""
        if self.process.poll() is None:
            self.end_input()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def _ended(self) -> str:
        stdout = self.process.stdout
        assert stdout is not None
        rest = self.unread + stdout.read()
        code = self.process.wait()
        text = rest.decode("utf-8", "replace").strip()
        return f"{text or 'Pagefind stopped'} (exit code {code})"
