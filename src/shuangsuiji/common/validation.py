"""Model validation and before/after snapshots shared by every app's services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from .errors import ServiceError


def snapshot(instance: models.Model) -> dict[str, Any]:
    """Concrete field values (and many-to-many ids) of a row, for before/after JSON."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created_at", "updated_at"}:
            continue
        data[field.attname] = getattr(instance, field.attname)
    if instance.pk:
        for m2m in instance._meta.many_to_many:
            data[m2m.name] = sorted(getattr(instance, m2m.name).values_list("pk", flat=True))
    return data


def full_clean(instance: models.Model, **kwargs: Any) -> None:
    """``instance.full_clean`` with the errors as one ServiceError naming each field in Chinese."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        messages = []
        for field, errors in exc.message_dict.items():
            label = field
            if field != "__all__":
                label = str(getattr(instance._meta.get_field(field), "verbose_name", field))
            messages.append(f"{label}: {'；'.join(errors)}")
        raise ServiceError("；".join(messages)) from exc
