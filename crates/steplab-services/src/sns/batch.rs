//! PublishBatch, and the publishing of EventBridge events to topics.

use serde_json::{Value, json};

use super::Sns;
use super::publish;
use crate::ids::Ids;
use crate::input::{list_of, str_of};
use crate::sqs::Sqs;
use crate::{Context, Response, ServiceError};

impl Sns {
    pub(super) fn publish_batch(
        &mut self,
        input: &Value,
        sqs: &mut Sqs,
        ids: &mut Ids,
        context: &Context,
    ) -> Result<Response, ServiceError> {
        let arn = self.topic(input)?.arn.clone();
        let entries = list_of(input, "PublishBatchRequestEntries");
        if entries.is_empty() {
            return Err(ServiceError::client(
                "EmptyBatchRequest",
                "The batch request doesn't contain any entries.",
            ));
        }
        if entries.len() > 10 {
            return Err(ServiceError::client(
                "TooManyEntriesInBatchRequest",
                "The batch request contains more entries than permissible.",
            ));
        }
        let ids_given: Vec<&str> = entries.iter().map(|e| str_of(e, "Id").unwrap_or("")).collect();
        if ids_given.iter().enumerate().any(|(i, id)| ids_given[..i].contains(id)) {
            return Err(ServiceError::client(
                "BatchEntryIdsNotDistinct",
                "Two or more batch entries in the request have the same Id.",
            ));
        }
        let (mut successful, mut failed, mut effects) = (Vec::new(), Vec::new(), Vec::new());
        for (entry, id) in entries.iter().zip(ids_given) {
            match publish::check(&self.topics[&arn], entry) {
                Ok(outgoing) => {
                    let (mut output, more) =
                        self.publish_checked(&arn, &outgoing, sqs, ids, context);
                    output.insert("Id".into(), json!(id));
                    successful.push(Value::Object(output));
                    effects.extend(more);
                }
                Err(e) => failed.push(
                    json!({"Id": id, "Code": e.code, "Message": e.message, "SenderFault": true}),
                ),
            }
        }
        Ok(Response { output: json!({"Successful": successful, "Failed": failed}), effects })
    }

    /// Publishes `message` (an EventBridge event) to `topic_arn`, if the topic exists.
    pub fn publish_event(
        &mut self,
        topic_arn: &str,
        message: &str,
        sqs: &mut Sqs,
        ids: &mut Ids,
        context: &Context,
    ) -> Vec<crate::Effect> {
        let Some(topic) = self.topics.get(topic_arn) else { return Vec::new() };
        if topic.fifo() {
            // EventBridge's group and deduplication ids for FIFO topics are not emulated
            return Vec::new();
        }
        let Ok(outgoing) = publish::check(topic, &json!({"Message": message})) else {
            return Vec::new();
        };
        self.publish_checked(topic_arn, &outgoing, sqs, ids, context).1
    }
}
