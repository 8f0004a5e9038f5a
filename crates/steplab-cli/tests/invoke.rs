//! A function invokes another synchronously (Lambda `Invoke`, `InvocationType: RequestResponse`)
//! with boto3 or the AWS SDK for JavaScript v3, and waits for its answer: the `steplab` binary
//! runs Python and Node.js functions as a user runs them.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{Value, json};

fn steplab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_steplab")).args(args).output().expect("the binary runs")
}

/// `text` written to `name` in a folder of this test's own.
fn file(test: &str, name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("steplab-invoke-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// A definition whose one Task invokes `function` with `input` as its event.
fn one_task(test: &str, function: &str) -> String {
    let definition = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": format!("arn:aws:lambda:ca-central-1:123456789012:function:{function}"),
        "End": true}}});
    file(test, "machine.asl.json", &definition.to_string())
}

/// The target, in Python: counts its invocations in its environment, invokes itself while `n`
/// is above 0 (each level in an environment of its own: the caller's is busy), fails on
/// `{"fail": true}`.
const PY_TARGET: &str = r#"import json
import boto3

COUNT = 0
client = boto3.client("lambda")

def lambda_handler(event, context):
    global COUNT
    COUNT += 1
    print("target got", json.dumps(event))
    if event.get("fail"):
        raise ValueError("failed on purpose")
    out = {"n": event.get("n", 0), "count": COUNT, "requestId": context.aws_request_id}
    if event.get("n", 0) > 0:
        r = client.invoke(FunctionName="Target", Payload=json.dumps({"n": event["n"] - 1}))
        out["inner"] = json.loads(r["Payload"].read())
    return out
"#;

const NODE_TARGET: &str = "export const handler = async (event) => {\n  console.log('node target got', JSON.stringify(event));\n  return { fromNode: event.x + 1 };\n};\n";

