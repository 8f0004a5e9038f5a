import os


def lambda_handler(event, context):
    total = sum(item["price"] * item["quantity"] for item in event["items"])
    return {
        "id": event["id"],
        "total": total,
        "stage": os.environ["STAGE"],
        "table": os.environ["TABLE_NAME"],
        "function": context.function_name,
        "memory": context.memory_limit_in_mb,
    }
