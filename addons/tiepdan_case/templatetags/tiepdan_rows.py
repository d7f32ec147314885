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


PEOPLE_CELL = (
    '<td class="min-h-[62.5px] align-middle border-b max-md:border-b border-base-200 '
    "lg:group-[.last]/parent:border-b-0 dark:border-base-800 field-{} group field-tabular  p-3 lg:py-3 flex "
    "items-center before:capitalize before:font-semibold before:content-[attr(data-label)] "
    "before:text-font-important-light dark:before:text-font-important-dark before:mr-auto before:font-text "
    "before:pr-4 lg:before:hidden font-normal px-3 lg:first:pl-3 lg:last:pr-3 lg:px-1.5 text-left "
    'lg:table-cell  " data-label="{}">\n<div class="flex flex-row gap-3 items-center">\n'
    '<div class="readonly break-words max-w-2xl *:rounded-default">{}</div>\n</div>\n</td>\n'
)


@register.simple_tag
def readonly_cells(inline_admin_form):
    """The cells of one read-only row of participants_readonly.html (Unfold's tabular cell of a read-only
    field, written in one call instead of a template loop per cell: issue 13)."""
    cells = []
    for fieldset in inline_admin_form:
        for line in fieldset:
            for field in line:
                contents = field.contents()
                shown = "-" if not contents or contents == "None" else conditional_escape(contents)
                cells.append(format_html(PEOPLE_CELL, field.field["name"], field.field["label"], shown))
    return mark_safe("".join(cells))


@register.simple_tag
def people_colspan(inline_admin_formset, inline_admin_form):
    """Django's `cell_count` of a row, counted once for the formset: every read-only row has the same
    cells (the same fields, no delete box)."""
    from django.contrib.admin.templatetags.admin_modify import cell_count

    counted = getattr(inline_admin_formset, "_tiepdan_cell_count", None)
    if counted is None:
        counted = inline_admin_formset._tiepdan_cell_count = cell_count(inline_admin_form)
    return counted
