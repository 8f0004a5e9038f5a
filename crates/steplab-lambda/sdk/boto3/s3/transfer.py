"""boto3.s3.transfer: `TransferConfig` and the managed transfers of the S3 client (`upload_file`,
`download_file`, `upload_fileobj`, `download_fileobj`), done as one `PutObject`/`GetObject`."""

KB = 1024
MB = KB * KB


class TransferConfig(object):
    ALIAS = {"max_concurrency": "max_request_concurrency", "max_io_queue": "max_io_queue_size"}

    def __init__(
        self,
        multipart_threshold=8 * MB,
        max_concurrency=10,
        multipart_chunksize=8 * MB,
        num_download_attempts=5,
        max_io_queue=100,
        io_chunksize=256 * KB,
        use_threads=True,
        max_bandwidth=None,
        preferred_transfer_client="auto",
    ):
        self.multipart_threshold = multipart_threshold
        self.max_request_concurrency = max_concurrency
        self.multipart_chunksize = multipart_chunksize
        self.num_download_attempts = num_download_attempts
        self.max_io_queue_size = max_io_queue
        self.io_chunksize = io_chunksize
        self.use_threads = use_threads
        self.max_bandwidth = max_bandwidth
        self.preferred_transfer_client = preferred_transfer_client

    def __setattr__(self, name, value):
        object.__setattr__(self, self.ALIAS.get(name, name), value)

    def __getattr__(self, name):
        alias = self.ALIAS.get(name)
        if alias is None:
            raise AttributeError(name)
        return getattr(self, alias)


def upload_fileobj(client, Fileobj, Bucket, Key, ExtraArgs=None, Callback=None, Config=None):
    data = Fileobj.read()
    params = dict(ExtraArgs or {})
    client.put_object(Bucket=Bucket, Key=Key, Body=data, **params)
    if Callback is not None:
        Callback(len(data))


def upload_file(client, Filename, Bucket, Key, ExtraArgs=None, Callback=None, Config=None):
    from boto3.exceptions import S3UploadFailedError
    from botocore.exceptions import ClientError

    with open(Filename, "rb") as f:
        try:
            upload_fileobj(client, f, Bucket, Key, ExtraArgs, Callback, Config)
        except ClientError as e:
            raise S3UploadFailedError(
                "Failed to upload {} to {}: {}".format(Filename, "/".join([Bucket, Key]), e)
            )


def download_fileobj(client, Bucket, Key, Fileobj, ExtraArgs=None, Callback=None, Config=None):
    from botocore.exceptions import ClientError

    params = dict(ExtraArgs or {})
    try:
        # s3transfer starts with HeadObject: a missing key is a bare 404
        client.head_object(Bucket=Bucket, Key=Key, **params)
    except ClientError:
        raise
    data = client.get_object(Bucket=Bucket, Key=Key, **params)["Body"].read()
    Fileobj.write(data)
    if Callback is not None:
        Callback(len(data))


def download_file(client, Bucket, Key, Filename, ExtraArgs=None, Callback=None, Config=None):
    with open(Filename, "wb") as f:
        download_fileobj(client, Bucket, Key, f, ExtraArgs, Callback, Config)
