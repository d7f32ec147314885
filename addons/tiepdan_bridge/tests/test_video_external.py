import pytest
from django.core.exceptions import ValidationError

from addons.tiepdan_bridge.video import ExternalLinkProvider, get_provider, validate_meeting_url


def messages(url):
    with pytest.raises(ValidationError) as info:
        validate_meeting_url(url)
    return info.value.messages


def test_an_https_link_to_a_real_host_is_accepted_and_becomes_the_room(settings):
    settings.VIDEO_PROVIDER = "external"
    provider = get_provider()
    assert isinstance(provider, ExternalLinkProvider)
    room = provider.create_room("session:3", url="  https://hop.dongthap.gov.vn/phong/tcd-03?pwd=x  ")
    assert room.url == "https://hop.dongthap.gov.vn/phong/tcd-03?pwd=x"
    assert provider.join_info(room, None).url == room.url


@pytest.mark.parametrize(
    "url",
    ["https://vc.dongthap.gov.vn", "https://10.82.1.5:8443/room", "https://họp.việtnam.vn/phòng"],
)
def test_valid_links(url):
    assert validate_meeting_url(url) == url


@pytest.mark.parametrize("url", ["http://vc.dongthap.gov.vn/room", "javascript:alert(1)", "ftp://x.vn/a"])
def test_a_link_that_is_not_https_is_refused_in_vietnamese(url):
    assert messages(url) == ["Đường dẫn cuộc họp phải bắt đầu bằng https://."]


def test_a_link_with_a_user_name_or_password_is_refused():
    assert messages("https://admin:matkhau@vc.dongthap.gov.vn/room") == [
        "Đường dẫn cuộc họp không được chứa tên đăng nhập hoặc mật khẩu."
    ]
    assert messages("https://admin@vc.dongthap.gov.vn/room")


@pytest.mark.parametrize(
    "url",
    ["https://localhost/room", "https:///room", "https://-bad-.vn/", "https://127.0.0.1/", "https://a..vn/"],
)
def test_a_link_without_a_valid_host_is_refused(url):
    assert messages(url) == ["Đường dẫn cuộc họp không chỉ tới một máy chủ hợp lệ."]


def test_an_empty_or_malformed_link_is_refused():
    assert messages("") == ["Vui lòng nhập đường dẫn cuộc họp."]
    assert messages("https://vc.dongthap.gov.vn/a b") == [
        "Đường dẫn cuộc họp không phải là một địa chỉ hợp lệ."
    ]
    assert messages("https://vc.dongthap.gov.vn:99999/") == [
        "Đường dẫn cuộc họp không phải là một địa chỉ hợp lệ."
    ]
