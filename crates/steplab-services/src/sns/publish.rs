//! Publish and PublishBatch, and the deliveries to subscribers: SQS queues (the notification's
//! JSON envelope, or the raw message) and Lambda functions (the SNS event).

use base64::Engine as _;
use serde_json::{Map, Value, json};

use super::Sns;
use super::errors::{invalid, invalid_value, missing, not_found};
use super::filter;
use super::topic::{Dedup, Subscription, Topic};
use crate::ids::Ids;
use crate::input::{md5_hex, sha256_hex, str_of};
use crate::sqs::{Delivery, Sqs};
use crate::time::iso8601_millis;
use crate::{Context, Effect, ServiceError};

/// SNS's limit on a message, 256 KiB.
const MAX_MESSAGE_BYTES: usize = 262_144;

/// A message to publish, checked.
pub(crate) struct Outgoing {
    /// The message, and per-protocol messages from `MessageStructure: json`.
    pub message: String,
    pub per_protocol: Map<String, Value>,
    pub subject: Option<String>,
    /// `MessageAttributes` as given (`DataType`, `StringValue` | `BinaryValue`).
    pub attributes: Map<String, Value>,
    pub group_id: Option<String>,
    pub dedup_id: Option<String>,
}

/// Checks a Publish input (or a PublishBatch entry) for `topic`.
pub(crate) fn check(topic: &Topic, input: &Value) -> Result<Outgoing, ServiceError> {
    let message = str_of(input, "Message").ok_or_else(|| missing("Message"))?;
    if message.is_empty() {
        return Err(invalid("Empty message"));
    }
    if message.len() > MAX_MESSAGE_BYTES {
        return Err(invalid("Message too long"));
    }
    let subject = str_of(input, "Subject");
    if let Some(s) = subject
        && (s.is_empty() || s.len() > 100 || !s.chars().all(|c| (' '..='~').contains(&c)))
    {
        return Err(invalid("Subject"));
    }
    let mut per_protocol = Map::new();
    let mut text = message.to_string();
    if let Some(structure) = str_of(input, "MessageStructure") {
        if structure != "json" {
            return Err(invalid("MessageStructure"));
        }
        let parsed: Map<String, Value> = serde_json::from_str(message)
            .map_err(|_| invalid("Message Structure - JSON message body failed to parse"))?;
        text = parsed
            .get("default")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("Message Structure - No default entry in JSON message body"))?
            .to_string();
        per_protocol = parsed;
    }
    let attributes =
        input.get("MessageAttributes").and_then(Value::as_object).cloned().unwrap_or_default();
    for (name, attribute) in &attributes {
        let data_type = attribute.get("DataType").and_then(Value::as_str).unwrap_or("");
        let base = data_type.split('.').next().unwrap_or("");
        if !matches!(base, "String" | "Number" | "Binary") {
            return Err(invalid_value(format!(
                "The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."
            )));
        }
        let member = if base == "Binary" { "BinaryValue" } else { "StringValue" };
        if attribute.get(member).and_then(Value::as_str).is_none_or(str::is_empty) {
            return Err(invalid_value(format!(
                "The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{data_type}'."
            )));
        }
    }
    let group_id = str_of(input, "MessageGroupId").map(str::to_string);
    let mut dedup_id = str_of(input, "MessageDeduplicationId").map(str::to_string);
    if topic.fifo() {
        if group_id.is_none() {
            return Err(invalid("The MessageGroupId parameter is required for FIFO topics"));
        }
        if dedup_id.is_none() {
            if topic.attributes.get("ContentBasedDeduplication").is_some_and(|v| v == "true") {
                dedup_id = Some(sha256_hex(message.as_bytes()));
            } else {
                return Err(invalid(
                    "The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
                ));
            }
        }
    }
    Ok(Outgoing {
        message: text,
        per_protocol,
        subject: subject.map(str::to_string),
        attributes,
        group_id,
        dedup_id,
    })
}

/// The envelope's and the Lambda event's `MessageAttributes`: `{"Type", "Value"}`.
fn typed_attributes(attributes: &Map<String, Value>) -> Map<String, Value> {
    attributes
        .iter()
        .map(|(name, a)| {
            let value = a
                .get("StringValue")
                .or_else(|| a.get("BinaryValue"))
                .cloned()
                .unwrap_or(Value::Null);
            (name.clone(), json!({"Type": a["DataType"], "Value": value}))
        })
        .collect()
}

