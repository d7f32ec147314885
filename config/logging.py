"""Log formats: JSON lines in production (one object per line, for the province's log collector) and
plain readable lines in development (`make run`). Chosen by LOG_FORMAT (`json` or `plain`).

Every line carries the id of the request (or worker job) it belongs to (`config.request_context`). Only
the fields below are ever added to a line: ids, the route pattern, status and duration — never a name, a
phone number, a query string or a form field.
"""

import datetime as dt
import json
import logging

from config.request_context import get_request_id

EXTRA_FIELDS = ("user_id", "method", "route", "status", "duration_ms", "notification_id")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = get_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        data = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", None) or get_request_id() or None,
            "message": record.getMessage(),
        }
        for name in EXTRA_FIELDS:
            if hasattr(record, name):
                data[name] = getattr(record, name)
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)-7s [%(request_id)s] %(name)s: %(message)s")


def logging_config(fmt: str, level: str) -> dict:
    if fmt not in ("json", "plain"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f'LOG_FORMAT must be "json" or "plain", not {fmt!r}.')
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "config.logging.JsonFormatter"},
            "plain": {"()": "config.logging.PlainFormatter"},
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": fmt}
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # The request line is ours (config.middleware); Django's own 4xx warnings would repeat it.
            "django.request": {"level": "ERROR"},
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "mail.log": {"level": "WARNING"},  # aiosmtpd in the tests
        },
    }
