import pytest
from rest_framework.test import APIClient

from .api_support import API, assert_error, client_for, post_json
from .second_factor import code_for, enrol, token_credentials

pytestmark = pytest.mark.django_db

PASSWORD = "Test@12345678"  # set by factories.make_user


def test_a_user_exchanges_username_and_password_for_a_token_that_opens_the_api(board_user):
    response = post_json(APIClient(), f"{API}/auth/token/", token_credentials(board_user, PASSWORD))

    assert response.status_code == 200
    body = response.json()
    assert body["roles"] == ["ban_tcd"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert client.get(f"{API}/cases/").status_code == 200


def test_asking_twice_returns_the_same_token(board_user):
    first = post_json(APIClient(), f"{API}/auth/token/", token_credentials(board_user, PASSWORD))
    second = post_json(APIClient(), f"{API}/auth/token/", token_credentials(board_user, PASSWORD))
    assert first.json()["token"] == second.json()["token"]


def test_a_wrong_password_is_refused_with_401(board_user):
    response = post_json(
        APIClient(), f"{API}/auth/token/", {"username": board_user.username, "password": "sai"}
    )
    body = assert_error(response, 401, "authentication_failed")
    assert body["detail"] == "Sai tên đăng nhập hoặc mật khẩu."


def test_an_inactive_user_gets_no_token(board_user):
    board_user.is_active = False
    board_user.save()
    response = post_json(APIClient(), f"{API}/auth/token/", token_credentials(board_user, PASSWORD))
    assert_error(response, 401, "authentication_failed")


def test_a_token_request_without_password_names_the_missing_field(board_user):
    body = assert_error(post_json(APIClient(), f"{API}/auth/token/", {"username": "x"}), 400, "invalid")
    assert list(body["fields"]) == ["password"]


def test_without_credentials_the_api_answers_401_in_the_error_format():
    response = APIClient().get(f"{API}/cases/")
    body = assert_error(response, 401, "not_authenticated")
    assert body["detail"].startswith("Vui lòng đăng nhập")
    assert response["WWW-Authenticate"].startswith("Token")


def test_an_unknown_token_is_refused_with_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token deadbeef")
    assert_error(client.get(f"{API}/citizens/"), 401, "authentication_failed")


def test_a_signed_in_browser_session_also_opens_the_api(board_user):
    client = APIClient()
    # Through the login page, as a browser does (django-axes checks every login against its request).
    board_user.is_staff = True
    board_user.save(update_fields=["is_staff"])
    response = client.post("/login/", {"username": board_user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    # ban_tcd signs in with a second factor (issue 12): the password alone does not open the API
    assert_error(client.get(f"{API}/cases/"), 403, "second_factor_required")
    code = code_for(enrol(board_user))
    assert client.post("/tai-khoan/xac-thuc/", {"code": code}).status_code == 302
    assert client.get(f"{API}/cases/").status_code == 200


def test_reference_lists_are_open_to_every_signed_in_role(user_in_role):
    client = client_for(user_in_role("bao_ptth"))
    units = client.get(f"{API}/units/").json()
    assert units["count"] >= 103  # the province and its 102 communes and wards
    my_tho = client.get(f"{API}/units/28261/").json()
    assert my_tho["name"] == "Phường Mỹ Tho" and my_tho["parent"] == "82"
    agency = client.get(f"{API}/agencies/ban-tcd-nc/").json()
    assert agency["kind"] == "ban_tcd"
    assert_error(client.get(f"{API}/units/00000/"), 404, "not_found")
    assert_error(client.post(f"{API}/units/", {}), 405, "method_not_allowed")
