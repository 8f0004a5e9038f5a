"""boto3.session.Session: region and credentials from the function's environment."""

import os

from botocore import _models
from botocore.exceptions import NoRegionError, UnknownServiceError


class Session(object):
    def __init__(
        self,
        aws_access_key_id=None,
        aws_secret_access_key=None,
        aws_session_token=None,
        region_name=None,
        botocore_session=None,
        profile_name=None,
        aws_account_id=None,
    ):
        self._region_name = region_name
        self._profile_name = profile_name or "default"

    def __repr__(self):
        return "Session(region_name=%r)" % self.region_name

    @property
    def profile_name(self):
        return self._profile_name

    @property
    def region_name(self):
        if self._region_name is not None:
            return self._region_name
        return os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")

    @property
    def available_profiles(self):
        return []

    def get_available_services(self):
        return sorted(_models.OPERATIONS)

    def get_available_resources(self):
        return ["dynamodb", "s3"]

    def get_available_regions(self, service_name, partition_name="aws", allow_non_regional=False):
        return [
            "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "eu-central-1", "eu-west-1",
            "eu-west-2", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
        ]  # fmt: skip

    def get_credentials(self):
        return None

    def client(
        self,
        service_name,
        region_name=None,
        api_version=None,
        use_ssl=True,
        verify=None,
        endpoint_url=None,
        aws_access_key_id=None,
        aws_secret_access_key=None,
        aws_session_token=None,
        config=None,
        aws_account_id=None,
    ):
        from botocore.client import BaseClient, S3Client

        if service_name not in _models.OPERATIONS:
            raise UnknownServiceError(
                service_name=service_name,
                known_service_names=", ".join(sorted(_models.OPERATIONS)),
            )
        region = region_name
        if region is None and config is not None:
            region = getattr(config, "region_name", None)
        if region is None:
            region = self.region_name
        if region is None:
            raise NoRegionError()
        cls = S3Client if service_name == "s3" else BaseClient
        return cls(service_name, region, endpoint_url, config)

    def resource(self, service_name, region_name=None, api_version=None, **kwargs):
        from boto3.exceptions import ResourceNotExistsError
        from boto3.resources import factory

        if service_name not in factory.RESOURCES:
            raise ResourceNotExistsError(
                service_name, sorted(factory.RESOURCES), service_name in _models.OPERATIONS
            )
        client = self.client(service_name, region_name=region_name, **kwargs)
        return factory.RESOURCES[service_name](client)
