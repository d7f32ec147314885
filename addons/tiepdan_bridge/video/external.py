"""An existing video-conference system reached through a plain link (validated https URL)."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .base import JoinInfo, Room, VideoProvider

MAX_URL_LENGTH = 2000
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$", re.I)


def _valid_host(host: str) -> bool:
    if not host:
        return False
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        ip = None
    if ip is not None:
        return not (ip.is_unspecified or ip.is_loopback or ip.is_multicast)
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.rstrip(".").split(".")
    if len(ascii_host) > 253 or len(labels) < 2:
        return False
    if not all(_LABEL.match(label) for label in labels):
        return False
    return not labels[-1].isdigit()


def validate_meeting_url(value: str) -> str:
    """Return the URL stripped of surrounding spaces, or raise ValidationError (Vietnamese message)."""
    url = (value or "").strip()
    if not url:
        raise ValidationError(_("Enter the meeting link."), code="required")
    if len(url) > MAX_URL_LENGTH or any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise ValidationError(_("The meeting link is not a valid address."), code="invalid")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(_("The meeting link is not a valid address."), code="invalid") from None
    if parts.scheme.lower() != "https":
        raise ValidationError(_("The meeting link must start with https://."), code="https_required")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValidationError(
            _("The meeting link must not contain a user name or password."), code="credentials"
        )
    if not _valid_host(parts.hostname or "") or port == 0:
        raise ValidationError(_("The meeting link does not name a valid server."), code="host")
    return url


class ExternalLinkProvider(VideoProvider):
    code = "external"

    def create_room(self, key: str, url: str = "", **kwargs) -> Room:
        url = validate_meeting_url(url)
        return Room(provider=self.code, name=url, url=url)

    def join_info(self, room: Room, user, *, moderator: bool = False) -> JoinInfo:
        url = validate_meeting_url(room.url)
        return JoinInfo(provider=self.code, url=url, moderator=moderator)
