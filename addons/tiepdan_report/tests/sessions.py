"""Sessions for the report tests: an announced session with two communes' cases, one a denunciation,
an invited agency, the citizens' invitations derived by the session module."""

from addons.tiepdan_case.models import Agency
from addons.tiepdan_case.tests.factories import DAO_THANH, MY_THO, CitizenFactory
from addons.tiepdan_session.services import planning, workflow
from addons.tiepdan_session.tests.common import accepted_case, new_session, people

DENOUNCER = "Trần Thị Tố Giác"
APPLICANT = "Lê Văn Khiếu"
OTHER = "Phạm Thị Đào Thanh"


def announced_session_with_cases():
    """(people, session, {"khieu_nai": case, "to_cao": case, "dao_thanh": case})."""
    p = people()
    cases = {
        "khieu_nai": accepted_case(MY_THO, applicant=CitizenFactory(full_name=APPLICANT)),
        "to_cao": accepted_case(MY_THO, case_type="to_cao", applicant=CitizenFactory(full_name=DENOUNCER)),
        "dao_thanh": accepted_case(DAO_THANH, applicant=CitizenFactory(full_name=OTHER)),
    }
    session = new_session(p["board"], p["chair"], focus="Đất đai, bồi thường, hỗ trợ tái định cư")
    for case in cases.values():
        planning.add_case(p["board"], session, case)
    planning.invite_agency(p["board"], session, Agency.objects.get(code="so-nn-mt"), "dossier")
    workflow.perform(p["board"], session.pk, "submit")
    workflow.perform(p["chair"], session.pk, "approve")
    workflow.perform(p["board"], session.pk, "announce")
    session.refresh_from_db()
    return p, session, cases
