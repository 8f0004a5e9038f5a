//! Amazon SNS in memory.
//!
//! Operations: CreateTopic (standard and FIFO), ListTopics, DeleteTopic, GetTopicAttributes,
//! SetTopicAttributes, Subscribe (protocols `sqs` and `lambda`, attributes `RawMessageDelivery`,
//! `FilterPolicy`, `FilterPolicyScope`), Unsubscribe, GetSubscriptionAttributes,
//! SetSubscriptionAttributes, ListSubscriptions, ListSubscriptionsByTopic, Publish (`Subject`,
//! `MessageAttributes`, `MessageStructure: json`, FIFO groups and deduplication) and PublishBatch.
//! A message reaches an SQS subscriber as the notification's JSON envelope (or raw) within the
//! call, and a Lambda subscriber through an [`crate::Effect::InvokeFunction`] with the SNS event.
//!
//! Not emulated: other protocols (HTTP/S, email, SMS, mobile push, Firehose) and confirmations,
//! real signatures (`Signature` has the shape of one; `SigningCertURL` names no certificate),
//! delivery policies and retries, dead-letter queues, data protection, tags and permissions.
//! `Unsubscribe` of an unknown subscription succeeds: AWS's answer there is not confirmed.

mod batch;
mod errors;
mod filter;
mod publish;
mod subscribe;
mod topic;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

pub use topic::{Subscription, Topic};

use crate::ids::Ids;
use crate::input::{str_of, string_map};
use crate::sqs::Sqs;
use crate::{Context, Response, ServiceError};
use errors::{invalid, missing, not_found};

/// Every topic (by ARN) and subscription (in the order they were made).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Sns {
    pub topics: BTreeMap<String, Topic>,
    pub subscriptions: Vec<Subscription>,
}

/// Pages of ListTopics and ListSubscriptions.
const PAGE: usize = 100;

fn page(items: Vec<Value>, input: &Value, key: &str) -> Value {
    let start = str_of(input, "NextToken").and_then(|t| t.parse::<usize>().ok()).unwrap_or(0);
    let mut output = Map::new();
    let end = (start + PAGE).min(items.len());
    output.insert(key.into(), Value::Array(items.get(start..end).unwrap_or(&[]).to_vec()));
    // StepLab's NextToken is the index of the next item; AWS's is opaque
    if end < items.len() {
        output.insert("NextToken".into(), json!(end.to_string()));
    }
    Value::Object(output)
}

const TOPIC_ATTRIBUTES: [&str; 12] = [
    "DisplayName",
    "Policy",
    "DeliveryPolicy",
    "KmsMasterKeyId",
    "SignatureVersion",
    "TracingConfig",
    "FifoTopic",
    "ContentBasedDeduplication",
    "ArchivePolicy",
    "FifoThroughputScope",
    "DataProtectionPolicy",
    "SubscriptionsConfirmed",
];

impl Sns {
    /// Calls `operation` with `input`; deliveries to SQS queues go into `sqs`.
    pub fn call(
        &mut self,
        sqs: &mut Sqs,
        operation: &str,
        input: &Value,
        ids: &mut Ids,
        context: &Context,
    ) -> Result<Response, ServiceError> {
        let output = match operation {
            "CreateTopic" => self.create_topic(input, context)?,
            "ListTopics" => {
                let topics = self.topics.keys().map(|arn| json!({"TopicArn": arn})).collect();
                page(topics, input, "Topics")
            }
            "DeleteTopic" => {
                let arn = str_of(input, "TopicArn").ok_or_else(|| missing("TopicArn"))?;
                // deleting a topic that does not exist succeeds
                self.topics.remove(arn);
                self.subscriptions.retain(|s| s.topic_arn != arn);
                json!({})
            }
            "GetTopicAttributes" => {
                let topic = self.topic(input)?;
                let count = self.subscriptions.iter().filter(|s| s.topic_arn == topic.arn).count();
                json!({"Attributes": topic.all_attributes(count)})
            }
            "SetTopicAttributes" => {
                let arn = self.topic(input)?.arn.clone();
                let name =
                    str_of(input, "AttributeName").ok_or_else(|| missing("AttributeName"))?;
                if !TOPIC_ATTRIBUTES[..6].contains(&name) && name != "ContentBasedDeduplication" {
                    return Err(invalid("AttributeName"));
                }
                let value = str_of(input, "AttributeValue").unwrap_or("");
                let topic = self.topics.get_mut(&arn).expect("checked");
                topic.attributes.insert(name.into(), value.into());
                json!({})
            }
            "Subscribe" => self.subscribe(input, ids)?,
            "Unsubscribe" => {
                let arn =
                    str_of(input, "SubscriptionArn").ok_or_else(|| missing("SubscriptionArn"))?;
                self.subscriptions.retain(|s| s.arn != arn);
                json!({})
            }
            "GetSubscriptionAttributes" => {
                let subscription = self.subscription(input)?;
                json!({"Attributes": subscription.all_attributes()})
            }
            "SetSubscriptionAttributes" => {
                let name =
                    str_of(input, "AttributeName").ok_or_else(|| missing("AttributeName"))?;
                let value = str_of(input, "AttributeValue").unwrap_or("");
                let arn = self.subscription(input)?.arn.clone();
                let protocol = self.subscription(input)?.protocol.clone();
                subscribe::check_subscription_attribute(name, value, &protocol)?;
                let subscription =
                    self.subscriptions.iter_mut().find(|s| s.arn == arn).expect("checked");
                subscription.attributes.insert(name.into(), value.into());
                json!({})
            }
            "ListSubscriptions" => {
                let all = self.subscriptions.iter().map(Subscription::listed).collect();
                page(all, input, "Subscriptions")
            }
            "ListSubscriptionsByTopic" => {
                let arn = self.topic(input)?.arn.clone();
                let all = self
                    .subscriptions
                    .iter()
                    .filter(|s| s.topic_arn == arn)
                    .map(Subscription::listed)
                    .collect();
                page(all, input, "Subscriptions")
            }
            "Publish" => {
                let arn = self.target(input)?.to_string();
                let outgoing = publish::check(&self.topics[&arn], input)?;
                let (output, effects) = self.publish_checked(&arn, &outgoing, sqs, ids, context);
                return Ok(Response { output: Value::Object(output), effects });
            }
            "PublishBatch" => return self.publish_batch(input, sqs, ids, context),
            _ => return Err(ServiceError::unknown_operation("sns", operation)),
        };
        Ok(Response::output(output))
    }

