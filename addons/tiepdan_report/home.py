"""The admin home (Unfold's DASHBOARD_CALLBACK, config/unfold.py): the case module's work queue, then the
managers' figures of this module for the roles that have them."""

import json

from addons.tiepdan_case.workqueue import dashboard_callback as work_queue_callback
from config.db_router import reading_from_replica

from .services.dashboard import figures_for


def dashboard_callback(request, context) -> dict:
    context = work_queue_callback(request, context)
    with reading_from_replica():  # a dashboard: read from the replica when one is configured
        figures = figures_for(request.user)
    if figures.get("agency_view"):
        context["dashboard"] = figures
        context.setdefault("home_panels", []).append("tiepdan_report/admin/agency_dashboard.html")
    elif figures:
        months = figures["received_per_month"]
        context["dashboard"] = figures
        context["dashboard_chart"] = json.dumps(
            {
                "labels": [m["month"] for m in months],
                "datasets": [{"label": "Vụ việc tiếp nhận", "data": [m["value"] for m in months]}],
            }
        )
        context.setdefault("home_panels", []).append("tiepdan_report/admin/dashboard.html")
    return context
