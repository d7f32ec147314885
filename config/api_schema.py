"""The OpenAPI schema tells every error answer the API can give (SPECTACULAR_SETTINGS hook).

Every operation may answer 400 (bad input), 401 (not signed in), 403 (role), 404 (not found or not
visible) and 429 (throttled) — the exception handler turns each into `{code, detail, fields}` —, and a write
may answer 409 (a rule or the state forbids it). Some views list their errors with `extend_schema`; this
hook adds those they leave out, so a client (and the schemathesis run in CI) can rely on the schema."""

MEANING = {
    "400": "Dữ liệu gửi lên không hợp lệ (lỗi theo từng trường trong `fields`).",
    "401": "Chưa đăng nhập hoặc token không hợp lệ.",
    "403": "Vai trò của bạn không được làm việc này.",
    "404": "Không tìm thấy, hoặc nằm ngoài phạm vi bạn được xem.",
    "409": "Trạng thái hiện tại hoặc quy định không cho phép thao tác này.",
    "429": "Quá nhiều yêu cầu; chờ một lúc rồi thử lại.",
}
WRITES = {"post", "put", "patch", "delete"}


def add_error_responses(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    if "Error" not in schemas:
        return result
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", *WRITES}:
                continue
            responses = operation.setdefault("responses", {})
            for code, text in MEANING.items():
                if code == "409" and method not in WRITES:
                    continue
                responses.setdefault(
                    code,
                    {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                        "description": text,
                    },
                )
    return result
