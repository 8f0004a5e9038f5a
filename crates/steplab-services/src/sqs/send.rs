//! SendMessage and SendMessageBatch, and deliveries from SNS and EventBridge.

use serde_json::{Map, Value, json};

use super::errors::{invalid_parameter, invalid_value, missing};
use super::message::{Message, check_attributes, md5_of_attributes};
use super::queue::{DEDUP_MILLIS, Dedup, Queue};
use crate::ServiceError;
use crate::ids::Ids;
use crate::input::{int_of, md5_hex, sha256_hex, str_of};

/// Sends the message `entry` describes (`MessageBody`, `DelaySeconds`, `MessageAttributes`,
/// `MessageGroupId`, `MessageDeduplicationId`) to `queue`. Checks everything before it changes
/// anything. Returns the output's members: `MD5OfMessageBody`, `MD5OfMessageAttributes`,
/// `MessageId` and, on FIFO queues, `SequenceNumber`.
pub(super) fn send_one(
    queue: &mut Queue,
    entry: &Value,
    ids: &mut Ids,
    now: i64,
) -> Result<Map<String, Value>, ServiceError> {
    let body = str_of(entry, "MessageBody").unwrap_or("");
    if body.is_empty() {
        return Err(missing("MessageBody"));
    }
    let (attributes, attributes_size) =
        check_attributes(entry.get("MessageAttributes").and_then(Value::as_object))?;
    let max = queue.number("MaximumMessageSize");
    if (body.len() + attributes_size) as i64 > max {
        return Err(invalid_value(format!(
            "One or more parameters are invalid. Reason: Message must be shorter than {max} bytes."
        )));
    }
    let delay = match int_of(entry, "DelaySeconds") {
        Some(d) if queue.fifo() => {
            return Err(invalid_parameter(
                "DelaySeconds",
                d,
                "The request include parameter that is not valid for this queue type",
            ));
        }
        Some(d) if !(0..=900).contains(&d) => {
            return Err(invalid_parameter(
                "DelaySeconds",
                d,
                "Must be >= 0 and <= 900, if provided",
            ));
        }
        Some(d) => d,
        None => queue.number("DelaySeconds"),
    };
    let mut group_id = None;
    let mut dedup_id = None;
    if queue.fifo() {
        let group = str_of(entry, "MessageGroupId").ok_or_else(|| missing("MessageGroupId"))?;
        let dedup = match str_of(entry, "MessageDeduplicationId") {
            Some(d) => d.to_string(),
            None if queue
                .attributes
                .get("ContentBasedDeduplication")
                .is_some_and(|v| v == "true") =>
            {
                sha256_hex(body.as_bytes())
            }
            None => {
                return Err(invalid_value(
                    "The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly",
                ));
            }
        };
        group_id = Some(group.to_string());
        dedup_id = Some(dedup);
    }
    // (standard queues take a MessageGroupId since fair queues, 2025; it is kept and ignored)
    let md5_body = md5_hex(body.as_bytes());
    let md5_attributes = md5_of_attributes(&attributes);
    let mut output = Map::new();
    output.insert("MD5OfMessageBody".into(), json!(md5_body));
    if let Some(md5) = &md5_attributes {
        output.insert("MD5OfMessageAttributes".into(), json!(md5));
    }

    // a FIFO duplicate within five minutes is accepted and not enqueued again
    queue.dedup.retain(|d| d.expires_millis > now);
    if let (Some(dedup), Some(group)) = (&dedup_id, &group_id) {
        let by_group =
            queue.attributes.get("DeduplicationScope").is_some_and(|s| s == "messageGroup");
        if let Some(seen) =
            queue.dedup.iter().find(|d| &d.id == dedup && (!by_group || &d.group_id == group))
        {
            output.insert("MessageId".into(), json!(seen.message_id));
            output.insert("SequenceNumber".into(), json!(seen.sequence));
            return Ok(output);
        }
    }

    let id = ids.uuid();
    let sequence = queue.fifo().then(|| queue.next_sequence());
    if let (Some(dedup), Some(group), Some(sequence)) = (&dedup_id, &group_id, &sequence) {
        queue.dedup.push(Dedup {
            id: dedup.clone(),
            group_id: group.clone(),
            expires_millis: now + DEDUP_MILLIS,
            message_id: id.clone(),
            sequence: sequence.clone(),
        });
    }
    queue.messages.push(Message {
        id: id.clone(),
        body: body.to_string(),
        attributes,
        sent_millis: now,
        visible_at: now + delay * 1000,
        receive_count: 0,
        first_receive_millis: None,
        group_id,
        dedup_id,
        sequence: sequence.clone(),
    });
    output.insert("MessageId".into(), json!(id));
    if let Some(sequence) = sequence {
        output.insert("SequenceNumber".into(), json!(sequence));
    }
    Ok(output)
}

/// Checks a batch's entries: 1 to 10, with distinct ids of at most 80 alphanumerics, hyphens
/// and underscores.
pub(super) fn check_batch(entries: Option<&Value>, kind: &str) -> Result<Vec<Value>, ServiceError> {
    let entries = entries.and_then(Value::as_array).cloned().unwrap_or_default();
    if entries.is_empty() {
        return Err(ServiceError::client(
            "AWS.SimpleQueueService.EmptyBatchRequest",
            format!("There should be at least one {kind}RequestEntry in the request."),
        ));
    }
    if entries.len() > 10 {
        return Err(ServiceError::client(
            "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
            format!(
                "Maximum number of entries per request are 10. You have sent {}.",
                entries.len()
            ),
        ));
    }
    let mut seen = Vec::new();
    for entry in &entries {
        let id = str_of(entry, "Id").unwrap_or("");
        if id.is_empty()
            || id.len() > 80
            || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(ServiceError::client(
                "AWS.SimpleQueueService.InvalidBatchEntryId",
                "A batch entry id can only contain alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.",
            ));
        }
        if seen.contains(&id) {
            return Err(ServiceError::client(
                "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
                format!("Id {id} repeated."),
            ));
        }
        seen.push(id);
    }
    Ok(entries)
}

/// A batch entry's failure, as `Failed` lists it.
pub(super) fn failed_entry(id: &str, error: &ServiceError) -> Value {
    json!({"Id": id, "SenderFault": true, "Code": error.code, "Message": error.message})
}

/// SendMessageBatch: each entry is sent or fails on its own.
pub(super) fn send_batch(
    queue: &mut Queue,
    input: &Value,
    ids: &mut Ids,
    now: i64,
) -> Result<Value, ServiceError> {
    let entries = check_batch(input.get("Entries"), "SendMessageBatch")?;
    let total: usize = entries.iter().map(|e| str_of(e, "MessageBody").map_or(0, str::len)).sum();
    let max = queue.number("MaximumMessageSize");
    if total as i64 > max {
        return Err(ServiceError::client(
            "AWS.SimpleQueueService.BatchRequestTooLong",
            format!(
                "Batch requests cannot be longer than {max} bytes. You have sent {total} bytes."
            ),
        ));
    }
    let (mut successful, mut failed) = (Vec::new(), Vec::new());
    for entry in &entries {
        let id = str_of(entry, "Id").unwrap_or("");
        match send_one(queue, entry, ids, now) {
            Ok(out) => {
                let mut row = Map::new();
                row.insert("Id".into(), json!(id));
                row.extend(out);
                successful.push(Value::Object(row));
            }
            Err(error) => failed.push(failed_entry(id, &error)),
        }
    }
    Ok(json!({"Successful": successful, "Failed": failed}))
}
