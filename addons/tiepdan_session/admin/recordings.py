"""The recordings part of the session page: upload, verify, the reason for a missing recording and the
chair's sign-off, and the press article (bao_ptth). Thin: every change is a services.recordings call."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminFileFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
    UnfoldAdminURLInputWidget,
)

from addons.tiepdan_case.roles import user_roles
from addons.tiepdan_case.services.errors import DomainError, Invalid

from ..models import AgendaItem, RecordingWaiver, SessionRecording
from ..services import recordings


class UploadForm(forms.Form):
    file = forms.FileField(label=_("recording file"), widget=UnfoldAdminFileFieldWidget)
    agenda_item = forms.ModelChoiceField(
        label=_("agenda item (for a recording cut per item)"),
        queryset=AgendaItem.objects.none(),
        required=False,
        widget=UnfoldAdminSelectWidget,
    )

    def __init__(self, *args, session, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.visible_to(user).filter(session=session)
        self.fields["agenda_item"].label_from_instance = lambda i: f"{i.order}. {i.case.code}"


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason there is no recording"), widget=UnfoldAdminTextareaWidget(attrs={"rows": 4})
    )


class ArticleForm(forms.Form):
    url = forms.CharField(label=_("address of the published article"), widget=UnfoldAdminURLInputWidget)
    title = forms.CharField(
        label=_("article title"), required=False, max_length=255, widget=UnfoldAdminTextInputWidget
    )


def _labels(form):
    for field in form.fields.values():
        field.label = capfirst(field.label)
    return form


def panel(user, session) -> dict:
    """What the session page shows of the recordings for this user."""
    rows = []
    for rec in (
        SessionRecording.objects.visible_to(user)
        .filter(session=session)
        .select_related("entry", "agenda_item__case", "verified_by")
    ):
        readable = recordings.can_read(user, rec)
        rows.append(
            {
                "recording": rec,
                "entry": rec.entry,
                "item": rec.agenda_item,
                "signature_ok": recordings.signature_ok(rec),
                "verification": rec.get_verification_display(),
                "verified_ok": rec.verification == "ok",
                "play_url": reverse("tiepdan_session:recording_file", args=[rec.pk, "play"])
                if readable
                else "",
                "download_url": reverse("tiepdan_session:recording_file", args=[rec.pk, "download"])
                if readable
                else "",
            }
        )
    roles = user_roles(user)
    state_ok = session.state in recordings.RECORDING_STATES
    waiver = RecordingWaiver.objects.visible_to(user).filter(session=session).first()
    return {
        "rows": rows,
        "can_upload": state_ok and bool(roles & recordings.MANAGERS),
        "can_verify": bool(roles & recordings.VERIFIERS),
        "waiver": waiver,
        "can_record_reason": state_ok
        and bool(roles & recordings.WAIVER_ROLES)
        and not (waiver and waiver.signed_off),
        "can_sign_off": state_ok
        and waiver is not None
        and not waiver.signed_off
        and user.pk == session.chair_id
        and "chu_tich" in roles,
        "shown": bool(rows)
        or waiver is not None
        or session.state in (*recordings.RECORDING_STATES, "closed"),
    }


class RecordingAdminMixin:
    """Pages hung under the session admin (`<id>/ban-ghi/...`)."""

    def recording_urls(self):
        view = self.admin_site.admin_view
        name = "tiepdan_session_receptionsession_"
        return [
            path("<path:object_id>/ban-ghi/tai-len/", view(self.upload_view), name=name + "recording_upload"),
            path(
                "<path:object_id>/ban-ghi/<int:recording_id>/kiem-tra/",
                view(self.verify_view),
                name=name + "recording_verify",
            ),
            path("<path:object_id>/ban-ghi/ly-do/", view(self.reason_view), name=name + "recording_reason"),
            path(
                "<path:object_id>/ban-ghi/ky-xac-nhan/",
                view(self.sign_off_view),
                name=name + "recording_sign_off",
            ),
            path("<path:object_id>/bai-viet/", view(self.article_view), name=name + "article"),
        ]

    def _session(self, request, object_id):
        session = (
            self.get_queryset(request).filter(pk=object_id).first() if str(object_id).isdigit() else None
        )
        if session is None:
            raise Http404
        return session

    def _change_url(self, session):
        return reverse("admin:tiepdan_session_receptionsession_change", args=[session.pk])

    def _form_page(self, request, session, form, title, submit_label, multipart=False, help_text=""):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{title} — {session.code}",
            "session": session,
            "form": form,
            "submit_label": submit_label,
            "multipart": multipart,
            "help_text": help_text,
            "change_url": self._change_url(session),
        }
        return TemplateResponse(request, "tiepdan_session/admin/session_form.html", context)

    def _run(self, request, form, call, done):
        """Call a service; its field errors land on the form (None = shown again), others as a message."""
        try:
            call()
        except Invalid as exc:
            for field, errors in (exc.fields or {None: [exc.message]}).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return None
        except DomainError as exc:
            messages.error(request, exc.message)
            return False
        messages.success(request, done)
        return True

    def upload_view(self, request, object_id):
        session = self._session(request, object_id)
        form = _labels(
            UploadForm(request.POST or None, request.FILES or None, session=session, user=request.user)
        )
        if request.method == "POST" and form.is_valid():
            result = self._run(
                request,
                form,
                lambda: recordings.upload_recording(
                    request.user,
                    session,
                    form.cleaned_data["file"],
                    agenda_item=form.cleaned_data["agenda_item"],
                ),
                _("The recording is stored in the signed archive and linked to the session."),
            )
            if result is not None:
                return redirect(self._change_url(session) + "#session-recordings")
        return self._form_page(
            request, session, form, _("Add a recording"), _("Store in the signed archive"), multipart=True
        )

    def verify_view(self, request, object_id, recording_id):
        session = self._session(request, object_id)
        if request.method == "POST":
            try:
                rec = recordings.verify_recording(
                    request.user,
                    SessionRecording.objects.filter(session=session, pk=recording_id).first() or 0,
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                level = messages.success if rec.verification == "ok" else messages.error
                level(request, f"{rec.entry.name}: {rec.get_verification_display()}")
        return redirect(self._change_url(session) + "#session-recordings")

    def reason_view(self, request, object_id):
        session = self._session(request, object_id)
        form = _labels(ReasonForm(request.POST or None))
        if request.method == "POST" and form.is_valid():
            result = self._run(
                request,
                form,
                lambda: recordings.record_missing_reason(request.user, session, form.cleaned_data["reason"]),
                _("The reason is recorded; the chair signs it off."),
            )
            if result is not None:
                return redirect(self._change_url(session) + "#session-recordings")
        return self._form_page(
            request,
            session,
            form,
            _("Why there is no recording"),
            _("Record the reason"),
            help_text=_(
                "The session can close without a verified recording only once the chair signs this off."
            ),
        )

    def sign_off_view(self, request, object_id):
        session = self._session(request, object_id)
        if request.method == "POST":
            try:
                recordings.sign_off_missing_reason(request.user, session)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("You signed off the reason for the missing recording."))
        return redirect(self._change_url(session) + "#session-recordings")

    def article_view(self, request, object_id):
        session = self._session(request, object_id)
        form = _labels(ArticleForm(request.POST or None, initial={"url": session.article_url}))
        if request.method == "POST" and form.is_valid():
            result = self._run(
                request,
                form,
                lambda: recordings.attach_article(
                    request.user, session, form.cleaned_data["url"], form.cleaned_data["title"]
                ),
                _("The article is linked; the public schedule shows it."),
            )
            if result is not None:
                return redirect(self._change_url(session))
        return self._form_page(request, session, form, _("Published article"), _("Attach the article"))
