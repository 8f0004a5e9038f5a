//! A queue: its name, URL, ARN, attributes and messages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::errors::invalid_attribute;
use super::message::Message;
use crate::{Context, ServiceError};

/// A message id recorded against a FIFO deduplication id for five minutes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dedup {
    pub id: String,
    pub group_id: String,
    pub expires_millis: i64,
    pub message_id: String,
    pub sequence: String,
}

/// A queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Queue {
    pub name: String,
    pub url: String,
    pub arn: String,
    pub created_millis: i64,
    pub modified_millis: i64,
    /// The attributes CreateQueue and SetQueueAttributes set, defaults filled in.
    pub attributes: BTreeMap<String, String>,
    #[serde(default)]
    pub messages: Vec<Message>,
    #[serde(default)]
    pub dedup: Vec<Dedup>,
    /// The last sequence number given out (FIFO).
    #[serde(default)]
    pub sequence: u64,
    #[serde(default)]
    pub purged_millis: Option<i64>,
}

/// The five minutes a FIFO queue remembers a deduplication id.
pub(super) const DEDUP_MILLIS: i64 = 5 * 60 * 1000;

/// Attributes a queue can be given, with their ranges where they are numbers.
const NUMERIC: [(&str, i64, i64); 5] = [
    ("DelaySeconds", 0, 900),
    ("MaximumMessageSize", 1024, 262_144),
    ("MessageRetentionPeriod", 60, 1_209_600),
    ("ReceiveMessageWaitTimeSeconds", 0, 20),
    ("VisibilityTimeout", 0, 43_200),
];
const OTHER: [&str; 10] = [
    "Policy",
    "RedrivePolicy",
    "RedriveAllowPolicy",
    "KmsMasterKeyId",
    "KmsDataKeyReusePeriodSeconds",
    "SqsManagedSseEnabled",
    "FifoQueue",
    "ContentBasedDeduplication",
    "DeduplicationScope",
    "FifoThroughputLimit",
];

/// `InvalidAttributeValue` for an attribute out of range.
fn invalid_attribute_value(name: &str) -> ServiceError {
    ServiceError::client(
        "InvalidAttributeValue",
        format!("Invalid value for the parameter {name}."),
    )
}

/// Checks attributes given to CreateQueue or SetQueueAttributes.
pub(super) fn check_attributes(
    attributes: &[(String, String)],
    fifo: bool,
) -> Result<(), ServiceError> {
    for (name, value) in attributes {
        if let Some((_, min, max)) = NUMERIC.iter().find(|(n, ..)| n == name) {
            match value.parse::<i64>() {
                Ok(v) if (*min..=*max).contains(&v) => {}
                _ => return Err(invalid_attribute_value(name)),
            }
        } else if !OTHER.contains(&name.as_str()) {
            return Err(invalid_attribute(name));
        }
        let boolean = matches!(
            name.as_str(),
            "FifoQueue" | "ContentBasedDeduplication" | "SqsManagedSseEnabled"
        );
        if boolean && value != "true" && value != "false" {
            return Err(invalid_attribute_value(name));
        }
        let fifo_only = matches!(
            name.as_str(),
            "ContentBasedDeduplication" | "DeduplicationScope" | "FifoThroughputLimit"
        );
        if fifo_only && !fifo {
            // AWS's text for a FIFO attribute on a standard queue is not confirmed
            return Err(invalid_attribute(name));
        }
        if matches!(name.as_str(), "RedrivePolicy" | "RedriveAllowPolicy" | "Policy")
            && serde_json::from_str::<Value>(value).map(|v| !v.is_object()).unwrap_or(true)
        {
            return Err(invalid_attribute_value(name));
        }
    }
    Ok(())
}

