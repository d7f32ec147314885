"""Date and date-time fields of the whole API, within the project's date bounds (config/formats/bounds.py).

`TiepdanCaseConfig.ready()` maps every model DateField/DateTimeField of every ModelSerializer to these,
and serializers that declare a date field by hand use them directly: one rule for every module."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from config.formats import bounds


class BoundedDateField(serializers.DateField):
    default_error_messages = {"bounds": _("Enter a date between 01/01/1900 and 31/12/9998.")}

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not bounds.in_bounds(day):
            self.fail("bounds")
        return day


class BoundedDateTimeField(serializers.DateTimeField):
    default_error_messages = {"bounds": _("Enter a date between 01/01/1900 and 31/12/9998.")}

    def to_internal_value(self, value):
        moment = super().to_internal_value(value)  # DRF refuses an instant outside Python's range itself
        if not bounds.in_bounds(moment):
            self.fail("bounds")
        return moment


def install() -> None:
    """Every ModelSerializer of the project builds its date fields from these classes."""
    from django.db import models

    mapping = serializers.ModelSerializer.serializer_field_mapping
    mapping[models.DateField] = BoundedDateField
    mapping[models.DateTimeField] = BoundedDateTimeField
