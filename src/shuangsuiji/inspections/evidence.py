"""Evidence uploads: images and PDF only, the type sniffed from the content, size limited.

Files go to Django's default storage (under MEDIA_ROOT = SSJ_DATA_DIR/uploads, or an
S3-compatible bucket when django-storages is configured): never a public URL.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from shuangsuiji.common.errors import ServiceError

from .models import Evidence, FollowUp, Result

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
logger = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")
# Paths stored by store_evidence inside a service wrapped by removes_stored_files_on_error.
_stored_paths: ContextVar[list[str] | None] = ContextVar("stored_evidence_paths", default=None)

SIGNATURES: list[tuple[bytes, int, str, str]] = [
    (b"%PDF-", 0, "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", 0, "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", ".png"),
    (b"GIF87a", 0, "image/gif", ".gif"),
    (b"GIF89a", 0, "image/gif", ".gif"),
    (b"WEBP", 8, "image/webp", ".webp"),
]


def max_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) from the first bytes, or None for anything else."""
    for magic, offset, content_type, ext in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            if content_type == "image/webp" and not head.startswith(b"RIFF"):
                continue
            return content_type, ext
    return None


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes
    content_type: str
    ext: str


def check_upload(upload: Any) -> Upload:
    """Read and check one uploaded file: size within the limit, an image or a PDF by content."""
    limit = max_bytes()
    name = str(getattr(upload, "name", "") or "未命名")[:200]
    too_big = f"文件“{name}”超过 {limit // (1024 * 1024)} MB，未上传"
    if int(getattr(upload, "size", 0) or 0) > limit:
        raise ServiceError(too_big)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ServiceError(too_big)
    if not data:
        raise ServiceError(f"文件“{name}”为空")
    kind = sniff(data[:16])
    if kind is None:
        raise ServiceError(f"文件“{name}”不是图片（JPEG/PNG/GIF/WebP）或 PDF，未上传")
    return Upload(name, data, *kind)


def removes_stored_files_on_error(fn: Callable[P, R]) -> Callable[P, R]:
    """Delete the files ``store_evidence`` saved during ``fn`` when ``fn`` raises.

    Storage is not part of the database transaction: when a later write (the audit entry, an
    evidence row) fails, the rollback removes the rows but would leave their files behind.
    Wrap the service outside ``transaction.atomic`` so the files go after the rollback.
    """

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        outer = _stored_paths.get()
        paths: list[str] = []
        token = _stored_paths.set(paths)
        try:
            result = fn(*args, **kwargs)
        except BaseException:
            for path in paths:
                try:
                    default_storage.delete(path)
                except Exception:  # the original error matters more than a leftover file
                    logger.exception("could not delete evidence file %s after a failed write", path)
            raise
        finally:
            _stored_paths.reset(token)
        if outer is not None:
            outer.extend(paths)
        return result

    return wrapper


def store_evidence(
    *,
    uploads: Iterable[Any],
    actor: Any,
    result: Result | None = None,
    follow_up: FollowUp | None = None,
) -> list[Evidence]:
    """Check every file first, then store them all: one bad file stores none. The caller holds
    the transaction, writes the audit entry and is wrapped by removes_stored_files_on_error."""
    checked = [check_upload(u) for u in uploads]
    tracked = _stored_paths.get()
    stored = []
    for up in checked:
        path = default_storage.save(f"evidence/{uuid.uuid4().hex}{up.ext}", ContentFile(up.data))
        if tracked is not None:
            tracked.append(path)
        evidence = Evidence(
            result=result,
            follow_up=follow_up,
            file=path,
            original_name=up.name,
            content_type=up.content_type,
            size=len(up.data),
            sha256=hashlib.sha256(up.data).hexdigest(),
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        evidence.save()
        stored.append(evidence)
    return stored
