"""A session run at the console and concluded (issue 10's services), for the minutes and the notice of
conclusions: two cases of Mỹ Tho — a complaint heard with a directive, a denunciation heard with one."""

from addons.tiepdan_bridge.models import BridgeSite
from addons.tiepdan_case.models import Agency
from addons.tiepdan_case.tests.admin_helpers import staff_user
from addons.tiepdan_case.tests.factories import MY_THO, CitizenFactory
from addons.tiepdan_session.services import console as svc
from addons.tiepdan_session.services import workflow
from addons.tiepdan_session.services.directives import draft_directive
from addons.tiepdan_session.tests.common import accepted_case, check_in_all, people, running_session

from .sessions import APPLICANT, DENOUNCER

CONCLUSION = "Giao Sở Nông nghiệp và Môi trường kiểm tra lại việc bồi thường."
SECRET_CONCLUSION = f"Bảo vệ bà {DENOUNCER}; giao Thanh tra tỉnh xác minh."
REDACTED = "Giao Thanh tra tỉnh xác minh nội dung tố cáo."


def _clerk(invitation):
    return staff_user("ubnd_xa", commune=invitation.agenda_item.case.unit.code)


def run_session(conclude=True):
    p = people()
    complaint = accepted_case(MY_THO, applicant=CitizenFactory(full_name=APPLICANT))
    denunciation = accepted_case(MY_THO, case_type="to_cao", applicant=CitizenFactory(full_name=DENOUNCER))
    session = running_session(p, cases=[complaint, denunciation])
    board = p["board"]
    first, second = session.agenda.order_by("order")
    svc.record_official(board, session.pk, BridgeSite.objects.get(code="TINH-TTHN"), full_name="Phạm Văn Dũng", position="Trưởng ban")  # fmt: skip
    for item, conclusion in ((first, CONCLUSION), (second, SECRET_CONCLUSION)):
        check_in_all(_clerk, session, item)
        svc.record_statements(
            board, session.pk, item.pk, presentation="Trình bày nội dung", conclusion=conclusion
        )
        svc.record_outcome(board, session.pk, item.pk, "heard")
    draft_directive(first, instruction=CONCLUSION, lead_agency=Agency.objects.get(code="so-nn-mt"), working_days=10, actor=board)  # fmt: skip
    draft_directive(second, instruction=SECRET_CONCLUSION, redacted_instruction=REDACTED, lead_agency=Agency.objects.get(code="thanh-tra-tinh"), working_days=15, actor=board)  # fmt: skip
    if conclude:
        workflow.perform(board, session.pk, "conclude")
    session.refresh_from_db()
    return p, session
