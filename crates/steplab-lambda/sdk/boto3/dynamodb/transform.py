"""boto3.dynamodb.transform: what the DynamoDB resource's client does to every call: Python values
in (`TypeSerializer`), condition objects built into expressions with `#n0`/`:v0` placeholders,
Python values out (`TypeDeserializer`)."""

from boto3.dynamodb.conditions import ConditionBase, ConditionExpressionBuilder
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

_MAPS_IN = ("Item", "Key", "ExclusiveStartKey", "ExpressionAttributeValues")
_CONDITIONS = (("ConditionExpression", False), ("FilterExpression", False))


class TransformationInjector:
    """Injects the transformations into the parameters and responses of a resource's client."""

    def __init__(self):
        self._serializer = TypeSerializer()
        self._deserializer = TypeDeserializer()
        self._condition_builder = ConditionExpressionBuilder()

    def inject_condition_expressions(self, params):
        self._condition_builder.reset()
        generated_names = {}
        generated_values = {}
        self._conditions(params, generated_names, generated_values, top=True)
        if generated_names:
            params.setdefault("ExpressionAttributeNames", {}).update(generated_names)
        if generated_values:
            params.setdefault("ExpressionAttributeValues", {}).update(generated_values)

    def _build(self, params, member, is_key, names, values):
        condition = params.get(member)
        if isinstance(condition, ConditionBase):
            built = self._condition_builder.build_expression(condition, is_key_condition=is_key)
            params[member] = built.condition_expression
            names.update(built.attribute_name_placeholders)
            values.update(built.attribute_value_placeholders)

    def _conditions(self, params, names, values, top):
        for member, is_key in _CONDITIONS:
            self._build(params, member, is_key, names, values)
        self._build(params, "KeyConditionExpression", True, names, values)
        for entry in params.get("TransactItems") or ():
            for inner in entry.values() if isinstance(entry, dict) else ():
                if isinstance(inner, dict):
                    inner_names = {}
                    inner_values = {}
                    self._conditions(inner, inner_names, inner_values, top=False)
                    if inner_names:
                        inner.setdefault("ExpressionAttributeNames", {}).update(inner_names)
                    if inner_values:
                        inner.setdefault("ExpressionAttributeValues", {}).update(inner_values)

    def _serialize_map(self, value):
        if not isinstance(value, dict):
            return value
        return {k: self._serializer.serialize(v) for k, v in value.items()}

    def _deserialize_map(self, value):
        if not isinstance(value, dict):
            return value
        return {k: self._deserializer.deserialize(v) for k, v in value.items()}

    def _serialize_members(self, params):
        for member in _MAPS_IN:
            if member in params:
                params[member] = self._serialize_map(params[member])
        request_items = params.get("RequestItems")
        if isinstance(request_items, dict):
            for table, request in request_items.items():
                if isinstance(request, dict) and "Keys" in request:
                    request = dict(request)
                    request["Keys"] = [self._serialize_map(k) for k in request["Keys"]]
                    request_items[table] = request
                elif isinstance(request, list):
                    request_items[table] = [self._write_request(r) for r in request]
        transact_items = params.get("TransactItems")
        if isinstance(transact_items, list):
            params["TransactItems"] = [
                {kind: self._serialize_nested(inner) for kind, inner in entry.items()}
                if isinstance(entry, dict)
                else entry
                for entry in transact_items
            ]

    def _serialize_nested(self, inner):
        if not isinstance(inner, dict):
            return inner
        inner = dict(inner)
        self._serialize_members(inner)
        return inner

    def _write_request(self, request):
        if not isinstance(request, dict):
            return request
        out = {}
        for kind, body in request.items():
            if isinstance(body, dict):
                body = dict(body)
                for member in ("Item", "Key"):
                    if member in body:
                        body[member] = self._serialize_map(body[member])
            out[kind] = body
        return out

    def transform_input(self, params):
        params = dict(params)
        for member in ("RequestItems",):
            if isinstance(params.get(member), dict):
                params[member] = dict(params[member])
        self.inject_condition_expressions(params)
        self._serialize_members(params)
        return params

    def transform_output(self, operation_name, parsed):
        for member in ("Item", "Attributes", "LastEvaluatedKey"):
            if member in parsed:
                parsed[member] = self._deserialize_map(parsed[member])
        if isinstance(parsed.get("Items"), list):
            parsed["Items"] = [self._deserialize_map(i) for i in parsed["Items"]]
        responses = parsed.get("Responses")
        if isinstance(responses, dict):
            parsed["Responses"] = {
                t: [self._deserialize_map(i) for i in items] for t, items in responses.items()
            }
        elif isinstance(responses, list):
            parsed["Responses"] = [
                {k: self._deserialize_map(v) if k == "Item" else v for k, v in r.items()}
                for r in responses
            ]
        unprocessed = parsed.get("UnprocessedKeys")
        if isinstance(unprocessed, dict):
            for table, request in unprocessed.items():
                if isinstance(request, dict) and "Keys" in request:
                    request["Keys"] = [self._deserialize_map(k) for k in request["Keys"]]
        unprocessed = parsed.get("UnprocessedItems")
        if isinstance(unprocessed, dict):
            for table, requests in unprocessed.items():
                for request in requests:
                    for body in request.values():
                        for member in ("Item", "Key"):
                            if member in body:
                                body[member] = self._deserialize_map(body[member])
        return parsed