/// StepLab cannot sign as SNS does (SHA1withRSA with SNS's key): the signature is 256 bytes
/// drawn from the message id, in base64, the shape of a real one, and the certificate URL names
/// no real certificate.
fn signature(message_id: &str) -> String {
    let digest = sha256_hex(message_id.as_bytes());
    let bytes: Vec<u8> = digest.as_bytes().iter().cycle().take(256).copied().collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn signing_cert_url(region: &str) -> String {
    format!(
        "https://sns.{region}.amazonaws.com/SimpleNotificationService-{}.pem",
        md5_hex(b"StepLab")
    )
}

fn unsubscribe_url(region: &str, subscription_arn: &str) -> String {
    format!(
        "https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={subscription_arn}"
    )
}

/// A message as it reaches one subscription.
pub(crate) struct Published<'a> {
    pub topic: &'a Topic,
    pub message_id: &'a str,
    pub sequence: Option<&'a str>,
    pub outgoing: &'a Outgoing,
}

/// The notification as SNS writes it into an SQS message: pretty-printed JSON with ` : ` between
/// keys and values, keys in SNS's order, `Subject` only when given, `MessageAttributes` only
/// when there are some (each `{"Type":…,"Value":…}` on one line). FIFO topics' notifications carry
/// `SequenceNumber` and no signature.
fn envelope(
    p: &Published<'_>,
    message: &str,
    subscription: &Subscription,
    context: &Context,
) -> String {
    let s = |v: &str| Value::String(v.into()).to_string();
    let mut lines = vec![("Type", s("Notification")), ("MessageId", s(p.message_id))];
    if let Some(sequence) = p.sequence {
        lines.push(("SequenceNumber", s(sequence)));
    }
    lines.push(("TopicArn", s(&p.topic.arn)));
    if let Some(subject) = &p.outgoing.subject {
        lines.push(("Subject", s(subject)));
    }
    lines.push(("Message", s(message)));
    lines.push(("Timestamp", s(&iso8601_millis(context.now_millis))));
    if !p.topic.fifo() {
        lines.push(("SignatureVersion", s("1")));
        lines.push(("Signature", s(&signature(p.message_id))));
        lines.push(("SigningCertURL", s(&signing_cert_url(&context.region))));
    }
    lines.push(("UnsubscribeURL", s(&unsubscribe_url(&context.region, &subscription.arn))));
    let attributes = typed_attributes(&p.outgoing.attributes);
    if !attributes.is_empty() {
        let inner: Vec<String> =
            attributes.iter().map(|(k, v)| format!("    {} : {}", s(k), v)).collect();
        lines.push(("MessageAttributes", format!("{{\n{}\n  }}", inner.join(",\n"))));
    }
    let body: Vec<String> = lines.iter().map(|(k, v)| format!("  \"{k}\" : {v}")).collect();
    format!("{{\n{}\n}}", body.join(",\n"))
}

/// The event a Lambda subscriber is invoked with.
fn lambda_event(
    p: &Published<'_>,
    message: &str,
    subscription: &Subscription,
    context: &Context,
) -> Value {
    json!({"Records": [{
        "EventSource": "aws:sns",
        "EventVersion": "1.0",
        "EventSubscriptionArn": subscription.arn,
        "Sns": {
            "Type": "Notification",
            "MessageId": p.message_id,
            "TopicArn": p.topic.arn,
            "Subject": p.outgoing.subject,
            "Message": message,
            "Timestamp": iso8601_millis(context.now_millis),
            "SignatureVersion": "1",
            "Signature": signature(p.message_id),
            "SigningCertUrl": signing_cert_url(&context.region),
            "UnsubscribeUrl": unsubscribe_url(&context.region, &subscription.arn),
            "MessageAttributes": typed_attributes(&p.outgoing.attributes),
        }
    }]})
}

