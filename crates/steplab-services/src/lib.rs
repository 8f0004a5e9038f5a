//! AWS services kept in memory, for the state machines and the functions StepLab runs.
//!
//! Sans-IO like the engine: no clock, threads, DOM or I/O. The host passes the time in
//! [`Context`]; everything a service keeps is in [`Services`], which serialises whole (the
//! workspace stores it, `steplab run --save-resources` writes it). A call takes the operation's
//! input as the AWS SDKs send it (the service model's member names, e.g. `TableName`, `Item`) and
//! gives back its output in the same shape, or a [`ServiceError`] with AWS's code and message.
//! A call that fails changes nothing.
//!
//! What a call sets off beyond the service itself (an SNS message for a Lambda subscriber, an
//! EventBridge rule that starts an execution) comes back as [`Effect`]s for the host to carry out.

pub mod context;
pub mod dynamodb;
pub mod effect;
pub mod error;
pub mod events;
pub mod ids;
mod input;
pub mod s3;
pub mod sns;
pub mod sqs;
mod subset;
mod time;

pub use context::Context;
pub use effect::Effect;
pub use error::ServiceError;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a successful call gives back: the operation's output and what it sets off.
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    /// The operation's output, as the service returns it (without `ResponseMetadata`).
    pub output: Value,
    /// Deliveries the host carries out (a Lambda function to invoke, an execution to start).
    pub effects: Vec<Effect>,
}

impl Response {
    /// An output that sets nothing off.
    pub fn output(output: Value) -> Self {
        Self { output, effects: Vec::new() }
    }
}

/// Every service's state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Services {
    /// Ids drawn for message ids, request ids and the like.
    pub ids: ids::Ids,
    /// DynamoDB's tables and items.
    pub dynamodb: dynamodb::DynamoDb,
    /// SQS's queues and their messages.
    pub sqs: sqs::Sqs,
    /// SNS's topics and subscriptions.
    pub sns: sns::Sns,
    /// S3's buckets and objects.
    pub s3: s3::S3,
    /// EventBridge's buses, rules and targets.
    pub events: events::Events,
}

impl Services {
    /// Whether there is any table, queue, topic, bucket or rule (as the services' List
    /// operations see them).
    pub fn has_resources(&self) -> bool {
        let mut copy = self.clone();
        let context = Context::at(0);
        let lists = [
            ("dynamodb", "ListTables", "TableNames"),
            ("sqs", "ListQueues", "QueueUrls"),
            ("sns", "ListTopics", "Topics"),
            ("s3", "ListBuckets", "Buckets"),
            ("events", "ListRules", "Rules"),
        ];
        lists.iter().any(|(service, operation, member)| {
            copy.call(service, operation, &serde_json::json!({}), &context)
                .ok()
                .and_then(|r| {
                    r.output.get(*member).and_then(Value::as_array).map(|a| !a.is_empty())
                })
                .unwrap_or(false)
        })
    }

    /// Calls `operation` (as the API names it: `PutItem`, `SendMessage`) of `service` (as the SDKs
    /// name it: `dynamodb`, `sqs`, `sns`, `s3`, `events`) with `input`.
    pub fn call(
        &mut self,
        service: &str,
        operation: &str,
        input: &Value,
        context: &Context,
    ) -> Result<Response, ServiceError> {
        match service {
            "dynamodb" => self.dynamodb.call(operation, input, context, &mut self.ids),
            "sqs" => self.sqs.call(operation, input, &mut self.ids, context),
            "sns" => self.sns.call(&mut self.sqs, operation, input, &mut self.ids, context),
            "s3" => self.s3.call(operation, input, context),
            "events" => self.events.call(
                &mut self.sqs,
                &mut self.sns,
                operation,
                input,
                &mut self.ids,
                context,
            ),
            _ => Err(ServiceError::unknown_operation(service, operation)),
        }
    }
}
