"""A change page's read-only form rows written in one Python call (issue 13: the case page).

Unfold draws each form row through three templates (fieldset_row, fieldset_row_field,
field_readonly_value) and a dozen template tags; a case page of 25 read-only rows spent ~30 ms in them.
`readonly_row` writes the same HTML for a row whose fields are all read-only, plain values (no file, no
JSON, no conditional display); any other row goes through Unfold's templates as before
(config/templates/unfold/helpers/fieldset_row.html). test_readonly_rows_same_html.py compares both.
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from unfold.templatetags.unfold import fieldset_line_classes, fieldset_row_classes

register = template.Library()

COMPRESSED = (
    "lg:min-w-56 lg:w-56 lg:h-[38px] lg:flex lg:items-center lg:self-start lg:leading-[38px] lg:*:m-0"
)


def _plain_readonly(field) -> bool:
    return (
        getattr(field, "is_readonly", False)
        and not getattr(field, "is_checkbox", False)
        and not field.is_file
        and not field.is_json
    )


@register.simple_tag(takes_context=True)
def readonly_row(context, line):
    """The row's HTML, or "" when Unfold's templates must draw it (the caller then includes them)."""
    if context.get("has_conditional_display") or context.get("value") or context.get("outline"):
        return ""
    fields = list(line)
    if not fields or not all(_plain_readonly(f) for f in fields):
        return ""
    adminform = context.get("adminform")
    compressed = (
        COMPRESSED if adminform and getattr(adminform.model_admin, "compressed_fields", False) else ""
    )
    forloop = context.get("forloop") or {}
    cells = []
    for field in fields:
        contents = field.contents()
        shown = "-" if not contents or contents == "None" else conditional_escape(contents)
        help_text = field.field.get("help_text") if isinstance(field.field, dict) else None
        cells.append(
            format_html(
                '<div class="{}" ><div class="{}">{}</div><div class="grow relative">'
                '<div class="readonly break-words max-w-2xl *:rounded-default">{}</div>{}</div></div>',
                fieldset_line_classes({"field": field, "adminform": adminform}),
                compressed,
                field.label_tag(),
                shown,
                format_html('<div class="leading-relaxed mt-2 text-xs">\n{}\n</div>', mark_safe(help_text))
                if help_text
                else "",
            )
        )
    row_classes = fieldset_row_classes(
        {"line": line, "inline_admin_formset": context.get("inline_admin_formset")}
    )
    return format_html(
        '<div class="{} {}">{}</div>',
        row_classes,
        "last" if forloop.get("last") else "",
        mark_safe("".join(cells)),
    )
