//! Amazon SQS in memory, with the JSON protocol's shapes (the current SDKs').
//!
//! Operations: CreateQueue, GetQueueUrl, ListQueues, DeleteQueue, GetQueueAttributes,
//! SetQueueAttributes, SendMessage, SendMessageBatch, ReceiveMessage, DeleteMessage,
//! DeleteMessageBatch, ChangeMessageVisibility, ChangeMessageVisibilityBatch, PurgeQueue.
//! Standard and FIFO queues (`.fifo`, message groups locked while a message of theirs is in
//! flight, five-minute deduplication by id or by content, sequence numbers). SNS and EventBridge
//! put messages in queues through [`Sqs::deliver`].
//!
//! Dead-letter queues follow a queue's `RedrivePolicy` (see `redrive.rs`). Errors carry the codes
//! the SDKs report: the query protocol's (`AWS.SimpleQueueService.NonExistentQueue`), which SQS
//! sends over JSON in its `x-amzn-query-error` header (see `errors.rs`).
//!
//! Not emulated: long polling (`WaitTimeSeconds` returns what is available at once), redrive
//! allow policies and message move tasks, queue policies and KMS (kept as attributes),
//! tags, permissions, the body's character checks, and the 1 MiB limit AWS
//! allows since 2025 (the limit here is the queue's `MaximumMessageSize`, 262,144 bytes by
//! default, as it long was). Standard queues deliver in send order, exactly once per receive;
//! AWS's are best-effort ordered and at-least-once. Messages past the retention period are dropped
//! when the queue is next received from.

mod errors;
mod message;
mod queue;
mod receive;
mod redrive;
mod send;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

pub use message::Message;
pub use queue::Queue;

use crate::ids::Ids;
use crate::input::{int_of, list_of, str_of, string_map};
use crate::{Context, Response, ServiceError};
use errors::{invalid_value, missing, no_queue};

/// Every queue, by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Sqs {
    pub queues: BTreeMap<String, Queue>,
}

/// A message SNS or EventBridge puts in a queue.
pub struct Delivery<'a> {
    pub body: &'a str,
    /// `MessageAttributes` in SQS's shape.
    pub attributes: Map<String, Value>,
    pub group_id: Option<&'a str>,
    pub dedup_id: Option<&'a str>,
}

impl Sqs {
    /// Calls `operation` with `input`.
    pub fn call(
        &mut self,
        operation: &str,
        input: &Value,
        ids: &mut Ids,
        context: &Context,
    ) -> Result<Response, ServiceError> {
        let now = context.now_millis;
        let output = match operation {
            "CreateQueue" => self.create_queue(input, context)?,
            "GetQueueUrl" => {
                let name = str_of(input, "QueueName").ok_or_else(|| missing("QueueName"))?;
                json!({"QueueUrl": self.queues.get(name).ok_or_else(no_queue)?.url})
            }
            "ListQueues" => self.list_queues(input)?,
            "DeleteQueue" => {
                let name = self.queue_mut(input)?.name.clone();
                self.queues.remove(&name);
                json!({})
            }
            "GetQueueAttributes" => {
                let queue = self.queue_mut(input)?;
                let names = list_of(input, "AttributeNames");
                let mut attributes = Map::new();
                for name in names.iter().filter_map(Value::as_str) {
                    if name == "All" {
                        attributes = queue.all_attributes(now);
                        break;
                    }
                    match queue.attribute(name, now) {
                        Some(v) => {
                            attributes.insert(name.into(), json!(v));
                        }
                        None if is_known_attribute(name) => {}
                        None => return Err(errors::invalid_attribute(name)),
                    }
                }
                if attributes.is_empty() { json!({}) } else { json!({"Attributes": attributes}) }
            }
            "SetQueueAttributes" => {
                let queue = self.queue_mut(input)?;
                let attributes = string_map(input, "Attributes");
                queue::check_attributes(&attributes, queue.fifo())?;
                if attributes
                    .iter()
                    .any(|(k, v)| k == "FifoQueue" && Some(v) != queue.attributes.get(k))
                {
                    return Err(invalid_value("Invalid value for the parameter FifoQueue."));
                }
                queue.attributes.extend(attributes);
                queue.modified_millis = now;
                json!({})
            }
            "SendMessage" => {
                let queue = self.queue_mut(input)?;
                Value::Object(send::send_one(queue, input, ids, now)?)
            }
            "SendMessageBatch" => send::send_batch(self.queue_mut(input)?, input, ids, now)?,
            "ReceiveMessage" => {
                receive::check_receive(input)?;
                let name = self.queue_mut(input)?.name.clone();
                self.redrive(&name, now);
                let queue = self.queues.get_mut(&name).expect("found above");
                receive::receive(queue, input, ids, now, &context.account)?
            }
            "DeleteMessage" => receive::delete(self.queue_mut(input)?, input)?,
            "DeleteMessageBatch" => receive::delete_batch(self.queue_mut(input)?, input)?,
            "ChangeMessageVisibility" => {
                receive::change_visibility(self.queue_mut(input)?, input, now)?
            }
            "ChangeMessageVisibilityBatch" => {
                receive::change_visibility_batch(self.queue_mut(input)?, input, now)?
            }
            "PurgeQueue" => receive::purge(self.queue_mut(input)?, now)?,
            _ => return Err(ServiceError::unknown_operation("sqs", operation)),
        };
        Ok(Response::output(output))
    }

