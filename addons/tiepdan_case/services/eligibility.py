"""May this case be received online? (NĐ 154 art. 20; provincial plan II.4.) Shared interface 3.

`eligibility_problems(case)` lists, in Vietnamese and citing the rule, every reason the case may not be
received online as it stands (empty list: it may). The case workflow calls it at `accept` and `schedule`;
the session module calls it before putting a case on an agenda. `schedule_problems(case)` adds what an
online session also needs from the case's people (representatives, NĐ 154 art. 22.4).
"""

from django.utils.translation import gettext as _

from ..choices import CaseType, Eligibility
from .cases import representatives_errors

E = Eligibility
COMPLAINT_ONLY = {E.TTG_CHI_DAO, E.DA_GIAI_QUYET_DUNG}
MANY_PEOPLE = {E.DONG_NGUOI_CHUA_GIAI_QUYET, E.DONG_NGUOI_HET_THAM_QUYEN}
NOT_DENUNCIATION = {E.PHUC_TAP_NHIEU_CO_QUAN, E.VUNG_KHO_KHAN, *MANY_PEOPLE}
KN_KN_PA = {CaseType.KHIEU_NAI, CaseType.KIEN_NGHI, CaseType.PHAN_ANH}
# Several people about one matter (the plan's "nhiều người"); a group under Luật TCD art. 30 is 5 or more.
MANY_PEOPLE_MIN = 2


def _label(code: str) -> str:
    return str(E(code).label)


def code_problems(case) -> list[str]:
    """Whether the chosen eligibility code fits this case (type, people, protection, competence, wish)."""
    code = case.eligibility
    if not code:
        return []
    label = _label(code)
    problems = []
    if code in COMPLAINT_ONLY and case.case_type != CaseType.KHIEU_NAI:
        problems.append(
            _("“%(label)s” applies only to a complaint (provincial plan II.4).") % {"label": label}
        )
    if code in NOT_DENUNCIATION and case.case_type not in KN_KN_PA:
        if code == E.VUNG_KHO_KHAN:
            message = _(
                "“%(label)s” applies only to a complaint, recommendation or report (Decree 154 art. 20.2)."
            )
        else:
            message = _(
                "“%(label)s” applies only to a complaint, recommendation or report (Decree 154 art. 20.1)."
            )
        problems.append(message % {"label": label})
    if code in MANY_PEOPLE and case.group_size < MANY_PEOPLE_MIN:
        problems.append(
            _(
                "“%(label)s” applies only to a case of 2 or more people about one matter (provincial plan "
                "II.4); this case has %(size)d."
            )
            % {"label": label, "size": case.group_size}
        )
    if code == E.TO_CAO_PHUC_TAP:
        if case.case_type != CaseType.TO_CAO:
            problems.append(
                _("“%(label)s” applies only to a denunciation (Decree 154 art. 20.4).") % {"label": label}
            )
        elif case.identity_protection:
            problems.append(
                _("This eligibility is only for a denunciation whose denouncer does not ask for protection.")
            )
        if not case.within_provincial_competence:
            problems.append(
                _(
                    "“%(label)s” applies only to a denunciation within the provincial chairman's competence "
                    "(provincial plan II.4; Decree 154 art. 19.2)."
                )
                % {"label": label}
            )
    if code == E.VUNG_KHO_KHAN and not case.wishes_online:
        problems.append(
            _(
                "“%(label)s” needs the citizen's wish to be received online; record it on the case "
                "(Decree 154 art. 20.2)."
            )
            % {"label": label}
        )
    return problems


def eligibility_problems(case) -> list[str]:
    """Every reason this case may not be received online now (empty: it may)."""
    if case.asks_protection:
        return [
            _(
                "The denouncer asks for protection measures: the case can never be received online "
                "(Decree 154 art. 20.4)."
            )
        ]
    if not case.eligibility:
        return [_("Choose the eligibility for online reception before accepting the case.")]
    return code_problems(case)


def online_people_problems(case) -> list[str]:
    """NĐ 154 art. 22.4: several people about one matter send representatives to an online reception."""
    if case.group_size < MANY_PEOPLE_MIN:
        return []
    roles = [p.role for p in case.participants.all()]
    if "nguoi_dai_dien" in roles:
        return []
    return [
        _(
            "%(size)d people raise this matter: name at least one representative before it is put on a "
            "session agenda (Decree 154 art. 22.4)."
        )
        % {"size": case.group_size}
    ]


def representatives_problems(case) -> list[str]:
    """The representatives rule (Luật TCD arts. 29–30), checked again after the case has been edited."""
    return representatives_errors(case.group_size, [p.role for p in case.participants.all()])


def appointment_problems(case) -> list[str]:
    """Luật TCD arts. 29–30: a group of 5 or more appoints its representatives in a document it signs;
    the case keeps its reference and its scan."""
    if case.group_size < 5 or (
        case.representatives_appointment.strip() and case.representatives_appointment_file_id
    ):
        return []
    return [
        _(
            "%(size)d people raise this matter: record the written appointment of their representatives "
            "(document reference and scanned copy) before the case is accepted (Law on Citizen Reception "
            "arts. 29–30)."
        )
        % {"size": case.group_size}
    ]


def accept_problems(case) -> list[str]:
    """What stops the board from accepting this case for online reception now."""
    return eligibility_problems(case) + representatives_problems(case) + appointment_problems(case)


def schedule_problems(case) -> list[str]:
    """What stops this case from being put on an online session's agenda now."""
    return accept_problems(case) + online_people_problems(case)
