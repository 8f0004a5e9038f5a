//! Parts of the services by the resources' names: what a shared state machine uses (the tables,
//! queues, topics, buckets and rules its definition or its functions' code name), and bringing
//! such a part into other services without touching what they have.

use crate::Services;

/// Whether `name` appears in `text` as a name: not inside a longer name (letters, digits, `_`,
/// `-` and `.` around it are part of it).
fn names(text: &str, name: &str) -> bool {
    let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    !name.is_empty()
        && text.match_indices(name).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + name.len()..].chars().next();
            !before.is_some_and(part) && !after.is_some_and(part)
        })
}

impl Services {
    /// The resources one of `texts` names (a table, queue, topic, bucket or rule by its name,
    /// with its contents), with the subscriptions of the topics kept, the queues they and the
    /// rules kept deliver to, and the rules that start a state machine one of `texts` names.
    pub fn named_in(&self, texts: &[&str]) -> Services {
        let named = |name: &str| texts.iter().any(|t| names(t, name));
        let mut out = Services { ids: self.ids.clone(), ..Services::default() };
        for (name, table) in &self.dynamodb.tables {
            if named(name) {
                out.dynamodb.tables.insert(name.clone(), table.clone());
            }
        }
        for (name, bucket) in &self.s3.buckets {
            if named(name) {
                out.s3.buckets.insert(name.clone(), bucket.clone());
            }
        }
        // endpoints the kept topics and rules deliver to
        let mut endpoints: Vec<String> = Vec::new();
        for (arn, topic) in &self.sns.topics {
            if named(&topic.name) {
                out.sns.topics.insert(arn.clone(), topic.clone());
            }
        }
        for s in &self.sns.subscriptions {
            if out.sns.topics.contains_key(&s.topic_arn) {
                out.sns.subscriptions.push(s.clone());
                endpoints.push(s.endpoint.clone());
            }
        }
        for (bus_name, bus) in &self.events.buses {
            for (name, rule) in &bus.rules {
                let targets = serde_json::to_string(&rule.targets).unwrap_or_default();
                let starts_one =
                    targets.contains(":stateMachine:") && texts.iter().any(|t| names(&targets, t));
                if named(name) || starts_one {
                    let kept = out.events.buses.entry(bus_name.clone()).or_insert_with(|| {
                        crate::events::Bus { rules: Default::default(), ..bus.clone() }
                    });
                    kept.rules.insert(name.clone(), rule.clone());
                    endpoints.push(targets);
                }
            }
        }
        for (name, queue) in &self.sqs.queues {
            let arn_end = format!(":{name}");
            if named(name) || endpoints.iter().any(|e| names(e, name) && e.contains(&arn_end)) {
                out.sqs.queues.insert(name.clone(), queue.clone());
            }
        }
        out
    }

    /// Adds the resources of `other` whose names these services do not use yet; the names they
    /// already use are returned (as "table Orders"), their resources kept as they are.
    pub fn add_missing(&mut self, other: &Services) -> Vec<String> {
        let mut kept = Vec::new();
        for (name, table) in &other.dynamodb.tables {
            match self.dynamodb.tables.contains_key(name) {
                true => kept.push(format!("table {name}")),
                false => drop(self.dynamodb.tables.insert(name.clone(), table.clone())),
            }
        }
        for (name, queue) in &other.sqs.queues {
            match self.sqs.queues.contains_key(name) {
                true => kept.push(format!("queue {name}")),
                false => drop(self.sqs.queues.insert(name.clone(), queue.clone())),
            }
        }
        for (arn, topic) in &other.sns.topics {
            if self.sns.topics.contains_key(arn) {
                kept.push(format!("topic {}", topic.name));
                continue;
            }
            self.sns.topics.insert(arn.clone(), topic.clone());
            for s in other.sns.subscriptions.iter().filter(|s| &s.topic_arn == arn) {
                self.sns.subscriptions.push(s.clone());
            }
        }
        for (name, bucket) in &other.s3.buckets {
            match self.s3.buckets.contains_key(name) {
                true => kept.push(format!("bucket {name}")),
                false => drop(self.s3.buckets.insert(name.clone(), bucket.clone())),
            }
        }
        for (bus_name, bus) in &other.events.buses {
            let mine = self
                .events
                .buses
                .entry(bus_name.clone())
                .or_insert_with(|| crate::events::Bus { rules: Default::default(), ..bus.clone() });
            for (name, rule) in &bus.rules {
                match mine.rules.contains_key(name) {
                    true => kept.push(format!("rule {name}")),
                    false => drop(mine.rules.insert(name.clone(), rule.clone())),
                }
            }
        }
        kept
    }