    /// The queue `QueueUrl` names (by its last path segment, the queue's name).
    fn queue_mut(&mut self, input: &Value) -> Result<&mut Queue, ServiceError> {
        let url = str_of(input, "QueueUrl").ok_or_else(|| missing("QueueUrl"))?;
        let name = url.trim_end_matches('/').rsplit('/').next().unwrap_or(url);
        self.queues.get_mut(name).ok_or_else(no_queue)
    }

    fn create_queue(&mut self, input: &Value, context: &Context) -> Result<Value, ServiceError> {
        let name = str_of(input, "QueueName").ok_or_else(|| missing("QueueName"))?;
        let attributes = string_map(input, "Attributes");
        let fifo_attribute = attributes.iter().any(|(k, v)| k == "FifoQueue" && v == "true");
        let fifo = name.ends_with(".fifo");
        if fifo != fifo_attribute && (fifo || fifo_attribute) {
            return Err(invalid_value(
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.",
            ));
        }
        if !queue::valid_name(name, fifo) {
            return Err(invalid_value(if fifo {
                "The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length."
            } else {
                "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length"
            }));
        }
        queue::check_attributes(&attributes, fifo)?;
        if let Some(existing) = self.queues.get(name) {
            // the same name with the same attributes gives the existing queue
            if let Some(attribute) = existing.differs(&attributes) {
                return Err(ServiceError::client(
                    "QueueAlreadyExists",
                    format!(
                        "A queue already exists with the same name and a different value for attribute {attribute}"
                    ),
                ));
            }
            return Ok(json!({"QueueUrl": existing.url}));
        }
        let queue = Queue::new(name, &attributes, context);
        let url = queue.url.clone();
        self.queues.insert(name.to_string(), queue);
        Ok(json!({"QueueUrl": url}))
    }

    fn list_queues(&self, input: &Value) -> Result<Value, ServiceError> {
        let prefix = str_of(input, "QueueNamePrefix").unwrap_or("");
        let max = match int_of(input, "MaxResults") {
            Some(m) if !(1..=1000).contains(&m) => {
                return Err(errors::invalid_parameter(
                    "MaxResults",
                    m,
                    "Must be between 1 and 1000, if provided",
                ));
            }
            m => m,
        };
        let after = str_of(input, "NextToken");
        let names: Vec<&Queue> = self
            .queues
            .values()
            .filter(|q| q.name.starts_with(prefix))
            .filter(|q| after.is_none_or(|a| q.name.as_str() > a))
            .collect();
        let take = max.map_or(1000, |m| m as usize);
        let page: Vec<&str> = names.iter().take(take).map(|q| q.url.as_str()).collect();
        let mut output = Map::new();
        if !page.is_empty() {
            output.insert("QueueUrls".into(), json!(page));
        }
        // StepLab's NextToken is the last name listed; AWS's is opaque
        if max.is_some() && names.len() > take {
            output.insert("NextToken".into(), json!(names[take - 1].name));
        }
        Ok(Value::Object(output))
    }

    /// Puts a message in the queue with ARN `queue_arn` (an SNS subscription's or an EventBridge
    /// target's). Fails, changing nothing, when the queue does not exist or refuses the message.
    pub fn deliver(
        &mut self,
        queue_arn: &str,
        delivery: Delivery<'_>,
        ids: &mut Ids,
        now: i64,
    ) -> Result<(), ServiceError> {
        let queue = self.queues.values_mut().find(|q| q.arn == queue_arn).ok_or_else(no_queue)?;
        let mut entry = json!({"MessageBody": delivery.body});
        if !delivery.attributes.is_empty() {
            entry["MessageAttributes"] = Value::Object(delivery.attributes);
        }
        if queue.fifo() {
            if let Some(g) = delivery.group_id {
                entry["MessageGroupId"] = json!(g);
            }
            if let Some(d) = delivery.dedup_id {
                entry["MessageDeduplicationId"] = json!(d);
            }
        }
        send::send_one(queue, &entry, ids, now).map(|_| ())
    }

    /// Whether a queue with ARN `arn` exists.
    pub fn has_queue_arn(&self, arn: &str) -> bool {
        self.queues.values().any(|q| q.arn == arn)
    }
}

/// Attributes GetQueueAttributes knows even when a queue does not have them.
fn is_known_attribute(name: &str) -> bool {
    matches!(
        name,
        "Policy"
            | "RedrivePolicy"
            | "RedriveAllowPolicy"
            | "KmsMasterKeyId"
            | "KmsDataKeyReusePeriodSeconds"
            | "FifoQueue"
            | "ContentBasedDeduplication"
            | "DeduplicationScope"
            | "FifoThroughputLimit"
            | "SqsManagedSseEnabled"
    )
}
