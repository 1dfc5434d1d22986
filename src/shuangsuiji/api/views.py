"""The office's page for API tokens: list, create (the key is shown once) and revoke."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from shuangsuiji.common.errors import ServiceError
from shuangsuiji.directory.models import Department

from .models import ApiToken
from .services import token_create, token_revoke


class TokenCreateForm(forms.Form):
    department = forms.ModelChoiceField(
        label="所属部门", queryset=Department.objects.order_by("sort_order", "name")
    )
    name = forms.CharField(
        label="系统名称",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "如：财政局政府采购系统"}),
    )


def _office(request: HttpRequest) -> None:
    if not getattr(request.user, "is_office_admin", False):
        raise PermissionDenied


def _page(request: HttpRequest, form: TokenCreateForm, **extra: Any) -> HttpResponse:
    tokens = ApiToken.objects.select_related("department").order_by("revoked_at", "-created_at")
    context = {"form": form, "tokens": tokens, "current": "api_tokens", **extra}
    return render(request, "api/token_list.html", context)


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """Every token with its department and state; the office creates one here.

    The new key is rendered in the POST response only (not stored in a message or session),
    so it is shown exactly once.
    """
    _office(request)
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = token_create(
                actor=request.user,
                department=form.cleaned_data["department"],
                name=form.cleaned_data["name"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            return _page(request, TokenCreateForm(), created=token, key=key)
    return _page(request, form)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a token with a reason; calls with it fail (401) from now on."""
    _office(request)
    token = get_object_or_404(ApiToken, pk=pk)
    try:
        token_revoke(actor=request.user, token=token, reason=request.POST.get("reason", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已吊销令牌“{token.name}”")
    return redirect("api_tokens")
