"""The id of the request (or worker job) being handled, for log lines and for the messages it queues.

Set by `config.middleware.RequestLogMiddleware` from `X-Request-ID` (or generated); the notification outbox
stores it on each row, and the worker sets it again while it delivers that row, so one id links the
request's log line to the worker's lines for the jobs it caused.
"""

import contextvars

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def get_request_id() -> str:
    return current_request_id.get()