    fn topic(&self, input: &Value) -> Result<&Topic, ServiceError> {
        let arn = str_of(input, "TopicArn").ok_or_else(|| missing("TopicArn"))?;
        if !arn.starts_with("arn:aws:sns:") {
            return Err(invalid("TopicArn"));
        }
        self.topics.get(arn).ok_or_else(|| not_found("Topic"))
    }

    fn subscription(&self, input: &Value) -> Result<&Subscription, ServiceError> {
        let arn = str_of(input, "SubscriptionArn").ok_or_else(|| missing("SubscriptionArn"))?;
        self.subscriptions.iter().find(|s| s.arn == arn).ok_or_else(|| not_found("Subscription"))
    }

    fn create_topic(&mut self, input: &Value, context: &Context) -> Result<Value, ServiceError> {
        let name = str_of(input, "Name").ok_or_else(|| missing("Name"))?;
        let attributes = string_map(input, "Attributes");
        for (k, v) in &attributes {
            if !TOPIC_ATTRIBUTES[..11].contains(&k.as_str()) {
                return Err(invalid(format!("Attributes Reason: Unknown attribute {k}")));
            }
            if matches!(k.as_str(), "FifoTopic" | "ContentBasedDeduplication")
                && v != "true"
                && v != "false"
            {
                return Err(invalid(format!("Attributes Reason: {k}: Invalid value [{v}]")));
            }
        }
        let fifo = attributes.iter().any(|(k, v)| k == "FifoTopic" && v == "true");
        let stem = if fifo { name.strip_suffix(".fifo") } else { Some(name) };
        let valid = stem.is_some_and(|s| {
            !s.is_empty()
                && name.len() <= 256
                && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
        if !valid {
            return Err(invalid(if fifo || name.ends_with(".fifo") {
                "Fifo Topic names must end with .fifo and must be made up of only uppercase and lowercase ASCII letters, numbers, underscores, and hyphens, and must be between 1 and 256 characters long."
            } else {
                "Topic Name"
            }));
        }
        if !fifo && attributes.iter().any(|(k, _)| k == "ContentBasedDeduplication") {
            return Err(invalid(
                "Attributes Reason: ContentBasedDeduplication: Content-based deduplication can only be set for FIFO topics",
            ));
        }
        let arn = format!("arn:aws:sns:{}:{}:{name}", context.region, context.account);
        if let Some(existing) = self.topics.get(&arn) {
            // the same name gives the same topic; AWS refuses different attributes
            if attributes.iter().any(|(k, v)| existing.attributes.get(k) != Some(v)) {
                return Err(invalid(
                    "Attributes Reason: Topic already exists with different attributes",
                ));
            }
            return Ok(json!({"TopicArn": arn}));
        }
        self.topics.insert(
            arn.clone(),
            Topic {
                name: name.into(),
                arn: arn.clone(),
                owner: context.account.clone(),
                attributes: {
                    let mut all: BTreeMap<String, String> = attributes.into_iter().collect();
                    if fifo {
                        all.entry("ContentBasedDeduplication".into())
                            .or_insert_with(|| "false".into());
                    }
                    all
                },
                dedup: Vec::new(),
                sequence: 0,
            },
        );
        Ok(json!({"TopicArn": arn}))
    }
}
