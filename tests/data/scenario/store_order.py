import boto3

table = boto3.resource("dynamodb").Table("Orders")


def lambda_handler(event, context):
    table.put_item(Item={"id": event["orderId"], "total": event["total"], "status": "NEW"})
    return {"orderId": event["orderId"]}
