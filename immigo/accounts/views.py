"""Sign-in (password, then the staff second factor), sign-up, sign-out and password recovery."""

from __future__ import annotations

from typing import Any, cast

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from django_otp import user_has_device

from immigo.core.errors import InvalidInputError

from . import services
from .forms import EmailAuthenticationForm, EmailPasswordResetForm, NewPasswordForm, OneTimeCodeForm, SignupForm
from .models import User


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return ""


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"

    def form_valid(self, form: EmailAuthenticationForm) -> HttpResponse:  # type: ignore[override]
        user = form.get_user()
        auth_login(self.request, user)
        services.staff_sign_in_record(user=user)
        return HttpResponseRedirect(services.url_after_password(user=user, next_url=self.get_redirect_url()))


def _is_verified(user: User) -> bool:
    """Whether this session passed the second factor (set by django_otp's middleware)."""
    return bool(getattr(user, "is_verified", lambda: False)())


@sensitive_post_parameters("token")
@never_cache
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step for staff: a code from the authenticator app they set up."""
    user = cast(User, request.user)
    next_url = _safe_next(request)
    if not services.is_staff_account(user):
        return HttpResponseRedirect(next_url or services.home_url(user))
    if not user_has_device(user, confirmed=True):
        return HttpResponseRedirect(services.url_with_next(reverse("accounts:otp_setup"), next_url))
    if _is_verified(user):
        return HttpResponseRedirect(next_url or services.home_url(user))

    def verify(token: str) -> Any:
        return django_otp.match_token(user, token)

    form = OneTimeCodeForm(request.POST or None, verify=verify)
    if request.method == "POST" and form.is_valid():
        # A new session id for the raised privilege, as after any sign-in.
        request.session.cycle_key()
        django_otp.login(request, form.device)
        services.staff_second_factor_record(user=user)
        return HttpResponseRedirect(next_url or services.home_url(user))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


@sensitive_post_parameters("token")
@never_cache
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Staff add an authenticator app: scan the QR code (or type the secret), then prove it works
    with one code. A user who already has a confirmed app must use it: a second one can only be
    added by an administrator, so a stolen password is not enough to enrol a new device."""
    user = cast(User, request.user)
    next_url = _safe_next(request)
    if not services.is_staff_account(user):
        return HttpResponseForbidden(_("Only agency staff use an authenticator app."))
    if user_has_device(user, confirmed=True):
        if _is_verified(user):
            return HttpResponseRedirect(next_url or services.home_url(user))
        return HttpResponseRedirect(services.url_with_next(reverse("accounts:otp_verify"), next_url))

    device = services.totp_device_pending(user=user)

    def verify(token: str) -> Any:
        return device if services.totp_device_confirm(device=device, token=token) else None

    form = OneTimeCodeForm(request.POST or None, verify=verify)
    if request.method == "POST" and form.is_valid():
        request.session.cycle_key()
        django_otp.login(request, device)
        services.staff_second_factor_record(user=user)
        messages.success(request, _("Your authenticator app is set up. You will enter a code from it each time you sign in."))
        return HttpResponseRedirect(next_url or services.home_url(user))

    # segno writes the SVG from the URI alone (no user-supplied markup), so it is safe inline.
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", svgclass="otp-qr", title=_("QR code for your authenticator app")
    )
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": mark_safe(qr_svg),
        "secret": services.totp_secret_display(device),
        "issuer": getattr(settings, "OTP_TOTP_ISSUER", "Immigo"),
        "account": user.get_username(),
    }
    return render(request, "accounts/otp_setup.html", context)


class LogoutView(auth_views.LogoutView):
    next_page = "/"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


@method_decorator(sensitive_post_parameters("password1", "password2"), name="dispatch")
@method_decorator(never_cache, name="dispatch")
class SignupView(auth_views.RedirectURLMixin, FormView):
    """A member of the public opens an account, and is signed in at once."""

    form_class = SignupForm
    template_name = "accounts/signup.html"
    next_page = services.SIGNUP_HOME

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            return HttpResponseRedirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["next"] = self.get_redirect_url()
        return context

    def form_valid(self, form: SignupForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            user = services.account_signup(
                full_name=data["full_name"],
                email=data["email"],
                password=data["password1"],
                preferred_language=data["preferred_language"],
            )
        except InvalidInputError as error:
            for message in error.details.get("fields", {}).get("email", [str(error.message)]):
                form.add_error("email", message)
            return self.form_invalid(form)
        auth_login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(self.request, _("Welcome! Your account is ready."))
        response = HttpResponseRedirect(self.get_success_url())
        # Show the site in the language the applicant chose.
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.preferred_language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_email.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
