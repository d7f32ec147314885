"""Jitsi Meet: unguessable room names, a JWT per participant, the lobby on, camera on and microphone muted.

Token auth (prosody `token` module): HS256 with the app id as `iss` and the app secret as key; `aud`
is "jitsi" unless settings.JITSI_JWT_AUDIENCE says otherwise; `sub` is the Jitsi domain (or
settings.JITSI_JWT_SUBJECT); `room` the room name; `context.user` the display name and moderator flag.
Without an app id and secret the server is assumed open and no token is issued.
"""

from __future__ import annotations

import copy
import re
import secrets
import time
from urllib.parse import quote

import jwt
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import JoinInfo, Room, VideoProvider

ROOM_RANDOM_BYTES = 20  # 160 bits, written as lowercase hex (Jitsi folds room names to lower case)
_SLUG = re.compile(r"[^a-z0-9]+")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?$", re.I)

# NĐ 154 art. 21: participants are seen (camera on) and speak when given the floor (microphone muted).
CONFIG_OVERWRITE = {
    "startWithVideoMuted": False,
    "startWithAudioMuted": True,
    "prejoinConfig": {"enabled": True},
    "disableDeepLinking": True,
    "lobby": {"autoKnock": True, "enableChat": False},
    "defaultLanguage": "vi",
}
INTERFACE_CONFIG_OVERWRITE = {"SHOW_JITSI_WATERMARK": False, "SHOW_WATERMARK_FOR_GUESTS": False}


def _display_name(user) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or getattr(user, "username", "") or str(user)


class JitsiProvider(VideoProvider):
    code = "jitsi"

    def __init__(self, domain=None, app_id=None, app_secret=None, token_ttl=None):
        self.domain = (domain if domain is not None else settings.JITSI_DOMAIN).strip().lower()
        if not _DOMAIN.match(self.domain):
            raise ImproperlyConfigured(f"JITSI_DOMAIN is not a host name: {self.domain!r}")
        self.app_id = app_id if app_id is not None else settings.JITSI_APP_ID
        self.app_secret = app_secret if app_secret is not None else settings.JITSI_APP_SECRET
        self.token_ttl = int(token_ttl if token_ttl is not None else settings.JITSI_TOKEN_TTL_SECONDS)
        if bool(self.app_id) != bool(self.app_secret):
            raise ImproperlyConfigured("JITSI_APP_ID and JITSI_APP_SECRET must be set together.")

    @property
    def uses_tokens(self) -> bool:
        return bool(self.app_id and self.app_secret)

    @staticmethod
    def new_room_name(key: str) -> str:
        """`tcd-<readable key>-<160 random bits>`: the key only helps operators; the randomness guards."""
        slug = _SLUG.sub("-", str(key).lower()).strip("-")[:40]
        token = secrets.token_hex(ROOM_RANDOM_BYTES)
        return f"tcd-{slug}-{token}" if slug else f"tcd-{token}"

    def create_room(self, key: str, **kwargs) -> Room:
        name = self.new_room_name(key)
        return Room(provider=self.code, name=name, url=f"https://{self.domain}/{quote(name)}")

    def token_for(
        self, room_name: str, user, *, moderator: bool = False, now: int | None = None
    ) -> str | None:
        if not self.uses_tokens:
            return None
        now = int(time.time()) if now is None else now
        claims = {
            "aud": getattr(settings, "JITSI_JWT_AUDIENCE", "jitsi"),
            "iss": self.app_id,
            "sub": getattr(settings, "JITSI_JWT_SUBJECT", "") or self.domain,
            "room": room_name,
            "nbf": now - 10,
            "iat": now,
            "exp": now + self.token_ttl,
            "context": {
                "user": {
                    "id": str(getattr(user, "pk", "") or ""),
                    "name": _display_name(user),
                    "moderator": bool(moderator),
                    "affiliation": "owner" if moderator else "member",
                },
                "features": {"recording": bool(moderator), "livestreaming": False},
            },
            "moderator": bool(moderator),
        }
        return jwt.encode(claims, self.app_secret, algorithm="HS256")

    def options(self, *, moderator: bool) -> dict:
        return {
            "configOverwrite": copy.deepcopy(CONFIG_OVERWRITE),
            "interfaceConfigOverwrite": copy.deepcopy(INTERFACE_CONFIG_OVERWRITE),
            # The lobby is switched on by the first moderator who joins (IFrame command `toggleLobby`).
            "lobby": True,
        }

    def join_info(self, room: Room, user, *, moderator: bool = False) -> JoinInfo:
        return JoinInfo(
            provider=self.code,
            url=room.url,
            room=room.name,
            domain=self.domain,
            jwt=self.token_for(room.name, user, moderator=moderator),
            display_name=_display_name(user),
            moderator=moderator,
            options=self.options(moderator=moderator),
        )
