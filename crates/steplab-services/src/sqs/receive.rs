//! ReceiveMessage, DeleteMessage(Batch), ChangeMessageVisibility(Batch) and PurgeQueue.

use base64::Engine as _;
use serde_json::{Map, Value, json};

use super::errors::{invalid_parameter, invalid_receipt, missing};
use super::message::{Message, attribute_selected, md5_of_attributes};
use super::queue::Queue;
use super::send::{check_batch, failed_entry};
use crate::ServiceError;
use crate::ids::Ids;
use crate::input::{int_of, list_of, md5_hex, str_of};

/// A receipt handle: the queue, the message and a nonce, base64-encoded. AWS's are opaque
/// strings of a few hundred characters.
fn receipt_handle(queue: &str, message_id: &str, ids: &mut Ids) -> String {
    let text = format!("{queue} {message_id} {}", ids.uuid());
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// The message id in a receipt handle given out for `queue`.
fn message_of_handle(queue: &Queue, handle: &str) -> Result<String, ServiceError> {
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(handle)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| invalid_receipt(handle))?;
    match decoded.split(' ').collect::<Vec<_>>()[..] {
        [q, id, _] if q == queue.name => Ok(id.to_string()),
        _ => Err(invalid_receipt(handle)),
    }
}

/// The system attributes a receive asks for (`MessageSystemAttributeNames`, or the older
/// `AttributeNames`).
fn system_attributes(
    message: &Message,
    wanted: &[Value],
    context_account: &str,
) -> Map<String, Value> {
    let all = wanted.iter().any(|w| w == "All");
    let mut out = Map::new();
    let mut put = |name: &str, value: Option<String>| {
        if let Some(value) = value
            && (all || wanted.iter().any(|w| w == name))
        {
            out.insert(name.into(), json!(value));
        }
    };
    // AWS's SenderId is the sender's IAM user or role id; StepLab has only the account
    put("SenderId", Some(context_account.to_string()));
    put("SentTimestamp", Some(message.sent_millis.to_string()));
    put("ApproximateReceiveCount", Some(message.receive_count.to_string()));
    put("ApproximateFirstReceiveTimestamp", message.first_receive_millis.map(|t| t.to_string()));
    put("SequenceNumber", message.sequence.clone());
    put("MessageDeduplicationId", message.dedup_id.clone());
    put("MessageGroupId", message.group_id.clone());
    out
}

fn check_range(
    input: &Value,
    name: &str,
    min: i64,
    max: i64,
    reason: &str,
) -> Result<Option<i64>, ServiceError> {
    match int_of(input, name) {
        Some(v) if !(min..=max).contains(&v) => Err(invalid_parameter(name, v, reason)),
        other => Ok(other),
    }
}

/// ReceiveMessage. `WaitTimeSeconds` does not wait: the messages available now come back.
/// ReceiveMessage's checks of its input, made before anything changes.
pub(super) fn check_receive(input: &Value) -> Result<(), ServiceError> {
    check_range(input, "MaxNumberOfMessages", 1, 10, "Must be between 1 and 10, if provided")?;
    check_range(input, "VisibilityTimeout", 0, 43_200, "Must be >= 0 and <= 43200, if provided")?;
    check_range(input, "WaitTimeSeconds", 0, 20, "Must be >= 0 and <= 20, if provided")?;
    Ok(())
}

pub(super) fn receive(
    queue: &mut Queue,
    input: &Value,
    ids: &mut Ids,
    now: i64,
    account: &str,
) -> Result<Value, ServiceError> {
    let max =
        check_range(input, "MaxNumberOfMessages", 1, 10, "Must be between 1 and 10, if provided")?
            .unwrap_or(1) as usize;
    let visibility = check_range(
        input,
        "VisibilityTimeout",
        0,
        43_200,
        "Must be >= 0 and <= 43200, if provided",
    )?
    .unwrap_or_else(|| queue.number("VisibilityTimeout"));
    check_range(input, "WaitTimeSeconds", 0, 20, "Must be >= 0 and <= 20, if provided")?;
    let mut wanted: Vec<Value> = list_of(input, "MessageSystemAttributeNames").to_vec();
    wanted.extend(list_of(input, "AttributeNames").iter().cloned());
    let attribute_names = list_of(input, "MessageAttributeNames");

    let retention = queue.number("MessageRetentionPeriod") * 1000;
    queue.messages.retain(|m| m.sent_millis + retention > now);
    // FIFO: a group with a message in flight is locked; a group's messages come in order
    let locked: Vec<String> = if queue.fifo() {
        queue
            .messages
            .iter()
            .filter(|m| m.in_flight(now))
            .filter_map(|m| m.group_id.clone())
            .collect()
    } else {
        Vec::new()
    };
    let fifo = queue.fifo();
    let mut blocked = locked;
    let mut picked = Vec::new();
    for (i, m) in queue.messages.iter().enumerate() {
        if picked.len() == max {
            break;
        }
        let group_blocked = m.group_id.as_ref().is_some_and(|g| blocked.contains(g));
        if m.visible_at > now || group_blocked {
            // a delayed message holds back the later ones of its group
            if fifo && let Some(g) = &m.group_id {
                blocked.push(g.clone());
            }
            continue;
        }
        picked.push(i);
    }
    let name = queue.name.clone();
    let mut messages = Vec::new();
    for i in picked {
        let handle = receipt_handle(&name, &queue.messages[i].id, ids);
        let m = &mut queue.messages[i];
        m.receive_count += 1;
        m.first_receive_millis.get_or_insert(now);
        m.visible_at = now + visibility * 1000;
        let mut out = Map::new();
        out.insert("MessageId".into(), json!(m.id));
        out.insert("ReceiptHandle".into(), json!(handle));
        out.insert("MD5OfBody".into(), json!(md5_hex(m.body.as_bytes())));
        out.insert("Body".into(), json!(m.body));
        let system = system_attributes(m, &wanted, account);
        if !system.is_empty() {
            out.insert("Attributes".into(), Value::Object(system));
        }
        let selected: Map<String, Value> = m
            .attributes
            .iter()
            .filter(|(k, _)| attribute_selected(k, attribute_names))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if let Some(md5) = md5_of_attributes(&selected) {
            out.insert("MD5OfMessageAttributes".into(), json!(md5));
            out.insert("MessageAttributes".into(), Value::Object(selected));
        }
        messages.push(Value::Object(out));
    }
    // over the JSON protocol an empty receive is `{}`
    Ok(if messages.is_empty() { json!({}) } else { json!({"Messages": messages}) })
}