#[test]
fn a_python_function_invokes_python_and_node_functions_and_waits() {
    let caller = r#"import base64
import json
import boto3
import botocore

client = boto3.client("lambda")

def lambda_handler(event, context):
    out = {}
    r = client.invoke(FunctionName="Target", Payload=json.dumps({"n": 2}), LogType="Tail")
    out["status"] = r["StatusCode"]
    out["version"] = r["ExecutedVersion"]
    out["function_error"] = r.get("FunctionError")
    out["payload"] = json.loads(r["Payload"].read())
    out["tail"] = base64.b64decode(r["LogResult"]).decode()
    out["header"] = r["ResponseMetadata"]["HTTPHeaders"]["x-amz-executed-version"]
    failed = client.invoke(FunctionName="Target", Payload=b'{"fail": true}')
    out["failed"] = [failed["StatusCode"], failed["FunctionError"], json.loads(failed["Payload"].read())["errorType"]]
    try:
        client.invoke(FunctionName="Nobody", Payload="{}")
    except client.exceptions.ResourceNotFoundException as e:
        out["missing"] = str(e)
    try:
        client.invoke(FunctionName="Target", Payload="not json")
    except botocore.exceptions.ClientError as e:
        out["invalid"] = e.response["Error"]["Code"]
    try:
        client.invoke(FunctionName="Target", Payload="[" + "1," * 3200000 + "1]")
    except botocore.exceptions.ClientError as e:
        out["large"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
    node = client.invoke(FunctionName="NodeTarget", Payload=json.dumps({"x": 41}))
    out["node"] = json.loads(node["Payload"].read())
    print("caller done")
    return out
"#;
    let t = "python";
    let functions = [
        format!("Caller={}", file(t, "caller.py", caller)),
        format!("Target={}", file(t, "target.py", PY_TARGET)),
        format!("NodeTarget={}", file(t, "node_target.mjs", NODE_TARGET)),
    ];
    let machine = one_task(t, "Caller");
    let (out, log) = run_with(&machine, &functions);
    assert_eq!(out["status"], 200, "{out:#}");
    assert_eq!(out["version"], "$LATEST");
    assert_eq!(out["header"], "$LATEST");
    assert_eq!(out["function_error"], Value::Null);
    // three levels, each in an environment of its own: the first call of each
    let payload = &out["payload"];
    assert_eq!((&payload["n"], &payload["count"]), (&json!(2), &json!(1)), "{payload}");
    let inner = &payload["inner"];
    assert_eq!((&inner["n"], &inner["count"]), (&json!(1), &json!(1)), "{inner}");
    assert_eq!((&inner["inner"]["n"], &inner["inner"]["count"]), (&json!(0), &json!(1)));
    assert_ne!(payload["requestId"], inner["requestId"]);
    let tail = out["tail"].as_str().unwrap();
    assert!(tail.contains("target got {\"n\": 2}"), "{tail}");
    assert!(
        tail.contains(&format!("REPORT RequestId: {}", payload["requestId"].as_str().unwrap()))
    );
    assert_eq!(out["failed"], json!([200, "Unhandled", "ValueError"]));
    assert_eq!(
        out["missing"],
        "An error occurred (ResourceNotFoundException) when calling the Invoke operation: Function not found: arn:aws:lambda:ca-central-1:123456789012:function:Nobody"
    );
    assert_eq!(out["invalid"], "InvalidRequestContentException");
    assert_eq!(out["large"], json!(["RequestEntityTooLargeException", 413]));
    assert_eq!(out["node"], json!({"fromNode": 42}));
    // the targets' logs come before the caller's, each an invocation of its own; the failed
    // invocation ran in a warm environment (the one the first call of n=2 left)
    let starts: Vec<usize> = log.match_indices("START RequestId: ").map(|(i, _)| i).collect();
    assert_eq!(starts.len(), 6, "{log}");
    let caller_start = *starts.last().unwrap();
    for needle in ["target got {\"n\": 0}", "ValueError", "node target got {\"x\":41}"] {
        let at = log.find(needle).unwrap_or_else(|| panic!("{needle} in {log}"));
        assert!(at < caller_start, "{needle} before the caller's log: {log}");
    }
    assert!(log[caller_start..].contains("caller done"), "{log}");
}

#[test]
fn a_node_function_invokes_with_the_sdk_v3_and_waits() {
    let caller = r#"import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';

const client = new LambdaClient({});
const text = (bytes) => new TextDecoder().decode(bytes);

export const handler = async (event) => {
  if (event.n !== undefined) {
    // invoked by itself: runs in another environment of the function
    const inner = event.n > 0
      ? JSON.parse(text((await client.send(new InvokeCommand({ FunctionName: 'NodeCaller', Payload: JSON.stringify({ n: event.n - 1 }) }))).Payload))
      : null;
    globalThis.count = (globalThis.count ?? 0) + 1;
    return { n: event.n, count: globalThis.count, inner };
  }
  const r = await client.send(new InvokeCommand({ FunctionName: 'Target', Payload: JSON.stringify({ n: 0 }), LogType: 'Tail' }));
  const failed = await client.send(new InvokeCommand({ FunctionName: 'Target', Payload: new TextEncoder().encode('{"fail": true}') }));
  let missing;
  try {
    await client.send(new InvokeCommand({ FunctionName: 'Nobody' }));
  } catch (e) {
    missing = [e.name, e.message, e.$metadata.httpStatusCode];
  }
  const self = await client.send(new InvokeCommand({ FunctionName: 'NodeCaller', Payload: JSON.stringify({ n: 1 }) }));
  return {
    status: r.StatusCode,
    version: r.ExecutedVersion,
    bytes: r.Payload instanceof Uint8Array,
    payload: JSON.parse(text(r.Payload)),
    tail: typeof r.LogResult === 'string' && atob(r.LogResult).includes('REPORT RequestId'),
    failed: [failed.StatusCode, failed.FunctionError, JSON.parse(text(failed.Payload)).errorType],
    missing,
    self: JSON.parse(text(self.Payload)),
  };
};
"#;
    let t = "node";
    let functions = [
        format!("NodeCaller={}", file(t, "node_caller.mjs", caller)),
        format!("Target={}", file(t, "target.py", PY_TARGET)),
    ];
    let machine = one_task(t, "NodeCaller");
    let (out, log) = run_with(&machine, &functions);
    assert_eq!(out["status"], 200, "{out:#}");
    assert_eq!(out["version"], "$LATEST");
    assert_eq!(out["bytes"], true);
    assert_eq!(out["payload"]["n"], 0);
    assert_eq!(out["tail"], true);
    assert_eq!(out["failed"], json!([200, "Unhandled", "ValueError"]));
    assert_eq!(
        out["missing"],
        json!([
            "ResourceNotFoundException",
            "Function not found: arn:aws:lambda:ca-central-1:123456789012:function:Nobody",
            404
        ])
    );
    // NodeCaller invoked itself while busy: two new environments, each at its first call
    assert_eq!(
        out["self"],
        json!({"n": 1, "count": 1, "inner": {"n": 0, "count": 1, "inner": null}})
    );
    assert_eq!(log.matches("START RequestId: ").count(), 5, "{log}");
}

/// Runs `machine` with `functions` (`NAME=FILE`): the output, and the logs (`--logs`).
fn run_with(machine: &str, functions: &[String]) -> (Value, String) {
    let mut args = vec!["run", machine, "--input", "{}", "--logs"];
    for f in functions {
        args.extend(["--function", f.as_str()]);
    }
    let o = steplab(&args);
    let log = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(o.status.success(), "{log}");
    (serde_json::from_slice(&o.stdout).unwrap(), log)
}
