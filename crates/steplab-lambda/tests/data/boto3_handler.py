# Exercises StepLab's boto3 against the in-memory services (tests/boto3.rs); every entry is compared
# with boto3_handler.expected.json. Ids and dates that change from run to run are reduced to their
# shape.
import json
from decimal import Decimal

import boto3
from boto3.dynamodb.conditions import Attr, Key
from boto3.dynamodb.types import Binary, TypeDeserializer, TypeSerializer
from botocore.exceptions import ClientError, ParamValidationError

dynamodb = boto3.client("dynamodb")
resource = boto3.resource("dynamodb")
s3 = boto3.client("s3")
sqs = boto3.client("sqs")
sns = boto3.client("sns")
events = boto3.client("events")
lambda_client = boto3.client("lambda")
sfn = boto3.client("stepfunctions")


def plain(value):
    """A JSON-able view of a response value that shows its Python types."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(plain(v) for v in value)}
    if isinstance(value, (Decimal, Binary, bytes)):
        return repr(value)
    if type(value).__name__ == "datetime":
        return "datetime(tz=%s)" % value.tzname()
    if type(value).__name__ == "StreamingBody":
        return "StreamingBody"
    return value


def metadata(response):
    meta = response["ResponseMetadata"]
    return {
        "keys": list(meta),
        "HTTPStatusCode": meta["HTTPStatusCode"],
        "RetryAttempts": meta["RetryAttempts"],
        "RequestId": len(meta["RequestId"]),
        "HTTPHeaders": sorted(meta["HTTPHeaders"]),
    }


def error(e):
    return {
        "type": type(e).__name__,
        "module": type(e).__module__,
        "str": str(e),
        "Error": e.response["Error"],
        "HTTPStatusCode": e.response["ResponseMetadata"]["HTTPStatusCode"],
        "operation_name": e.operation_name,
    }


def lambda_handler(event, context):
    out = {}

    # the low-level client: AWS's JSON shapes
    dynamodb.create_table(
        TableName="Orders",
        KeySchema=[
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    put = dynamodb.put_item(
        TableName="Orders", Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "n": {"N": "5"}}
    )
    out["client_put_item"] = plain(put)
    out["client_put_item_metadata"] = metadata(put)
    got = dynamodb.get_item(TableName="Orders", Key={"pk": {"S": "a"}, "sk": {"S": "1"}})
    out["client_get_item"] = plain(got)

    # a conditional put that fails: ClientError with AWS's code and message
    try:
        dynamodb.put_item(
            TableName="Orders",
            Item={"pk": {"S": "a"}, "sk": {"S": "1"}},
            ConditionExpression="attribute_not_exists(pk)",
        )
    except ClientError as e:
        out["conditional_put"] = error(e)
        out["conditional_put_message_member"] = e.response.get("message")
    try:
        dynamodb.put_item(
            TableName="Orders",
            Item={"pk": {"S": "a"}, "sk": {"S": "1"}},
            ConditionExpression="attribute_not_exists(pk)",
        )
    except dynamodb.exceptions.ConditionalCheckFailedException as e:
        out["conditional_put_modeled"] = isinstance(e, ClientError)

    # a missing required parameter, an unknown table, an unknown method
    try:
        dynamodb.get_item(TableName="Orders")
    except ParamValidationError as e:
        out["missing_parameter"] = {"type": type(e).__name__, "str": str(e)}
    try:
        dynamodb.get_item(TableName="Nope", Key={"pk": {"S": "a"}})
    except dynamodb.exceptions.ResourceNotFoundException as e:
        out["unknown_table"] = error(e)
    try:
        dynamodb.put_item("Orders")
    except TypeError as e:
        out["positional_argument"] = str(e)

    # the resource: Python values, Decimal numbers, conditions
    table = resource.Table("Orders")
    table.put_item(
        Item={
            "pk": "a",
            "sk": "2",
            "price": Decimal("9.99"),
            "qty": 3,
            "tags": {"x", "y"},
            "blob": b"\x00\x01",
            "nested": {"list": [1, "two", None, True]},
        }
    )
    table.put_item(Item={"pk": "b", "sk": "1"})
    out["table_get_item"] = plain(table.get_item(Key={"pk": "a", "sk": "2"}))
    out["table_get_missing"] = plain(table.get_item(Key={"pk": "zz", "sk": "2"}))
    out["table_query"] = plain(table.query(KeyConditionExpression=Key("pk").eq("a")))
    out["table_query_filtered"] = plain(
        table.query(
            KeyConditionExpression=Key("pk").eq("a") & Key("sk").begins_with("2"),
            FilterExpression=Attr("qty").gt(2),
            ProjectionExpression="sk, qty",
        )
    )
    out["table_scan_count"] = table.scan(Select="COUNT")["Count"]
    updated = table.update_item(
        Key={"pk": "a", "sk": "2"},
        UpdateExpression="SET qty = qty + :one",
        ExpressionAttributeValues={":one": 1},
        ReturnValues="UPDATED_NEW",
    )
    out["table_update_item"] = plain(updated)
    try:
        table.put_item(Item={"pk": "a", "sk": "2"}, ConditionExpression=Attr("pk").not_exists())
    except ClientError as e:
        out["table_conditional_put"] = error(e)
    with table.batch_writer() as batch:
        for i in range(30):
            batch.put_item(Item={"pk": "batch", "sk": "%02d" % i})
    out["batch_writer_count"] = table.query(KeyConditionExpression=Key("pk").eq("batch"))["Count"]
    out["table_attributes"] = {
        "name": table.name,
        "table_status": table.table_status,
        "key_schema": table.key_schema,
        "repr": repr(table),
    }
    out["resource_client_get_item"] = plain(
        resource.meta.client.get_item(TableName="Orders", Key={"pk": "b", "sk": "1"})
    )
    serializer = TypeSerializer()
    out["serialize"] = serializer.serialize({"a": [Decimal("1.50"), "x", {1, 2}]})
    try:
        serializer.serialize(1.5)
    except TypeError as e:
        out["serialize_float"] = str(e)
    out["deserialize"] = plain(TypeDeserializer().deserialize({"NS": ["1", "2.5"]}))

    # S3: a body round trip, a missing key
    s3.create_bucket(Bucket="reports")
    put = s3.put_object(Bucket="reports", Key="a.txt", Body=b"hello \xe2\x82\xac", ContentType="text/plain")
    out["s3_put_object"] = plain(put)
    out["s3_put_object_metadata"] = metadata(put)
    obj = s3.get_object(Bucket="reports", Key="a.txt")
    out["s3_get_object"] = plain(obj)
    out["s3_get_object_body"] = obj["Body"].read().decode("utf-8")
    try:
        s3.get_object(Bucket="reports", Key="missing.txt")
    except s3.exceptions.NoSuchKey as e:
        out["s3_no_such_key"] = error(e)
    try:
        s3.head_object(Bucket="reports", Key="missing.txt")
    except ClientError as e:
        out["s3_head_missing"] = error(e)
    listed = s3.list_objects_v2(Bucket="reports")
    out["s3_list_keys"] = [o["Key"] for o in listed["Contents"]]
    s3_resource = boto3.resource("s3")
    s3_resource.Object("reports", "b.json").put(Body=json.dumps({"k": 1}))
    out["s3_resource_get"] = json.loads(s3_resource.Object("reports", "b.json").get()["Body"].read())
    out["s3_resource_keys"] = [o.key for o in s3_resource.Bucket("reports").objects.all()]

    with open("/tmp/report.csv", "w") as f:
        f.write("a,b\n1,2\n")
    s3.upload_file("/tmp/report.csv", "reports", "report.csv")
    s3.download_file("reports", "report.csv", "/tmp/copy.csv")
    with open("/tmp/copy.csv") as f:
        out["s3_upload_download_file"] = f.read()
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "reports", "Key": "a b.txt"})
    out["s3_presigned_url"] = url.split("?")[0]

    # SQS and SNS
    queue_url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    out["sqs_queue_url"] = queue_url
    sent = sqs.send_message(QueueUrl=queue_url, MessageBody="do it")
    out["sqs_send_message"] = sorted(sent)
    received = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10)
    out["sqs_received_bodies"] = [m["Body"] for m in received["Messages"]]
    sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=received["Messages"][0]["ReceiptHandle"])
    try:
        sqs.send_message(QueueUrl=queue_url + "-missing", MessageBody="x")
    except sqs.exceptions.QueueDoesNotExist as e:
        out["sqs_missing_queue"] = error(e)
    topic_arn = sns.create_topic(Name="alerts")["TopicArn"]
    out["sns_topic_arn"] = topic_arn
    published = sns.publish(TopicArn=topic_arn, Message="hello", Subject="hi")
    out["sns_publish"] = sorted(published)
    out["sns_publish_metadata"] = metadata(published)
    put_events = events.put_events(
        Entries=[{"Source": "app", "DetailType": "Thing", "Detail": json.dumps({"a": 1})}]
    )
    out["events_put_events"] = put_events["FailedEntryCount"]

    # Lambda and Step Functions go to the host (the driver)
    invoked = lambda_client.invoke(FunctionName="Other", Payload=json.dumps({"x": 1}))
    out["lambda_invoke"] = plain(invoked)
    out["lambda_invoke_payload"] = json.loads(invoked["Payload"].read())
    started = sfn.start_execution(stateMachineArn="arn:aws:states:us-east-1:123456789012:stateMachine:Flow", input="{}")
    out["sfn_start_execution"] = plain(started)
    sfn.send_task_success(taskToken="token-1", output=json.dumps({"ok": True}))
    try:
        sfn.describe_execution(executionArn="arn:aws:states:us-east-1:123456789012:execution:Flow:missing")
    except sfn.exceptions.ExecutionDoesNotExist as e:
        out["sfn_missing_execution"] = error(e)

    # what boto3 itself refuses
    try:
        boto3.client("kinesis")
    except Exception as e:
        out["unknown_service"] = {"type": type(e).__name__, "str": str(e)}
    return out
