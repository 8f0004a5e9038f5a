//! Dead-letter queues: a queue's `RedrivePolicy` (`deadLetterTargetArn`, `maxReceiveCount`)
//! moves a message received `maxReceiveCount` times to the dead-letter queue instead of giving it
//! out again.
//!
//! The move happens when the source queue is next received from (AWS moves it on that receive
//! too). The moved message keeps its id, body, attributes, sent time and FIFO group; its receive
//! count starts again at 0 in the dead-letter queue (AWS's count there is not confirmed). A policy
//! naming a queue that does not exist moves nothing.

use serde_json::Value;

use super::Sqs;
use crate::input::int_of;

impl Sqs {
    /// Moves the messages of the queue `name` that have used up their receives to its
    /// dead-letter queue.
    pub(super) fn redrive(&mut self, name: &str, now: i64) {
        let Some(queue) = self.queues.get(name) else { return };
        let Some(policy) = queue
            .attributes
            .get("RedrivePolicy")
            .and_then(|p| serde_json::from_str::<Value>(p).ok())
        else {
            return;
        };
        let (Some(target), Some(max)) =
            (policy["deadLetterTargetArn"].as_str(), int_of(&policy, "maxReceiveCount"))
        else {
            return;
        };
        let Some(dlq) = self.queues.values().find(|q| q.arn == target && q.name != name) else {
            return;
        };
        let dlq = dlq.name.clone();
        let source = self.queues.get_mut(name).expect("found above");
        let (moved, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut source.messages)
            .into_iter()
            .partition(|m| i64::from(m.receive_count) >= max && m.visible_at <= now);
        source.messages = kept;
        let dlq = self.queues.get_mut(&dlq).expect("found above");
        for mut message in moved {
            message.receive_count = 0;
            message.first_receive_millis = None;
            message.visible_at = now;
            dlq.messages.push(message);
        }
    }
}
