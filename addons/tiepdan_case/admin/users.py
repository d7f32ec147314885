"""Users and role groups, managed by the system administrators (quan_tri)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin, StackedInline
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm
from unfold.widgets import UnfoldAdminTextInputWidget

from ..models import UserProfile
from ..people import split_full_name
from ..roles import ROLE_NAMES

admin.site.unregister(User)
admin.site.unregister(Group)


class FullNameMixin:
    """One field "Họ và tên" (family name first), stored as Django's last_name + first_name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["full_name"] = self.instance.get_full_name()

    def save(self, commit=True):
        if "full_name" in self.cleaned_data:
            self.instance.last_name, self.instance.first_name = split_full_name(
                self.cleaned_data["full_name"]
            )
        return super().save(commit)


def _full_name_field():
    return forms.CharField(
        label=_("Full name"),
        max_length=300,
        required=False,
        help_text=_("Family name first, as on the identity card: Lê Văn Tiếp."),
        widget=UnfoldAdminTextInputWidget,
    )


class UserForm(FullNameMixin, UserChangeForm):
    full_name = _full_name_field()


class NewUserForm(FullNameMixin, UserCreationForm):
    full_name = _full_name_field()


class UserProfileInline(StackedInline):
    model = UserProfile
    can_delete = False
    extra = 1
    max_num = 1
    fields = ("agency", "unit", "position", "phone", "identity_custodian")
    autocomplete_fields = ("agency", "unit")
    verbose_name = _("work profile")
    verbose_name_plural = _("work profile")


@admin.register(User)
class UserAdmin(BaseUserAdmin, ModelAdmin):
    form = UserForm
    add_form = NewUserForm
    change_password_form = AdminPasswordChangeForm
    inlines = (UserProfileInline,)
    list_display = ("username", "full_name", "roles", "agency", "commune", "is_active", "second_factor")
    list_filter = ("is_active", "groups")
    list_select_related = ("profile__agency", "profile__unit")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "email")}),
        (
            _("Roles and access"),
            {
                "fields": ("is_active", "groups"),
                "description": _("Each role gives the screens and data of one department."),
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    ordering = ("last_name", "first_name", "username")

    OWN_ACCESS_FIELDS = ("is_active", "groups", "is_staff", "is_superuser")

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            # Separation of duties (issue 6): nobody changes their own roles or access.
            fields += self.OWN_ACCESS_FIELDS
        return fields

    actions = ("revoke_api_tokens", "reset_second_factor")

    @admin.action(description=_("Reset two-factor sign-in of the selected users"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        """A lost phone: the user enrols again at the next sign-in. Logged; their sessions and tokens end."""
        from ..services import second_factor
        from ..services.errors import DomainError

        done = 0
        for user in queryset:
            try:
                second_factor.reset_second_factor(user, actor=request.user)
            except DomainError as error:
                self.message_user(request, error.message, level="error")
                continue
            done += 1
        if done:
            self.message_user(request, _("Two-factor sign-in reset: %(count)d user(s).") % {"count": done})

    def get_urls(self):
        from django.urls import path

        from .lockouts import lockouts_view

        own = [
            path(
                "khoa-dang-nhap/",
                self.admin_site.admin_view(lambda request: lockouts_view(self, request)),
                name="auth_user_lockouts",
            )
        ]
        return own + super().get_urls()

    @admin.action(description=_("Revoke the API tokens of the selected users"), permissions=["change"])
    def revoke_api_tokens(self, request, queryset):
        from rest_framework.authtoken.models import Token

        from ..services.audit import record_event

        revoked = 0
        for user in queryset:
            count, _rows = Token.objects.filter(user=user).delete()
            if count:
                revoked += 1
                record_event(user, request.user, "changed", action="api_token_revoked")
        self.message_user(request, _("API tokens revoked: %(count)d user(s).") % {"count": revoked})

    def get_queryset(self, request):
        from django.db.models import Exists, OuterRef
        from django_otp.plugins.otp_totp.models import TOTPDevice

        enrolled = TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True)
        return (
            super()
            .get_queryset(request)
            .select_related("profile__agency", "profile__unit")
            .prefetch_related("groups")
            .annotate(has_second_factor=Exists(enrolled))
        )

    @admin.display(description=_("two-factor sign-in"), boolean=True)
    def second_factor(self, obj):
        return obj.has_second_factor

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and request.user.is_superuser:
            fieldsets = (*fieldsets, (_("Superuser"), {"fields": ("is_staff", "is_superuser")}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        if change and obj.pk == request.user.pk and set(form.changed_data) & set(self.OWN_ACCESS_FIELDS):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        obj.is_staff = True  # every account of the back office works in this admin
        super().save_model(request, obj, form, change)

    @admin.display(description=_("full name"))
    def full_name(self, obj):
        return obj.get_full_name()

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(str(ROLE_NAMES.get(g.name, g.name)) for g in obj.groups.all())

    @admin.display(description=_("agency"))
    def agency(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.agency if profile else ""

    @admin.display(description=_("commune or ward"))
    def commune(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.unit if profile and profile.unit_id else ""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        from django.http import Http404

        raise Http404


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin, ModelAdmin):
    list_display = ("name", "description")

    @admin.display(description=_("role"))
    def description(self, obj):
        return ROLE_NAMES.get(obj.name, "")

    def has_change_permission(self, request, obj=None):
        # Roles and their permissions are code (roles.py), synced after every migration.
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