    /// The resources, as "table Orders", "queue shipping", "topic orders", "bucket reports",
    /// "rule to-queue".
    pub fn resource_names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        out.extend(self.dynamodb.tables.keys().map(|n| format!("table {n}")));
        out.extend(self.sqs.queues.keys().map(|n| format!("queue {n}")));
        out.extend(self.sns.topics.values().map(|t| format!("topic {}", t.name)));
        out.extend(self.s3.buckets.keys().map(|n| format!("bucket {n}")));
        for bus in self.events.buses.values() {
            out.extend(bus.rules.keys().map(|n| format!("rule {n}")));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Context;

    fn workspace() -> Services {
        let c = Context::at(1);
        let mut s = Services::default();
        let calls = [
            (
                "dynamodb",
                "CreateTable",
                json!({"TableName": "Orders", "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}),
            ),
            ("dynamodb", "PutItem", json!({"TableName": "Orders", "Item": {"id": {"S": "1"}}})),
            (
                "dynamodb",
                "CreateTable",
                json!({"TableName": "OrdersArchive", "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}]}),
            ),
            ("sqs", "CreateQueue", json!({"QueueName": "shipping"})),
            ("sqs", "CreateQueue", json!({"QueueName": "other"})),
            ("sns", "CreateTopic", json!({"Name": "orders"})),
            (
                "sns",
                "Subscribe",
                json!({"TopicArn": "arn:aws:sns:us-east-1:123456789012:orders",
                "Protocol": "sqs", "Endpoint": "arn:aws:sqs:us-east-1:123456789012:shipping"}),
            ),
            ("s3", "CreateBucket", json!({"Bucket": "reports"})),
            (
                "events",
                "PutRule",
                json!({"Name": "placed", "EventPattern": "{\"source\": [\"shop\"]}"}),
            ),
            (
                "events",
                "PutTargets",
                json!({"Rule": "placed", "Targets": [{"Id": "1",
                "Arn": "arn:aws:states:us-east-1:123456789012:stateMachine:Order"}]}),
            ),
        ];
        for (service, operation, input) in calls {
            s.call(service, operation, &input, &c).unwrap();
        }
        s
    }

    #[test]
    fn a_definition_takes_what_it_names_and_what_that_delivers_to() {
        let s = workspace();
        let definition =
            r#"{"TableName": "Orders", "TopicArn": "arn:aws:sns:us-east-1:123456789012:orders"}"#;
        let part = s.named_in(&[definition, "Order"]);
        assert_eq!(
            part.resource_names(),
            ["table Orders", "queue shipping", "topic orders", "rule placed"]
        );
        assert_eq!(part.dynamodb.tables["Orders"], s.dynamodb.tables["Orders"]);
        assert_eq!(part.sns.subscriptions.len(), 1);
    }

    #[test]
    fn added_resources_never_replace_ones_of_the_same_name() {
        let from = workspace();
        let c = Context::at(2);
        let mut mine = Services::default();
        mine.call(
            "sqs",
            "CreateQueue",
            &json!({"QueueName": "shipping", "Attributes": {"DelaySeconds": "5"}}),
            &c,
        )
        .unwrap();
        let before = mine.sqs.queues["shipping"].clone();
        let kept = mine.add_missing(&from.named_in(&["Orders orders"]));
        assert_eq!(kept, ["queue shipping"]);
        assert_eq!(mine.sqs.queues["shipping"], before);
        assert!(mine.dynamodb.tables.contains_key("Orders"));
        assert!(!mine.dynamodb.tables.contains_key("OrdersArchive"));
        assert_eq!(mine.sns.subscriptions.len(), 1);
    }
}
