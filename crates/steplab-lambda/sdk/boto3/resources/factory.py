"""The resources of StepLab's boto3: DynamoDB (`Table`) and S3 (`Bucket`, `Object`)."""

from botocore import xform_name


class ResourceMeta(object):
    def __init__(self, service_name, client, identifiers=None, data=None):
        self.service_name = service_name
        self.client = client
        self.identifiers = identifiers or []
        self.data = data
        self.resource_model = None


class ServiceResource(object):
    def __init__(self, client):
        self.meta = ResourceMeta(client.meta.service_model.service_name, client)

    def __repr__(self):
        return "%s.ServiceResource()" % self.meta.service_name

    def get_available_subresources(self):
        return sorted(self._subresources)


class Resource(object):
    """A resource with identifiers and attributes loaded on first use."""

    _identifiers = ()
    _load_operation = None

    def __init__(self, service_name, client, *identifiers):
        if len(identifiers) != len(self._identifiers):
            raise ValueError("Required parameter %s not set" % self._identifiers[len(identifiers)])
        for name, value in zip(self._identifiers, identifiers):
            if value is None:
                raise ValueError("Required parameter %s not set" % name)
            setattr(self, "_" + name, value)
        self.meta = ResourceMeta(service_name, client, list(self._identifiers))

    def __repr__(self):
        ids = ", ".join(
            "%s=%r" % (name, getattr(self, "_" + name)) for name in self._identifiers
        )
        return "%s.%s(%s)" % (self.meta.service_name, type(self).__name__, ids)

    def __eq__(self, other):
        if other.__class__.__name__ != self.__class__.__name__:
            return False
        return all(
            getattr(self, "_" + n) == getattr(other, "_" + n) for n in self._identifiers
        )

    def __hash__(self):
        return hash((type(self).__name__,) + tuple(getattr(self, "_" + n) for n in self._identifiers))

    def load(self):
        self.meta.data = self._load()

    reload = load

    def __getattr__(self, name):
        if name.startswith("_") or name == "meta":
            raise AttributeError(name)
        if name in self._identifiers:
            return getattr(self, "_" + name)
        if self.meta.data is None and self._load_operation is not None:
            self.load()
        data = self.meta.data or {}
        for key, value in data.items():
            if xform_name(key) == name:
                return value
        if self._attribute_names and name in self._attribute_names:
            return None
        raise AttributeError("'%s' object has no attribute '%s'" % (type(self).__name__, name))

    _attribute_names = ()


# ---------------------------------------------------------------- DynamoDB


class Table(Resource):
    _identifiers = ("name",)
    _load_operation = "DescribeTable"
    _attribute_names = (
        "archival_summary", "attribute_definitions", "billing_mode_summary",
        "creation_date_time", "deletion_protection_enabled", "global_secondary_indexes",
        "global_table_version", "item_count", "key_schema", "latest_stream_arn",
        "latest_stream_label", "local_secondary_indexes", "provisioned_throughput",
        "replicas", "restore_summary", "sse_description", "stream_specification",
        "table_arn", "table_class_summary", "table_id", "table_name", "table_size_bytes",
        "table_status",
    )  # fmt: skip

    def _load(self):
        return self.meta.client.describe_table(TableName=self._name)["Table"]

    def _call(self, method, kwargs):
        params = dict(kwargs)
        params["TableName"] = self._name
        return getattr(self.meta.client, method)(**params)

    def put_item(self, **kwargs):
        return self._call("put_item", kwargs)

    def get_item(self, **kwargs):
        return self._call("get_item", kwargs)

    def update_item(self, **kwargs):
        return self._call("update_item", kwargs)

    def delete_item(self, **kwargs):
        return self._call("delete_item", kwargs)

    def query(self, **kwargs):
        return self._call("query", kwargs)

    def scan(self, **kwargs):
        return self._call("scan", kwargs)

    def delete(self, **kwargs):
        return self._call("delete_table", kwargs)

    def batch_writer(self, overwrite_by_pkeys=None):
        from boto3.dynamodb.table import BatchWriter

        return BatchWriter(self._name, self.meta.client, overwrite_by_pkeys=overwrite_by_pkeys)

    def wait_until_exists(self, **kwargs):
        self.load()

    def wait_until_not_exists(self, **kwargs):
        pass


class _TableCollection(object):
    def __init__(self, resource):
        self._resource = resource

    def __iter__(self):
        return iter(self.all())

    def all(self):
        client = self._resource.meta.client
        names = []
        params = {}
        while True:
            page = client.list_tables(**params)
            names.extend(page.get("TableNames", []))
            if not page.get("LastEvaluatedTableName"):
                break
            params["ExclusiveStartTableName"] = page["LastEvaluatedTableName"]
        return [self._resource.Table(n) for n in names]

    def limit(self, count):
        return self.all()[:count]

    def page_size(self, count):
        return self


class DynamoDBServiceResource(ServiceResource):
    _subresources = ("Table",)

    def __init__(self, client):
        from boto3.dynamodb.transform import TransformationInjector

        client._transformer = TransformationInjector()
        ServiceResource.__init__(self, client)
        self.tables = _TableCollection(self)

    def Table(self, name):
        return Table("dynamodb", self.meta.client, name)

    def create_table(self, **kwargs):
        response = self.meta.client.create_table(**kwargs)
        table = self.Table(kwargs["TableName"])
        table.meta.data = response.get("TableDescription")
        return table

    def batch_get_item(self, **kwargs):
        return self.meta.client.batch_get_item(**kwargs)

    def batch_write_item(self, **kwargs):
        return self.meta.client.batch_write_item(**kwargs)


