"""首页: what the user can see, with links."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shuangsuiji.common.calendar import calendar_years_missing
from shuangsuiji.directory import selectors
from shuangsuiji.directory.access import can_write_directory
from shuangsuiji.directory.models import ItemState


@login_required
def home(request: HttpRequest) -> HttpResponse:
    items = selectors.item_list(actor=request.user)
    context = {
        "item_count": items.count(),
        "draft_count": items.filter(state=ItemState.DRAFT).count(),
        "entity_count": selectors.entity_list(actor=request.user).count(),
        "inspector_count": selectors.inspector_list(actor=request.user).count(),
        "can_import": can_write_directory(request.user),
        # The office enters the holidays: warned on its home page, from 1 November for next year.
        "calendar_missing": calendar_years_missing(timezone.localdate())
        if getattr(request.user, "is_office_admin", False)
        else [],
    }
    return render(request, "home.html", context)
