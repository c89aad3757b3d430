"""An S3-compatible bucket (AWS S3, MinIO, Cloudflare R2, Wasabi, most government clouds'
object storage), usually the origin of a CDN.

Change detection asks the bucket itself: one listing gives every object's ETag, which for an
object uploaded in one part (as here) is the MD5 of its bytes, so a file is uploaded only when
its MD5 differs. Stores that compute ETags otherwise (server-side encryption with KMS) make
every file look changed: correct, only slower. Each object gets its Content-Type and
Cache-Control from the header tables; credentials come from the usual AWS variables.
"""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor
from itertools import groupby
from pathlib import Path

from ..core import Report
from ..settings import DeployError

AUTH_CODES = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken"}


def _client(config):
    try:
        import boto3
        from botocore.config import Config as BotoConfig
    except ImportError:
        raise DeployError("the s3 target needs boto3: pip install --no-deps -r requirements-deploy.txt") from None
    # Checksums only where S3 requires them: many S3-compatible stores reject the newer
    # default CRC headers. ContentMD5 still makes the store verify every upload.
    boto = BotoConfig(retries={"max_attempts": 5, "mode": "standard"}, max_pool_connections=config.s3_workers,
                      request_checksum_calculation="when_required", response_checksum_validation="when_required")
    return boto3.client("s3", endpoint_url=config.s3_endpoint or None, region_name=config.s3_region or None,
                        config=boto)  # fmt: skip


def _explain(error, where: str) -> DeployError:
    """A DeployError that names the bucket and the fix, from a botocore exception."""
    from botocore.exceptions import ClientError, EndpointConnectionError, NoCredentialsError

    if isinstance(error, NoCredentialsError):
        return DeployError(f"no credentials for {where}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    if isinstance(error, EndpointConnectionError):
        return DeployError(f"could not reach {where}: {error}; check DEPLOY_S3_ENDPOINT (WARTA_S3_ENDPOINT)")
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "?")
        message = error.response.get("Error", {}).get("Message", "")
        if code == "NoSuchBucket":
            return DeployError(f"{where}: the bucket does not exist (NoSuchBucket); create it or fix "
                               "DEPLOY_S3_BUCKET (WARTA_S3_BUCKET)")  # fmt: skip
        if code in AUTH_CODES:
            return DeployError(f"{where}: the store refused the credentials ({code}: {message}); check "
                               "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket policy")  # fmt: skip
        return DeployError(f"{where}: {code}: {message or error}")
    return DeployError(f"{where}: {error}")


def existing_etags(client, bucket: str, prefix: str) -> dict[str, str]:
    etags = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            etags[item["Key"]] = item["ETag"].strip('"')
    return etags


def run(files, config, project_root: Path, output: Path) -> Report:
    bucket = config.require("DEPLOY_S3_BUCKET", "set it to the bucket's name")
    where = f"s3://{bucket}/{config.s3_prefix}" + (f" at {config.s3_endpoint}" if config.s3_endpoint else "")
    report = Report("s3", where)
    client = _client(config)
    from botocore.exceptions import BotoCoreError, ClientError  # importable once _client succeeded
    try:
        etags = existing_etags(client, bucket, config.s3_prefix)
    except (BotoCoreError, ClientError) as error:
        raise _explain(error, where) from None
    due = [f for f in files if etags.get(config.s3_prefix + f.path) != f.md5]
    report.unchanged = len(files) - len(due)

    def upload(file):
        with open(file.source, "rb") as body:
            client.put_object(Bucket=bucket, Key=config.s3_prefix + file.path, Body=body,
                              ContentType=file.content_type, CacheControl=file.cache_control,
                              ContentMD5=base64.b64encode(bytes.fromhex(file.md5)).decode("ascii"))  # fmt: skip
        return file.path

    # Phase by phase (assets, pages, indexes), each phase in parallel.
    with ThreadPoolExecutor(max_workers=config.s3_workers) as pool:
        for _, phase in groupby(due, key=lambda f: f.phase):
            try:
                report.uploaded += list(pool.map(upload, list(phase)))
            except (BotoCoreError, ClientError, OSError) as error:
                failed = _explain(error, where)
                raise DeployError(f"{failed}; {len(report.uploaded)} file(s) were uploaded before it, run the "
                                  "deploy again to send the rest") from None  # fmt: skip
    return report