impl Queue {
    /// A queue named `name` with `attributes` (already checked) in `context`'s region.
    pub fn new(name: &str, attributes: &[(String, String)], context: &Context) -> Self {
        let fifo = name.ends_with(".fifo");
        let mut all: BTreeMap<String, String> = [
            ("DelaySeconds", "0"),
            ("MaximumMessageSize", "262144"),
            ("MessageRetentionPeriod", "345600"),
            ("ReceiveMessageWaitTimeSeconds", "0"),
            ("VisibilityTimeout", "30"),
            ("SqsManagedSseEnabled", "true"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        if fifo {
            for (k, v) in [
                ("FifoQueue", "true"),
                ("ContentBasedDeduplication", "false"),
                ("DeduplicationScope", "queue"),
                ("FifoThroughputLimit", "perQueue"),
            ] {
                all.insert(k.into(), v.into());
            }
        }
        all.extend(attributes.iter().cloned());
        Self {
            name: name.into(),
            url: format!("https://sqs.{}.amazonaws.com/{}/{name}", context.region, context.account),
            arn: format!("arn:aws:sqs:{}:{}:{name}", context.region, context.account),
            created_millis: context.now_millis,
            modified_millis: context.now_millis,
            attributes: all,
            messages: Vec::new(),
            dedup: Vec::new(),
            sequence: 0,
            purged_millis: None,
        }
    }

    pub fn fifo(&self) -> bool {
        self.attributes.get("FifoQueue").is_some_and(|v| v == "true")
    }

    pub fn number(&self, name: &str) -> i64 {
        self.attributes.get(name).and_then(|v| v.parse().ok()).unwrap_or(0)
    }

    /// Whether the attributes a CreateQueue gives differ from this queue's.
    pub fn differs(&self, attributes: &[(String, String)]) -> Option<String> {
        attributes.iter().find(|(k, v)| self.attributes.get(k) != Some(v)).map(|(k, _)| k.clone())
    }

    /// The attribute `name` as GetQueueAttributes gives it, `None` when it is not set.
    pub fn attribute(&self, name: &str, now: i64) -> Option<String> {
        let live = self.messages.iter().filter(|m| !self.expired(m, now));
        Some(match name {
            "QueueArn" => self.arn.clone(),
            "ApproximateNumberOfMessages" => {
                live.filter(|m| m.visible_at <= now).count().to_string()
            }
            "ApproximateNumberOfMessagesNotVisible" => {
                live.filter(|m| m.in_flight(now)).count().to_string()
            }
            "ApproximateNumberOfMessagesDelayed" => {
                live.filter(|m| m.delayed(now)).count().to_string()
            }
            "CreatedTimestamp" => (self.created_millis / 1000).to_string(),
            "LastModifiedTimestamp" => (self.modified_millis / 1000).to_string(),
            other => return self.attributes.get(other).cloned(),
        })
    }

    /// Every attribute GetQueueAttributes gives for `All`, in AWS's order.
    pub fn all_attributes(&self, now: i64) -> Map<String, Value> {
        let mut names = vec![
            "QueueArn",
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
            "CreatedTimestamp",
            "LastModifiedTimestamp",
        ];
        let set: Vec<&str> = self.attributes.keys().map(String::as_str).collect();
        names.extend(set);
        names
            .into_iter()
            .filter_map(|n| self.attribute(n, now).map(|v| (n.to_string(), Value::String(v))))
            .collect()
    }

    /// Past the queue's retention period.
    pub fn expired(&self, message: &Message, now: i64) -> bool {
        message.sent_millis + self.number("MessageRetentionPeriod") * 1000 <= now
    }

    /// The next FIFO sequence number: AWS's are increasing, opaque, 20 digits and more; StepLab
    /// counts up from 10^19.
    pub fn next_sequence(&mut self) -> String {
        self.sequence += 1;
        (10_000_000_000_000_000_000u128 + u128::from(self.sequence)).to_string()
    }
}

/// Whether `name` is a valid queue name: 1 to 80 alphanumerics, hyphens and underscores, with
/// `.fifo` at the end of FIFO queues' names.
pub(super) fn valid_name(name: &str, fifo: bool) -> bool {
    let stem = if fifo { name.strip_suffix(".fifo") } else { Some(name) };
    stem.is_some_and(|s| {
        !s.is_empty()
            && name.len() <= 80
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}
