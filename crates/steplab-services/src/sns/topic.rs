//! Topics and subscriptions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// A deduplication id a FIFO topic remembers for five minutes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dedup {
    pub id: String,
    pub expires_millis: i64,
    pub message_id: String,
    pub sequence: String,
}

/// A topic.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Topic {
    pub name: String,
    pub arn: String,
    pub owner: String,
    /// The attributes CreateTopic and SetTopicAttributes set.
    pub attributes: BTreeMap<String, String>,
    #[serde(default)]
    pub dedup: Vec<Dedup>,
    #[serde(default)]
    pub sequence: u64,
}

impl Topic {
    pub fn fifo(&self) -> bool {
        self.attributes.get("FifoTopic").is_some_and(|v| v == "true")
    }

    /// The attributes GetTopicAttributes gives: the set ones and those SNS always reports.
    pub fn all_attributes(&self, subscriptions: usize) -> Map<String, Value> {
        let mut out = Map::new();
        let policy = json!({
            "Version": "2008-10-17",
            "Id": "__default_policy_ID",
            "Statement": [{
                "Sid": "__default_statement_ID",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                           "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                           "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
                "Resource": self.arn,
                "Condition": {"StringEquals": {"AWS:SourceOwner": self.owner}}
            }]
        });
        let delivery = json!({"http": {"defaultHealthyRetryPolicy": {"minDelayTarget": 20,
            "maxDelayTarget": 20, "numRetries": 3, "numMaxDelayRetries": 0, "numNoDelayRetries": 0,
            "numMinDelayRetries": 0, "backoffFunction": "linear"}, "disableSubscriptionOverrides": false,
            "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"}}});
        for (k, v) in [
            ("Policy", policy.to_string()),
            ("Owner", self.owner.clone()),
            ("SubscriptionsPending", "0".into()),
            ("TopicArn", self.arn.clone()),
            ("EffectiveDeliveryPolicy", delivery.to_string()),
            ("SubscriptionsConfirmed", subscriptions.to_string()),
            ("DisplayName", String::new()),
            ("SubscriptionsDeleted", "0".into()),
        ] {
            out.insert(k.into(), json!(v));
        }
        for (k, v) in &self.attributes {
            out.insert(k.clone(), json!(v));
        }
        out
    }

    /// The next sequence number (FIFO): AWS's are increasing 20-digit numbers; StepLab counts up
    /// from 10^19.
    pub fn next_sequence(&mut self) -> String {
        self.sequence += 1;
        (10_000_000_000_000_000_000u128 + u128::from(self.sequence)).to_string()
    }
}

/// A subscription, confirmed at once (StepLab's endpoints, SQS queues and Lambda functions, are
/// in the topic's account).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    pub arn: String,
    pub topic_arn: String,
    pub protocol: String,
    pub endpoint: String,
    pub owner: String,
    pub attributes: BTreeMap<String, String>,
}

impl Subscription {
    pub fn raw(&self) -> bool {
        self.attributes.get("RawMessageDelivery").is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    /// As ListSubscriptions lists it.
    pub fn listed(&self) -> Value {
        json!({"SubscriptionArn": self.arn, "Owner": self.owner, "Protocol": self.protocol,
               "Endpoint": self.endpoint, "TopicArn": self.topic_arn})
    }

    /// As GetSubscriptionAttributes gives it.
    pub fn all_attributes(&self) -> Map<String, Value> {
        let mut out = Map::new();
        for (k, v) in [
            ("Owner", self.owner.as_str()),
            ("RawMessageDelivery", "false"),
            ("TopicArn", self.topic_arn.as_str()),
            ("Endpoint", self.endpoint.as_str()),
            ("Protocol", self.protocol.as_str()),
            ("PendingConfirmation", "false"),
            ("ConfirmationWasAuthenticated", "true"),
            ("SubscriptionArn", self.arn.as_str()),
        ] {
            out.insert(k.into(), json!(v));
        }
        for (k, v) in &self.attributes {
            out.insert(k.clone(), json!(v));
        }
        out
    }
}
