"""SMS gateways for the notification outbox. Chosen by `SMS_BACKEND`:

- `file` (default): appends one JSON line per message to `SMS_FILE_PATH` — for development, tests and a
  deployment that has no gateway yet (nothing leaves the machine);
- `http`: POSTs to the province's gateway at `SMS_GATEWAY_URL` (basic auth with `SMS_GATEWAY_USERNAME` /
  `SMS_GATEWAY_PASSWORD` when set), the request body built from the JSON template `SMS_GATEWAY_TEMPLATE`
  whose strings may use `{to}` (E.164), `{text}` and `{ref}` (a stable id of the message, so a gateway
  that deduplicates can);
- or the dotted path of a class with the same `send(*, to, text, ref)` method.

`send` returns nothing on success and raises `SmsError` on any failure; the worker records and retries.
"""

import base64
import json
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


class SmsError(Exception):
    pass


class FileBackend:
    def __init__(self, path=None):
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, *, to: str, text: str, ref: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"to": to, "text": text, "ref": ref}, ensure_ascii=False) + "\n"
        try:
            with open(self.path, "a", encoding="utf-8") as sink:  # one write per line: appends stay whole
                sink.write(line)
        except OSError as exc:
            raise SmsError(f"cannot write {self.path.name}: {exc.strerror}") from exc


def _fill(template, values):
    """Substitutes the placeholders inside every string of the parsed template (no JSON injection)."""
    if isinstance(template, str):
        return template.format_map(values)
    if isinstance(template, list):
        return [_fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: _fill(item, values) for key, item in template.items()}
    return template


class HttpBackend:
    def __init__(self):
        self.url = settings.SMS_GATEWAY_URL
        if not self.url:
            raise ImproperlyConfigured("SMS_BACKEND=http needs SMS_GATEWAY_URL.")
        try:
            self.template = json.loads(settings.SMS_GATEWAY_TEMPLATE)
        except ValueError as exc:
            raise ImproperlyConfigured("SMS_GATEWAY_TEMPLATE must be JSON.") from exc
        self.username = settings.SMS_GATEWAY_USERNAME
        self.password = settings.SMS_GATEWAY_PASSWORD
        self.timeout = settings.SMS_GATEWAY_TIMEOUT

    def send(self, *, to: str, text: str, ref: str) -> None:
        try:
            payload = _fill(self.template, {"to": to, "text": text, "ref": ref})
        except (KeyError, IndexError, ValueError) as exc:
            raise ImproperlyConfigured(f"SMS_GATEWAY_TEMPLATE has an unknown placeholder: {exc}") from exc
        request = urllib.request.Request(
            self.url,
            data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        if self.username:
            pair = f"{self.username}:{self.password}".encode()
            request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode("ascii"))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                response.read(1024)
        except urllib.error.HTTPError as exc:
            raise SmsError(f"gateway answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SmsError(f"gateway unreachable: {getattr(exc, 'reason', exc)}") from exc


BACKENDS = {"file": FileBackend, "http": HttpBackend}


def get_backend():
    name = (settings.SMS_BACKEND or "file").strip()
    cls = BACKENDS.get(name.lower()) or (import_string(name) if "." in name else None)
    if cls is None:
        raise ImproperlyConfigured(f'SMS_BACKEND must be "file", "http" or a dotted path, not {name!r}.')
    return cls()
