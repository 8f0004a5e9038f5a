//! Subscribe and the checks of subscription attributes.

use serde_json::{Value, json};

use super::errors::{invalid, missing};
use super::filter;
use super::{Sns, Subscription};
use crate::ServiceError;
use crate::ids::Ids;
use crate::input::{str_of, string_map};

/// Attributes a subscription takes.
const SUBSCRIPTION_ATTRIBUTES: [&str; 6] = [
    "RawMessageDelivery",
    "FilterPolicy",
    "FilterPolicyScope",
    "RedrivePolicy",
    "DeliveryPolicy",
    "SubscriptionRoleArn",
];

impl Sns {
    pub(super) fn subscribe(
        &mut self,
        input: &Value,
        ids: &mut Ids,
    ) -> Result<Value, ServiceError> {
        let topic = self.topic(input)?;
        let protocol = str_of(input, "Protocol").ok_or_else(|| missing("Protocol"))?;
        let endpoint = str_of(input, "Endpoint").unwrap_or("");
        match protocol {
            "sqs" => {
                if !endpoint.starts_with("arn:aws:sqs:") || endpoint.split(':').count() != 6 {
                    return Err(invalid("SQS endpoint ARN"));
                }
                // (a queue that does not exist can be subscribed: deliveries to it are dropped)
                // these two texts are localstack's, taken from AWS's answers
                if endpoint.ends_with(".fifo") && !topic.fifo() {
                    return Err(invalid(
                        "Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics",
                    ));
                }
                if topic.fifo() && !endpoint.ends_with(".fifo") {
                    return Err(invalid(
                        "Invalid parameter: Endpoint Reason: Please use FIFO SQS queue",
                    ));
                }
            }
            "lambda" => {
                if !endpoint.starts_with("arn:aws:lambda:") || !endpoint.contains(":function:") {
                    return Err(invalid("Lambda endpoint ARN"));
                }
                if topic.fifo() {
                    return Err(invalid(
                        "Invalid parameter: Endpoint Reason: Please use FIFO SQS queue",
                    ));
                }
            }
            "http" | "https" | "email" | "email-json" | "sms" | "application" | "firehose" => {
                return Err(invalid(format!(
                    "StepLab's SNS delivers to sqs and lambda endpoints only, not {protocol}"
                )));
            }
            other => {
                return Err(invalid(format!(
                    "Amazon SNS does not support this protocol string: {other}"
                )));
            }
        }
        let attributes = string_map(input, "Attributes");
        for (name, value) in &attributes {
            check_subscription_attribute(name, value, protocol)?;
        }
        let topic_arn = topic.arn.clone();
        let owner = topic.owner.clone();
        if let Some(existing) = self
            .subscriptions
            .iter()
            .find(|s| s.topic_arn == topic_arn && s.protocol == protocol && s.endpoint == endpoint)
        {
            if attributes.iter().any(|(k, v)| existing.attributes.get(k) != Some(v)) {
                return Err(invalid(
                    "Attributes Reason: Subscription already exists with different attributes",
                ));
            }
            return Ok(json!({"SubscriptionArn": existing.arn}));
        }
        let arn = format!("{topic_arn}:{}", ids.uuid());
        self.subscriptions.push(Subscription {
            arn: arn.clone(),
            topic_arn,
            protocol: protocol.into(),
            endpoint: endpoint.into(),
            owner,
            attributes: attributes.into_iter().collect(),
        });
        Ok(json!({"SubscriptionArn": arn}))
    }
}

pub(super) fn check_subscription_attribute(
    name: &str,
    value: &str,
    protocol: &str,
) -> Result<(), ServiceError> {
    if !SUBSCRIPTION_ATTRIBUTES.contains(&name) {
        return Err(invalid("AttributeName"));
    }
    match name {
        "RawMessageDelivery" => {
            if !value.eq_ignore_ascii_case("true") && !value.eq_ignore_ascii_case("false") {
                return Err(invalid(format!(
                    "Attributes Reason: RawMessageDelivery: Invalid value [{value}]. Must be true or false."
                )));
            }
            if protocol == "lambda" {
                // AWS refuses raw delivery to Lambda; its exact text is not confirmed
                return Err(invalid(format!(
                    "Attributes Reason: Delivery protocol [{protocol}] does not support raw message delivery."
                )));
            }
        }
        "FilterPolicy" if !value.is_empty() => filter::check(value)?,
        "FilterPolicyScope" if value != "MessageAttributes" && value != "MessageBody" => {
            return Err(invalid(format!(
                "Attributes Reason: FilterPolicyScope: Invalid value [{value}]. Please use either MessageBody or MessageAttributes"
            )));
        }
        _ => {}
    }
    Ok(())
}
