"""Video adapters (Jitsi Meet, external link). `get_provider()` picks one from settings.VIDEO_PROVIDER."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import JoinInfo, Room, VideoProvider
from .external import ExternalLinkProvider, validate_meeting_url
from .jitsi import JitsiProvider

PROVIDERS = {JitsiProvider.code: JitsiProvider, ExternalLinkProvider.code: ExternalLinkProvider}


def get_provider(code: str | None = None) -> VideoProvider:
    code = (code or settings.VIDEO_PROVIDER or "").strip().lower()
    try:
        return PROVIDERS[code]()
    except KeyError:
        raise ImproperlyConfigured(
            f"VIDEO_PROVIDER must be one of {sorted(PROVIDERS)}, not {code!r}."
        ) from None


def embed_context(join: JoinInfo, *, element_id: str = "tiepdan-video") -> dict:
    """The context for templates/tiepdan_bridge/video/jitsi_embed.html: public, per-user values only."""
    return {
        "video_domain": join.domain,
        "video_element_id": element_id,
        "video_options_id": f"{element_id}-options",
        "video_options": {
            "roomName": join.room,
            "jwt": join.jwt,
            "userInfo": {"displayName": join.display_name},
            "moderator": join.moderator,
            "lang": "vi",
            **join.options,
        },
    }


__all__ = [
    "ExternalLinkProvider",
    "JitsiProvider",
    "JoinInfo",
    "Room",
    "VideoProvider",
    "embed_context",
    "get_provider",
    "validate_meeting_url",
]
