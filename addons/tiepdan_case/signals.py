"""Signals the case module sends; higher modules (sessions) listen. The case module never imports them."""

from django.dispatch import Signal

# Sent inside the transaction when a case goes from `scheduled` back to `accepted` (protection asked,
# eligibility lost, session cancelled, citizen absent). kwargs: case, actor, reason.
case_left_schedule = Signal()