/// Deletes the message a receipt handle names. A handle of a message already deleted is
/// accepted, as AWS does.
fn delete_one(queue: &mut Queue, handle: &str) -> Result<(), ServiceError> {
    let id = message_of_handle(queue, handle)?;
    queue.messages.retain(|m| m.id != id);
    Ok(())
}

pub(super) fn delete(queue: &mut Queue, input: &Value) -> Result<Value, ServiceError> {
    let handle = str_of(input, "ReceiptHandle").ok_or_else(|| missing("ReceiptHandle"))?;
    delete_one(queue, handle)?;
    Ok(json!({}))
}

pub(super) fn delete_batch(queue: &mut Queue, input: &Value) -> Result<Value, ServiceError> {
    let entries = check_batch(input.get("Entries"), "DeleteMessageBatch")?;
    let (mut successful, mut failed) = (Vec::new(), Vec::new());
    for entry in &entries {
        let id = str_of(entry, "Id").unwrap_or("");
        let handle = str_of(entry, "ReceiptHandle").unwrap_or("");
        match delete_one(queue, handle) {
            Ok(()) => successful.push(json!({"Id": id})),
            Err(error) => failed.push(failed_entry(id, &error)),
        }
    }
    Ok(json!({"Successful": successful, "Failed": failed}))
}

fn change_one(queue: &mut Queue, entry: &Value, now: i64) -> Result<(), ServiceError> {
    let handle = str_of(entry, "ReceiptHandle").ok_or_else(|| missing("ReceiptHandle"))?;
    let timeout = int_of(entry, "VisibilityTimeout").ok_or_else(|| missing("VisibilityTimeout"))?;
    if !(0..=43_200).contains(&timeout) {
        return Err(invalid_parameter(
            "VisibilityTimeout",
            timeout,
            "Must be >= 0 and <= 43200, if provided",
        ));
    }
    let id = message_of_handle(queue, handle)?;
    let message = queue.messages.iter_mut().find(|m| m.id == id).ok_or_else(|| {
        invalid_parameter(
            "ReceiptHandle",
            handle,
            "Message does not exist or is not available for visibility timeout change",
        )
    })?;
    if !message.in_flight(now) {
        // the code is SQS's (MessageNotInflight); the text is localstack's, AWS's is not confirmed
        return Err(ServiceError::client(
            "AWS.SimpleQueueService.MessageNotInflight",
            "The specified message isn't in flight.",
        ));
    }
    message.visible_at = now + timeout * 1000;
    Ok(())
}

pub(super) fn change_visibility(
    queue: &mut Queue,
    input: &Value,
    now: i64,
) -> Result<Value, ServiceError> {
    change_one(queue, input, now)?;
    Ok(json!({}))
}

pub(super) fn change_visibility_batch(
    queue: &mut Queue,
    input: &Value,
    now: i64,
) -> Result<Value, ServiceError> {
    let entries = check_batch(input.get("Entries"), "ChangeMessageVisibilityBatch")?;
    let (mut successful, mut failed) = (Vec::new(), Vec::new());
    for entry in &entries {
        let id = str_of(entry, "Id").unwrap_or("");
        match change_one(queue, entry, now) {
            Ok(()) => successful.push(json!({"Id": id})),
            Err(error) => failed.push(failed_entry(id, &error)),
        }
    }
    Ok(json!({"Successful": successful, "Failed": failed}))
}

/// PurgeQueue: deletes every message; one purge a minute.
pub(super) fn purge(queue: &mut Queue, now: i64) -> Result<Value, ServiceError> {
    if queue.purged_millis.is_some_and(|t| now - t < 60_000) {
        return Err(ServiceError::client(
            "AWS.SimpleQueueService.PurgeQueueInProgress",
            format!("Only one PurgeQueue operation on {} is allowed every 60 seconds.", queue.name),
        ));
    }
    queue.messages.clear();
    queue.purged_millis = Some(now);
    Ok(json!({}))
}
