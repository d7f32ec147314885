"""Lighter back-office pages: the indentation of Django's and Unfold's templates is a third of a list
page's HTML. Runs of blank space that contain a line break become one line break (scripts keep their
lines); the content of <textarea> and <pre> is left exactly as it is."""

import re

KEPT = re.compile(r"(<textarea\b.*?</textarea>|<pre\b.*?</pre>)", re.S | re.I)
SPACE = re.compile(r"[ \t\r]*\n\s*")


def compact_html(html: str) -> str:
    parts = KEPT.split(html)
    return "".join(part if index % 2 else SPACE.sub("\n", part) for index, part in enumerate(parts))


class CompactHtmlMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            "text/html" in response.get("Content-Type", "")
            and not getattr(response, "streaming", False)
            and not response.has_header("Content-Encoding")
        ):
            charset = response.charset or "utf-8"
            response.content = compact_html(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