# ---------------------------------------------------------------- S3


class Object(Resource):
    _identifiers = ("bucket_name", "key")
    _load_operation = "HeadObject"
    _attribute_names = (
        "accept_ranges", "content_length", "content_type", "e_tag", "last_modified",
        "metadata", "server_side_encryption", "version_id",
    )  # fmt: skip

    def _load(self):
        data = self.meta.client.head_object(Bucket=self._bucket_name, Key=self._key)
        data.pop("ResponseMetadata", None)
        return data

    def _call(self, method, kwargs):
        params = dict(kwargs)
        params["Bucket"] = self._bucket_name
        params["Key"] = self._key
        return getattr(self.meta.client, method)(**params)

    def get(self, **kwargs):
        return self._call("get_object", kwargs)

    def put(self, **kwargs):
        return self._call("put_object", kwargs)

    def delete(self, **kwargs):
        return self._call("delete_object", kwargs)

    def copy_from(self, **kwargs):
        return self._call("copy_object", kwargs)

    def Bucket(self):
        return Bucket("s3", self.meta.client, self._bucket_name)

    def upload_file(self, Filename, ExtraArgs=None, Callback=None, Config=None):
        return self.meta.client.upload_file(
            Filename, self._bucket_name, self._key, ExtraArgs, Callback, Config
        )

    def download_file(self, Filename, ExtraArgs=None, Callback=None, Config=None):
        return self.meta.client.download_file(
            self._bucket_name, self._key, Filename, ExtraArgs, Callback, Config
        )


class ObjectSummary(Object):
    _load_operation = None

    def __init__(self, service_name, client, bucket_name, key, data=None):
        Object.__init__(self, service_name, client, bucket_name, key)
        self.meta.data = data or {}

    def Object(self):
        return Object("s3", self.meta.client, self._bucket_name, self._key)


class _ObjectCollection(object):
    def __init__(self, bucket, params=None):
        self._bucket = bucket
        self._params = params or {}

    def filter(self, **kwargs):
        params = dict(self._params)
        params.update(kwargs)
        return _ObjectCollection(self._bucket, params)

    def all(self):
        return _ObjectCollection(self._bucket, self._params)

    def __iter__(self):
        client = self._bucket.meta.client
        params = dict(self._params)
        params["Bucket"] = self._bucket.name
        while True:
            page = client.list_objects_v2(**params)
            for entry in page.get("Contents", []):
                yield ObjectSummary("s3", client, self._bucket.name, entry["Key"], entry)
            if not page.get("IsTruncated"):
                return
            params["ContinuationToken"] = page["NextContinuationToken"]

    def delete(self):
        keys = [{"Key": o.key} for o in self]
        if not keys:
            return []
        return [
            self._bucket.meta.client.delete_objects(
                Bucket=self._bucket.name, Delete={"Objects": keys}
            )
        ]


class Bucket(Resource):
    _identifiers = ("name",)
    _attribute_names = ("creation_date",)

    def __init__(self, service_name, client, name):
        Resource.__init__(self, service_name, client, name)
        self.objects = _ObjectCollection(self)

    def _call(self, method, kwargs):
        params = dict(kwargs)
        params["Bucket"] = self._name
        return getattr(self.meta.client, method)(**params)

    def create(self, **kwargs):
        return self._call("create_bucket", kwargs)

    def delete(self, **kwargs):
        return self._call("delete_bucket", kwargs)

    def put_object(self, **kwargs):
        self._call("put_object", kwargs)
        return Object("s3", self.meta.client, self._name, kwargs["Key"])

    def delete_objects(self, **kwargs):
        return self._call("delete_objects", kwargs)

    def Object(self, key):
        return Object("s3", self.meta.client, self._name, key)

    def upload_file(self, Filename, Key, ExtraArgs=None, Callback=None, Config=None):
        return self.meta.client.upload_file(Filename, self._name, Key, ExtraArgs, Callback, Config)

    def download_file(self, Key, Filename, ExtraArgs=None, Callback=None, Config=None):
        return self.meta.client.download_file(self._name, Key, Filename, ExtraArgs, Callback, Config)


class _BucketCollection(object):
    def __init__(self, resource):
        self._resource = resource

    def all(self):
        client = self._resource.meta.client
        buckets = client.list_buckets().get("Buckets", [])
        out = []
        for b in buckets:
            bucket = Bucket("s3", client, b["Name"])
            bucket.meta.data = b
            out.append(bucket)
        return out

    def __iter__(self):
        return iter(self.all())


class S3ServiceResource(ServiceResource):
    _subresources = ("Bucket", "Object", "ObjectSummary")

    def __init__(self, client):
        ServiceResource.__init__(self, client)
        self.buckets = _BucketCollection(self)

    def Bucket(self, name):
        return Bucket("s3", self.meta.client, name)

    def Object(self, bucket_name, key):
        return Object("s3", self.meta.client, bucket_name, key)

    def ObjectSummary(self, bucket_name, key):
        return ObjectSummary("s3", self.meta.client, bucket_name, key)

    def create_bucket(self, **kwargs):
        self.meta.client.create_bucket(**kwargs)
        return self.Bucket(kwargs["Bucket"])


RESOURCES = {
    "dynamodb": DynamoDBServiceResource,
    "s3": S3ServiceResource,
}
