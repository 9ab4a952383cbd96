"""Which store the configuration opens, and addresses that must stop the service at start."""

from __future__ import annotations

from pathlib import Path

import pytest

from portfolio.config import load_config
from portfolio.storage import LocalStorage, open_storage, parse_s3_url
from portfolio.storage.s3 import S3Storage


def test_without_storage_url_files_stay_in_the_upload_folder(tmp_path: Path) -> None:
    store = open_storage({"STORAGE_URL": "", "UPLOAD_FOLDER": str(tmp_path / "up")})
    assert isinstance(store, LocalStorage)
    assert store.root == (tmp_path / "up").resolve()


def test_an_s3_url_opens_the_bucket_and_prefix_it_names(tmp_path: Path) -> None:
    store = open_storage(
        {
            "STORAGE_URL": "s3://e2c-lille/photos-site/",
            "S3_ENDPOINT_URL": "http://127.0.0.1:9",
            "UPLOAD_FOLDER": str(tmp_path),
        }
    )
    assert isinstance(store, S3Storage)
    assert (store.bucket, store.root) == ("e2c-lille", "photos-site/")
    assert store.settings.region == "us-east-1"
    assert not (tmp_path / "photos").exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("s3://bucket", ("bucket", "")),
        ("s3://bucket/", ("bucket", "")),
        ("s3://my.bucket-1/a/b", ("my.bucket-1", "a/b/")),
    ],
)
def test_good_s3_addresses(url: str, expected: tuple[str, str]) -> None:
    assert parse_s3_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://bucket/prefix",
        "s3://",
        "s3://BU/x",
        "s3://bucket/../other",
        "s3://bucket/a//b",
        "s3://bucket/x?versionId=1",
        "/srv/uploads",
    ],
)
def test_a_bad_storage_url_stops_the_start(url: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"STORAGE_URL|bucket|prefix"):
        load_config(str(tmp_path), {"STORAGE_URL": url, "SECRET_KEY": "x"})
