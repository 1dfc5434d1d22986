"""Evidence in an S3-compatible store when SSJ_S3_BUCKET is set (moto stands in for it)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws

from shuangsuiji.inspections.models import Evidence

from .test_services import PNG, save

BUCKET = "ssj-evidence"
S3 = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "region_name": "us-east-1",
            "access_key": "test",
            "secret_key": "test",
            "location": "shuangsuiji",
            "default_acl": "private",
            "file_overwrite": False,
        },
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def test_settings_switch_to_s3_when_a_bucket_is_configured(tmp_path: Any) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SSJ_S3")}
    env.update(
        SSJ_DATA_DIR=str(tmp_path),
        SSJ_S3_BUCKET="bucket-a",
        SSJ_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        DJANGO_SETTINGS_MODULE="shuangsuiji.config.settings",
    )
    code = "from django.conf import settings; d = settings.STORAGES['default']; " + (
        "print(d['BACKEND'], d['OPTIONS']['bucket_name'], d['OPTIONS']['endpoint_url'])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "bucket-a",
        "http://127.0.0.1:9000",
    ]


@pytest.mark.django_db
def test_evidence_is_stored_in_the_bucket(drawn: Any, settings: Any) -> None:
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        settings.STORAGES = S3
        result = save(drawn, drawn.users[0], files=[SimpleUploadedFile("现场.png", PNG)])
        evidence = Evidence.objects.get(result=result)
        key = f"shuangsuiji/{evidence.file.name}"
        body = boto3.client("s3", region_name="us-east-1").get_object(Bucket=BUCKET, Key=key)
        assert body["Body"].read() == PNG
        assert evidence.file.read() == PNG
