//! The services' state serialises whole: a state written and read back is the same state, and
//! goes on the same way.

use serde_json::{Value, json};
use steplab_services::{Context, Services};

fn call(services: &mut Services, service: &str, operation: &str, input: Value) -> Value {
    let context = Context::at(1_700_000_000_000);
    services
        .call(service, operation, &input, &context)
        .unwrap_or_else(|e| panic!("{service} {operation}: {e}"))
        .output
}

#[test]
fn state_round_trips_through_json() {
    let mut services = Services::default();
    let queue = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo";
    call(
        &mut services,
        "sqs",
        "CreateQueue",
        json!({"QueueName": "jobs.fifo", "Attributes": {"FifoQueue": "true"}}),
    );
    call(
        &mut services,
        "sqs",
        "SendMessage",
        json!({"QueueUrl": queue, "MessageBody": "a", "MessageGroupId": "g", "MessageDeduplicationId": "1",
        "MessageAttributes": {"n": {"DataType": "Number", "StringValue": "1"}}}),
    );
    let topic = call(&mut services, "sns", "CreateTopic", json!({"Name": "t"}))["TopicArn"].clone();
    call(
        &mut services,
        "sns",
        "Subscribe",
        json!({"TopicArn": topic, "Protocol": "lambda",
        "Endpoint": "arn:aws:lambda:us-east-1:123456789012:function:f", "Attributes": {"FilterPolicy": "{\"a\": [\"b\"]}"}}),
    );
    call(&mut services, "s3", "CreateBucket", json!({"Bucket": "bucket"}));
    call(
        &mut services,
        "s3",
        "PutObject",
        json!({"Bucket": "bucket", "Key": "k", "Body": "v", "Metadata": {"m": "1"}}),
    );
    call(
        &mut services,
        "events",
        "PutRule",
        json!({"Name": "r", "EventPattern": "{\"source\": [\"s\"]}"}),
    );
    call(
        &mut services,
        "events",
        "PutTargets",
        json!({"Rule": "r", "Targets": [{"Id": "1", "Arn": "arn:aws:states:us-east-1:123456789012:stateMachine:m"}]}),
    );

    let text = serde_json::to_string(&services).expect("serialises");
    let mut restored: Services = serde_json::from_str(&text).expect("deserialises");
    assert_eq!(restored, services);
    let a = call(
        &mut services,
        "sqs",
        "ReceiveMessage",
        json!({"QueueUrl": queue, "MessageAttributeNames": ["All"]}),
    );
    let b = call(
        &mut restored,
        "sqs",
        "ReceiveMessage",
        json!({"QueueUrl": queue, "MessageAttributeNames": ["All"]}),
    );
    assert_eq!(a, b);
    assert_eq!(a["Messages"][0]["Body"], "a");

    // an empty state (or one stored before these services) reads as the default, default bus included
    let empty: Services = serde_json::from_str("{}").expect("deserialises");
    assert_eq!(empty, Services::default());
    assert!(empty.events.buses.contains_key("default"));
}
