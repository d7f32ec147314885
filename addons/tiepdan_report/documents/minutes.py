"""Biên bản buổi tiếp công dân trực tuyến (NĐ 154 arts. 14.1, 14.3, 26.1b), rendered from the session
module's `minutes_for(session)` (interface 2): the date, the chair and the note-taker, each site with the
officials and the citizens present, each item with the presentation, the agencies' reports, the chair's
conclusion, the outcome and the per-item confirmations (signed, thumbprinted, refused), the incidents.

The official text names everyone present, a denouncer too: the kept minutes of a session with a
denunciation are open only to handlers of every denunciation on its agenda (scoping.py)."""

from django.utils.translation import gettext as _

from ..pdf.layout import Grid, Heading, OfficialDocument, Para, Signature
from .session_notices import KIND_TEXT, WEEKDAYS

METHOD_TEXT = {"signed": "đã ký", "thumbprint": "đã điểm chỉ", "refused": "từ chối ký"}
STATUS_TEXT = {
    "present": "có mặt",
    "substitute": "người thay thế",
    "absent": "vắng mặt",
}
OUTCOME_TEXT = {"heard": "đã tiếp", "absent": "công dân vắng mặt", "postponed": "hoãn"}


def problems(session) -> list[str]:
    if session.state not in ("concluded", "closed"):
        return [_("The minutes are issued once the session is concluded.")]
    return []


def _hm(moment) -> str:
    return f"{moment:%H} giờ {moment:%M}" if moment else "…"


def _chair_text(chair) -> str:
    if chair.get("capacity") == "pho_chu_tich":
        return f"ông (bà) {chair['name']}, Phó Chủ tịch Ủy ban nhân dân tỉnh (được ủy quyền)"
    return f"ông (bà) {chair['name']}, Chủ tịch Ủy ban nhân dân tỉnh"


def build(session, issuer, *, number, date, replaces=None, signer_name="", data=None) -> OfficialDocument:
    from addons.tiepdan_session.services.minutes import minutes_for

    m = data or minutes_for(session)
    began = m.get("started_at") or m["start"]
    ended = m.get("concluded_at") or m["end"]
    body = []
    if replaces is not None:
        body.append(
            Para(
                f"Biên bản này thay thế Biên bản số {replaces.reference} ngày {replaces.issued_on:%d/%m/%Y} của "
                f"{issuer.name}."
            )
        )
    body += [
        Para(
            f"Vào hồi {_hm(began)}, {WEEKDAYS[began.weekday()]}, ngày {began:%d/%m/%Y}, tại điểm cầu chính "
            f"{m['host_site']['name']}, {_chair_text(m['chair'])} chủ trì buổi tiếp công dân "
            f"{KIND_TEXT.get(m.get('kind', ''), '')} trực tuyến (phiên {m['code']})."
        ),
        Para(f"Người ghi biên bản: {m.get('note_taker') or '…'}."),
        Heading("I. THÀNH PHẦN"),
    ]
    for i, site in enumerate(m["sites"], 1):
        label = " (điểm cầu chính)" if site.get("is_host") else ""
        body.append(Para(f"{i}. Điểm cầu {site['name']}{label}:", style="body_plain"))
        for o in site.get("officials", []):
            position = ", ".join(x for x in (o.get("position"), o.get("agency")) if x)
            body.append(Para(f"- Ông (bà) {o['name']}" + (f", {position}" if position else "") + ";"))
        for c in site.get("citizens", []):
            status = STATUS_TEXT.get(c.get("status"), c.get("status_label", ""))
            extra = f", thay cho ông (bà) {c['substitute_for']}" if c.get("substitute_for") else ""
            body.append(
                Para(f"- Công dân: ông (bà) {c['name']} ({c.get('invited_as', '')}, {status}{extra});")
            )
    body.append(Heading("II. NỘI DUNG"))
    for item in m["items"]:
        head = f"Vụ việc thứ {item['order']}"
        if item.get("case_code"):
            head += f": {item['case_code']} ({item.get('case_type', '')})"
        outcome = OUTCOME_TEXT.get(item.get("outcome", ""), item.get("outcome_label", ""))
        body.append(Para(head + (f" — {outcome}" if outcome else "") + ".", style="body_plain"))
        if item.get("title"):
            body.append(Para(f"Nội dung: {item['title']}."))
        if item.get("presentation"):
            body.append(Para(f"Công dân trình bày: {item['presentation']}"))
        for report in item.get("agency_reports", []):
            body.append(Para(f"Ý kiến của {report['agency']}: {report['text']}"))
        if item.get("conclusion"):
            body.append(Para(f"Kết luận của người chủ trì: {item['conclusion']}"))
        for d in item.get("directives", []):
            deadline = f", thời hạn {d['deadline']:%d/%m/%Y}" if d.get("deadline") else ""
            body.append(Para(f"Giao {d['lead']}: {d['instruction']}{deadline}."))
        if item.get("no_recording") or item.get("no_streaming"):
            body.append(
                Para(
                    "Phần này không ghi hình, không truyền trực tiếp"
                    + (f" ({item['restriction_reason']})" if item.get("restriction_reason") else "")
                    + "."
                )
            )
        confirmations = item.get("confirmations", [])
        if confirmations:
            rows = [
                [
                    str(i),
                    c["name"],
                    METHOD_TEXT.get(c.get("method"), c.get("method_label", ""))
                    + (f": {c['refusal_reason']}" if c.get("refusal_reason") else ""),
                ]
                for i, c in enumerate(confirmations, 1)
            ]
            body += [
                Para("Xác nhận nội dung trình bày:"),
                Grid(["STT", "Người trình bày", "Xác nhận"], rows, [0.08, 0.46, 0.46], centre_columns=(0,)),
            ]
    incidents = m.get("incidents", [])
    if incidents:
        body.append(Heading("III. SỰ CỐ KỸ THUẬT"))
        rows = [
            [
                str(i),
                x.get("site_name", x.get("site", "")),
                x.get("kind_label", ""),
                f"{x['started_at']:%H:%M}" + (f" – {x['ended_at']:%H:%M}" if x.get("ended_at") else ""),
                x.get("note", ""),
            ]
            for i, x in enumerate(incidents, 1)
        ]
        body.append(
            Grid(["STT", "Điểm cầu", "Sự cố", "Thời gian", "Ghi chú"], rows, [0.07, 0.28, 0.2, 0.17, 0.28])
        )
    body.append(
        Para(
            f"Buổi tiếp công dân kết thúc vào hồi {_hm(ended)} cùng ngày. Biên bản được đọc lại cho những người "
            "có mặt cùng nghe; từng nội dung trình bày đã được người trình bày xác nhận như trên."
        )
    )
    return OfficialDocument(
        parent_body=issuer.parent_body,
        issuing_body=issuer.body,
        code=f"BB-{issuer.suffix}",
        number=number,
        place=issuer.place,
        date=date,
        doc_type="Biên bản",
        subject="Buổi tiếp công dân trực tuyến của Chủ tịch Ủy ban nhân dân tỉnh",
        body=body,
        signatures=[
            Signature(["NGƯỜI GHI BIÊN BẢN"], m.get("note_taker") or "", note="(Ký, ghi rõ họ tên)"),
            Signature(["NGƯỜI CHỦ TRÌ"], m["chair"]["name"], note="(Ký, ghi rõ họ tên)"),
        ],
        title=f"Biên bản buổi tiếp công dân — {m['code']}",
    )
