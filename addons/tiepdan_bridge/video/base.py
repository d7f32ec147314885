"""The video-provider interface: what the session module asks of any video system.

A provider knows nothing of sessions: it is given an opaque key (e.g. "session:12") and returns a `Room`
the caller stores; later it builds, per participant, what the browser may receive (`JoinInfo`). Secrets
(a Jitsi app secret) stay on the server; only a per-user token leaves it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Room:
    provider: str
    name: str  # Jitsi: the unguessable room name; external: the validated URL
    url: str


@dataclass(frozen=True)
class JoinInfo:
    """Everything one participant's browser needs to join; nothing else (never a server secret)."""

    provider: str
    url: str
    room: str = ""
    domain: str = ""
    jwt: str | None = None
    display_name: str = ""
    moderator: bool = False
    options: dict = field(default_factory=dict)

    @property
    def embeddable(self) -> bool:
        return bool(self.domain)


class VideoProvider(ABC):
    code: str = ""

    @abstractmethod
    def create_room(self, key: str, **kwargs) -> Room:
        """A new room for `key` (the caller stores the result; calling twice gives two rooms)."""

    @abstractmethod
    def join_info(self, room: Room, user, *, moderator: bool = False) -> JoinInfo:
        """What `user`'s browser receives to join `room`."""
