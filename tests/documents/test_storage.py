"""Where documents' files are kept: the local folder by default, an S3-compatible bucket
when the environment says so (here a bucket of moto's, in memory)."""

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from moto import mock_aws

from binghamton_safety.settings import MEDIA_ROOT, document_storage
from documents.models import Document
from documents.sample_data import pdf


def test_the_local_folder_is_the_default():
    assert document_storage({}) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }


def test_s3_is_configured_by_the_environment():
    assert document_storage(
        {
            "DOCUMENT_STORAGE": "s3",
            "S3_BUCKET": "city-documents",
            "S3_PREFIX": "tracker",
            "S3_ENDPOINT_URL": "https://minio.city.example:9000",
            "S3_REGION": "us-east-1",
        }
    ) == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "city-documents",
            "location": "tracker",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "endpoint_url": "https://minio.city.example:9000",
            "region_name": "us-east-1",
        },
    }


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DOCUMENT_STORAGE": "s3"}, "DOCUMENT_STORAGE=s3 needs S3_BUCKET."),
        ({"DOCUMENT_STORAGE": "ftp"}, "DOCUMENT_STORAGE 'ftp': use file or s3."),
    ],
)
def test_a_wrong_storage_setting_is_said_plainly(environ, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        document_storage(environ)


@pytest.fixture
def bucket(settings, monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        boto3.client("s3").create_bucket(Bucket="city-documents")
        settings.STORAGES = {
            **settings.STORAGES,
            "default": document_storage(
                {"DOCUMENT_STORAGE": "s3", "S3_BUCKET": "city-documents"}
            ),
        }
        yield boto3.client("s3")


def test_an_upload_goes_to_the_bucket_and_comes_back(
    bucket, post_document, upload, editor_client
):
    content = pdf(["Kept in a bucket"])
    assert post_document(upload("r.pdf", content)).status_code == 302
    document = Document.objects.get()
    stored = bucket.get_object(Bucket="city-documents", Key=document.file.name)
    assert stored["Body"].read() == content
    response = editor_client.get(f"/documents/{document.pk}/file/")
    assert b"".join(response.streaming_content) == content
