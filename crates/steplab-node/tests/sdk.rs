//! The AWS SDK for JavaScript v3 in Node.js handlers (`runtime/aws-sdk.js`), natively in a `node`
//! child process, its calls answered by StepLab's in-memory services (`steplab_services`).
#![cfg(not(target_arch = "wasm32"))]

use std::cell::RefCell;
use std::rc::Rc;

use serde_json::{Value, json};
use steplab_function::aws::{AwsError, AwsHost, SharedAwsHost};
use steplab_node::{NodeEnvironment, function_config};
use steplab_services::{Context, Services};

const REQUEST_ID: &str = "21379561-8041-48e3-84a6-f6865b9c2723";

struct Host(Services);

impl AwsHost for Host {
    fn call(&mut self, service: &str, operation: &str, input: &Value) -> Result<Value, AwsError> {
        self.0
            .call(service, operation, input, &Context::at(1_700_000_000_000))
            .map(|response| response.output)
            .map_err(|e| AwsError { code: e.code, message: e.message, status: e.status })
    }
}

fn host() -> SharedAwsHost {
    let mut services = Services::default();
    let table = json!({"TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
        "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]});
    services.call("dynamodb", "CreateTable", &table, &Context::at(1)).unwrap();
    Rc::new(RefCell::new(Host(services)))
}

fn run(file: &str, code: &str, aws: Option<SharedAwsHost>) -> Value {
    if steplab_node::find_node().is_err() {
        panic!("these tests need `node` on the PATH");
    }
    let mut config = function_config("Sdk", code);
    config.file_name = file.into();
    let mut env = NodeEnvironment::new(config);
    let result = env.invoke_with("{}", REQUEST_ID, aws);
    serde_json::from_str(&result.payload)
        .unwrap_or_else(|_| panic!("{}\n{}", result.payload, result.log))
}

#[test]
fn clients_document_client_and_errors_reach_the_services() {
    let code = r#"
import { DynamoDBClient, GetItemCommand, ConditionalCheckFailedException, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, GetCommand, UpdateCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { SFNClient, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';

const client = new DynamoDBClient({});
const doc = DynamoDBDocumentClient.from(client);

export const handler = async () => {
  const out = {};
  await doc.send(new PutCommand({ TableName: 'Orders', Item: { id: 'o-1', total: 42, tags: new Set(['a', 'b']), lines: [{ sku: 'x', n: 1 }] } }));
  const got = await doc.send(new GetCommand({ TableName: 'Orders', Key: { id: 'o-1' } }));
  out.item = { ...got.Item, tags: [...got.Item.tags].sort() };
  out.status = got.$metadata.httpStatusCode;
  try {
    await doc.send(new PutCommand({ TableName: 'Orders', Item: { id: 'o-1' }, ConditionExpression: 'attribute_not_exists(id)' }));
  } catch (e) {
    out.conditional = { name: e.name, modeled: e instanceof ConditionalCheckFailedException, base: e instanceof DynamoDBServiceException, fault: e.$fault, status: e.$metadata.httpStatusCode, message: e.message };
  }
  out.low = (await client.send(new GetItemCommand({ TableName: 'Orders', Key: { id: { S: 'o-1' } } }))).Item.total;
  const updated = await doc.send(new UpdateCommand({ TableName: 'Orders', Key: { id: 'o-1' }, UpdateExpression: 'SET #t = #t + :n', ExpressionAttributeNames: { '#t': 'total' }, ExpressionAttributeValues: { ':n': 8 }, ReturnValues: 'ALL_NEW' }));
  out.updated = updated.Attributes.total;
  const query = await doc.send(new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': 'o-1' } }));
  out.queried = query.Items.map((i) => i.id);
  try {
    await doc.send(new GetCommand({ TableName: 'Missing', Key: { id: 'x' } }));
  } catch (e) {
    out.missing = e.name;
  }
  const s3 = new S3Client({});
  await s3.send(new CreateBucketCommand({ Bucket: 'reports' }));
  await s3.send(new PutObjectCommand({ Bucket: 'reports', Key: 'a.txt', Body: 'héllo' }));
  const object = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'a.txt' }));
  out.body = await object.Body.transformToString();
  out.modified = object.LastModified instanceof Date;
  try {
    await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'nope' }));
  } catch (e) {
    out.noSuchKey = [e.name, e instanceof NoSuchKey];
  }
  try {
    await new SFNClient({}).send(new SendTaskSuccessCommand({ taskToken: 't', output: '{}' }));
  } catch (e) {
    out.sfn = e.name;
  }
  return out;
};
"#;
    let out = run("index.mjs", code, Some(host()));
    assert_eq!(
        out["item"],
        json!({"id": "o-1", "total": 42, "tags": ["a", "b"], "lines": [{"sku": "x", "n": 1}]})
    );
    assert_eq!(out["status"], 200);
    assert_eq!(
        out["conditional"],
        json!({"name": "ConditionalCheckFailedException", "modeled": true, "base": true, "fault": "client", "status": 400, "message": "The conditional request failed"})
    );
    assert_eq!(out["low"], json!({"N": "42"}));
    assert_eq!(out["updated"], 50);
    assert_eq!(out["queried"], json!(["o-1"]));
    assert_eq!(out["missing"], "ResourceNotFoundException");
    assert_eq!(out["body"], "héllo");
    assert_eq!(out["modified"], true);
    assert_eq!(out["noSuchKey"], json!(["NoSuchKey", true]));
    // the test's services do not answer Step Functions: an unknown operation, as the host says
    assert!(out["sfn"].is_string(), "{out}");
}

#[test]
fn commonjs_requires_the_sdk_and_an_sdk_without_services_fails_as_offline() {
    let code = r#"
const { DynamoDBClient, ListTablesCommand } = require('@aws-sdk/client-dynamodb');
const { marshall, unmarshall } = require('@aws-sdk/util-dynamodb');
exports.handler = async () => {
  const out = { marshalled: marshall({ a: 1, b: 'x', c: [true, null] }), back: unmarshall({ n: { N: '2.5' } }) };
  try {
    await new DynamoDBClient({}).send(new ListTablesCommand({}));
  } catch (e) {
    out.offline = [e.code, e.message];
  }
  return out;
};
"#;
    let out = run("index.js", code, None);
    assert_eq!(
        out["marshalled"],
        json!({"a": {"N": "1"}, "b": {"S": "x"}, "c": {"L": [{"BOOL": true}, {"NULL": true}]}})
    );
    assert_eq!(out["back"], json!({"n": 2.5}));
    assert_eq!(out["offline"][0], "ENOTFOUND");
    assert!(
        out["offline"][1].as_str().unwrap().starts_with("getaddrinfo ENOTFOUND dynamodb."),
        "{out}"
    );
}
