"""检查对象名录库: search and detail. The register is shared by every staff account."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from shuangsuiji.directory import selectors
from shuangsuiji.directory.forms import EntityFilterForm

from .base import paginate, table_context


@login_required
def entity_list(request: HttpRequest) -> HttpResponse:
    form = EntityFilterForm(request.GET or None)
    # Ordered by the unique code, so LIMIT/OFFSET pages stay quick on 30,000 rows.
    qs = selectors.entity_list(actor=request.user, filters=form.filters()).select_related("area")
    context = {"form": form, **paginate(request, qs), **table_context(request, "entities")}
    return render(request, "directory/entity_list.html", context)


@login_required
def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entity = get_object_or_404(
        selectors.entity_list(actor=request.user).select_related("area"), pk=pk
    )
    tags = entity.tags.select_related("department").order_by("department__sort_order", "name")
    conflicts = selectors.conflict_list(actor=request.user).filter(entity=entity)
    context = {"entity": entity, "tags": tags, "conflicts": conflicts}
    return render(request, "directory/entity_detail.html", context)