/// Delivers a published message to every subscription of its topic whose filter policy it
/// passes. A delivery that fails (a queue deleted since) is dropped, as SNS drops it after its
/// retries.
pub(crate) fn deliver(
    subscriptions: &[Subscription],
    p: &Published<'_>,
    sqs: &mut Sqs,
    ids: &mut Ids,
    context: &Context,
) -> Vec<Effect> {
    let mut effects = Vec::new();
    for subscription in subscriptions.iter().filter(|s| s.topic_arn == p.topic.arn) {
        let policy = subscription.attributes.get("FilterPolicy").map(String::as_str);
        let scope = subscription.attributes.get("FilterPolicyScope").map(String::as_str);
        if !filter::passes(policy, scope, &p.outgoing.message, &p.outgoing.attributes) {
            continue;
        }
        let message = p
            .outgoing
            .per_protocol
            .get(&subscription.protocol)
            .and_then(Value::as_str)
            .unwrap_or(&p.outgoing.message);
        match subscription.protocol.as_str() {
            "sqs" => {
                let (body, attributes) = if subscription.raw() {
                    (message.to_string(), p.outgoing.attributes.clone())
                } else {
                    (envelope(p, message, subscription, context), Map::new())
                };
                let dedup = p.outgoing.dedup_id.clone().unwrap_or_else(|| p.message_id.to_string());
                let delivery = Delivery {
                    body: &body,
                    attributes,
                    group_id: p.outgoing.group_id.as_deref(),
                    dedup_id: Some(&dedup),
                };
                let _dropped =
                    sqs.deliver(&subscription.endpoint, delivery, ids, context.now_millis);
            }
            "lambda" => effects.push(Effect::InvokeFunction {
                function_arn: subscription.endpoint.clone(),
                payload: lambda_event(p, message, subscription, context),
            }),
            _ => {}
        }
    }
    effects
}

impl Sns {
    /// Publishes a checked message to the topic `topic_arn`: its id (and sequence number) and
    /// the effects of its deliveries.
    pub(crate) fn publish_checked(
        &mut self,
        topic_arn: &str,
        outgoing: &Outgoing,
        sqs: &mut Sqs,
        ids: &mut Ids,
        context: &Context,
    ) -> (Map<String, Value>, Vec<Effect>) {
        let now = context.now_millis;
        let topic = self.topics.get_mut(topic_arn).expect("a checked topic");
        let mut output = Map::new();
        topic.dedup.retain(|d| d.expires_millis > now);
        if let Some(dedup) = &outgoing.dedup_id
            && topic.fifo()
            && let Some(seen) = topic.dedup.iter().find(|d| &d.id == dedup)
        {
            output.insert("MessageId".into(), json!(seen.message_id));
            output.insert("SequenceNumber".into(), json!(seen.sequence));
            return (output, Vec::new());
        }
        let message_id = ids.uuid();
        let sequence = topic.fifo().then(|| topic.next_sequence());
        if let (Some(dedup), Some(sequence)) = (&outgoing.dedup_id, &sequence) {
            topic.dedup.push(Dedup {
                id: dedup.clone(),
                expires_millis: now + 5 * 60 * 1000,
                message_id: message_id.clone(),
                sequence: sequence.clone(),
            });
        }
        let topic = &self.topics[topic_arn];
        let published =
            Published { topic, message_id: &message_id, sequence: sequence.as_deref(), outgoing };
        let effects = deliver(&self.subscriptions, &published, sqs, ids, context);
        output.insert("MessageId".into(), json!(message_id));
        if let Some(sequence) = sequence {
            output.insert("SequenceNumber".into(), json!(sequence));
        }
        (output, effects)
    }

    /// The topic a Publish names by `TopicArn` or `TargetArn`.
    pub(crate) fn target<'a>(&self, input: &'a Value) -> Result<&'a str, ServiceError> {
        let arn = str_of(input, "TopicArn").or_else(|| str_of(input, "TargetArn"));
        let arn = arn.ok_or_else(|| {
            if str_of(input, "PhoneNumber").is_some() {
                invalid("StepLab's SNS does not send SMS")
            } else {
                invalid("TopicArn or TargetArn Reason: no value for required parameter")
            }
        })?;
        if !arn.starts_with("arn:aws:sns:") {
            return Err(invalid("TopicArn"));
        }
        if !self.topics.contains_key(arn) {
            return Err(not_found("Topic"));
        }
        Ok(arn)
    }
}
