import re
import time

import jwt
import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string

from addons.tiepdan_bridge.video import JitsiProvider, embed_context, get_provider

SECRET = "a-very-long-app-secret-that-must-never-leave-the-server"


@pytest.fixture
def jitsi(settings):
    settings.VIDEO_PROVIDER = "jitsi"
    settings.JITSI_DOMAIN = "meet.dongthap.gov.vn"
    settings.JITSI_APP_ID = "tiepdan"
    settings.JITSI_APP_SECRET = SECRET
    settings.JITSI_TOKEN_TTL_SECONDS = 3600
    return get_provider()


def chairman():
    return User(pk=7, username="chu_tich", first_name="A", last_name="Nguyễn Văn")


def test_get_provider_follows_the_setting(jitsi, settings):
    assert isinstance(jitsi, JitsiProvider)
    settings.VIDEO_PROVIDER = "zoomish"
    with pytest.raises(ImproperlyConfigured):
        get_provider()


def test_the_jwt_carries_the_claims_jitsi_checks_and_is_signed_with_the_app_secret(jitsi):
    room = jitsi.create_room("session:12")
    before = int(time.time())
    token = jitsi.join_info(room, chairman(), moderator=True).jwt
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience="jitsi", issuer="tiepdan")
    assert jwt.get_unverified_header(token)["alg"] == "HS256"
    assert claims["sub"] == "meet.dongthap.gov.vn"
    assert claims["room"] == room.name
    assert claims["nbf"] <= before and claims["exp"] >= before + 3600 - 5
    assert claims["context"]["user"]["name"] == "Nguyễn Văn A"
    assert claims["context"]["user"]["moderator"] is True


def test_an_ordinary_participant_is_not_moderator(jitsi):
    room = jitsi.create_room("session:12")
    token = jitsi.join_info(room, User(pk=8, username="citizen_site"), moderator=False).jwt
    claims = jwt.decode(token, SECRET, algorithms=["HS256"], audience="jitsi")
    assert claims["context"]["user"]["moderator"] is False
    assert claims["context"]["user"]["name"] == "citizen_site"


def test_a_token_signed_with_another_secret_or_expired_is_rejected(jitsi):
    room = jitsi.create_room("session:12")
    token = jitsi.join_info(room, chairman()).jwt
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "another-secret-of-sufficient-length-123", algorithms=["HS256"], audience="jitsi")
    old = jitsi.token_for(room.name, chairman(), now=int(time.time()) - 10 * 3600)
    with pytest.raises(jwt.ExpiredSignatureError):
        jwt.decode(old, SECRET, algorithms=["HS256"], audience="jitsi")


def test_without_app_credentials_no_token_is_issued(settings):
    settings.JITSI_APP_ID = ""
    settings.JITSI_APP_SECRET = ""
    provider = JitsiProvider()
    assert provider.join_info(provider.create_room("session:1"), chairman()).jwt is None


def test_room_names_carry_at_least_128_random_bits_and_never_repeat(jitsi):
    names = [jitsi.create_room("session:12").name for _ in range(2000)]
    assert len(set(names)) == len(names)
    for name in names[:50]:
        match = re.fullmatch(r"tcd-session-12-([0-9a-f]+)", name)
        assert match, name
        assert len(match.group(1)) * 4 >= 128  # hex digits × 4 bits, from secrets.token_hex
    # No random digit is stuck: every hex position takes many values across the sample.
    tails = [n.rsplit("-", 1)[1] for n in names]
    assert all(len({t[i] for t in tails}) >= 12 for i in range(len(tails[0])))


def test_the_lobby_is_on_camera_on_and_microphone_muted(jitsi):
    options = jitsi.join_info(jitsi.create_room("s"), chairman(), moderator=True).options
    assert options["lobby"] is True
    assert options["configOverwrite"]["startWithVideoMuted"] is False
    assert options["configOverwrite"]["startWithAudioMuted"] is True


def test_the_embed_fragment_loads_the_iframe_api_of_the_configured_domain_and_never_the_secret(jitsi):
    room = jitsi.create_room("session:12")
    join = jitsi.join_info(room, chairman(), moderator=True)
    html = render_to_string("tiepdan_bridge/video/jitsi_embed.html", embed_context(join))
    assert '<script src="https://meet.dongthap.gov.vn/external_api.js"></script>' in html
    assert '<script src="/static/tiepdan_bridge/jitsi_embed.js"></script>' in html  # starts it, not inline
    assert 'data-video-domain="meet.dongthap.gov.vn"' in html
    assert "<script>" not in html  # the CSP runs no inline script
    assert '"startWithVideoMuted": false' in html
    assert '"startWithAudioMuted": true' in html
    assert room.name in html
    assert join.jwt in html
    assert SECRET not in html
    assert '"lobby": true' in html


def test_a_bad_jitsi_domain_is_a_configuration_error(settings):
    settings.JITSI_DOMAIN = "https://meet.example.org/x"
    with pytest.raises(ImproperlyConfigured):
        JitsiProvider()
