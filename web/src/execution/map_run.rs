//! The Map Run page's model, read from an execution's record (`ExecutionRecord::map_runs`: each
//! `{description: DescribeMapRun, stateName, executions: [{description: DescribeExecution,
//! history}]}`, as the engine hands them out): the Map Run execution summary, the item
//! processing status, the executions listed with a status filter, and one child execution.

use serde_json::Value;

use crate::execution::record::ExecutionRecord;

/// A Map Run's id: the last part of its ARN (`…:mapRun:{machine}/{label}:{id}`).
pub fn id_of(map_run_arn: &str) -> &str {
    map_run_arn.rsplit(':').next().unwrap_or(map_run_arn)
}

/// API timestamps (seconds, as a number) in milliseconds.
#[allow(clippy::cast_possible_truncation)]
fn millis(v: &Value) -> Option<i64> {
    v.as_f64().map(|s| (s * 1000.0).round() as i64)
}

/// One child execution as the Executions table lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildRow {
    pub name: String,
    pub arn: String,
    pub status: String,
    pub start_millis: Option<i64>,
    pub stop_millis: Option<i64>,
}

/// A Map Run as its page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct MapRunView {
    pub arn: String,
    pub id: String,
    pub state_name: String,
    pub status: String,
    pub start_millis: Option<i64>,
    pub stop_millis: Option<i64>,
    pub max_concurrency: u64,
    pub tolerated_failure_count: u64,
    pub tolerated_failure_percentage: f64,
    pub redrive_count: u64,
    pub redrive_millis: Option<i64>,
    /// `itemCounts`, in the console's order: (label, API member, count).
    pub item_counts: Vec<(&'static str, &'static str, u64)>,
    pub executions: Vec<ChildRow>,
}

/// The statuses the item counts show, with the console's labels.
const COUNTED: [(&str, &str); 7] = [
    ("Pending", "pending"),
    ("Running", "running"),
    ("Succeeded", "succeeded"),
    ("Failed", "failed"),
    ("Timed out", "timedOut"),
    ("Aborted", "aborted"),
    ("Total", "total"),
];

impl MapRunView {
    /// The view of one Map Run JSON.
    pub fn of(run: &Value) -> MapRunView {
        let d = &run["description"];
        let arn = d["mapRunArn"].as_str().unwrap_or_default().to_owned();
        let executions = run["executions"]
            .as_array()
            .map(|a| a.as_slice())
            .unwrap_or_default()
            .iter()
            .map(|c| {
                let c = &c["description"];
                ChildRow {
                    name: c["name"].as_str().unwrap_or_default().to_owned(),
                    arn: c["executionArn"].as_str().unwrap_or_default().to_owned(),
                    status: c["status"].as_str().unwrap_or_default().to_owned(),
                    start_millis: millis(&c["startDate"]),
                    stop_millis: millis(&c["stopDate"]),
                }
            })
            .collect();
        MapRunView {
            id: id_of(&arn).to_owned(),
            arn,
            state_name: run["stateName"].as_str().unwrap_or_default().to_owned(),
            status: d["status"].as_str().unwrap_or_default().to_owned(),
            start_millis: millis(&d["startDate"]),
            stop_millis: millis(&d["stopDate"]),
            max_concurrency: d["maxConcurrency"].as_u64().unwrap_or(0),
            tolerated_failure_count: d["toleratedFailureCount"].as_u64().unwrap_or(0),
            tolerated_failure_percentage: d["toleratedFailurePercentage"].as_f64().unwrap_or(0.0),
            redrive_count: d["redriveCount"].as_u64().unwrap_or(0),
            redrive_millis: millis(&d["redriveDate"]),
            item_counts: COUNTED
                .iter()
                .map(|(label, key)| (*label, *key, d["itemCounts"][key].as_u64().unwrap_or(0)))
                .collect(),
            executions,
        }
    }

    /// The executions with status `filter` (all for `None`).
    pub fn filtered(&self, filter: Option<&str>) -> Vec<&ChildRow> {
        self.executions.iter().filter(|c| filter.is_none_or(|f| c.status == f)).collect()
    }
}

/// The Map Runs of `record`, in the order they started.
pub fn runs(record: &ExecutionRecord) -> Vec<MapRunView> {
    record.map_runs.iter().map(MapRunView::of).collect()
}

/// Map Run `id` of `record`, as stored.
pub fn find<'a>(record: &'a ExecutionRecord, id: &str) -> Option<&'a Value> {
    record
        .map_runs
        .iter()
        .find(|r| id_of(r["description"]["mapRunArn"].as_str().unwrap_or("")) == id)
}

/// Child execution `name` of a stored Map Run: its description and history.
pub fn child<'a>(run: &'a Value, name: &str) -> Option<(&'a Value, Vec<Value>)> {
    let c = run["executions"].as_array()?.iter().find(|c| c["description"]["name"] == name)?;
    Some((&c["description"], c["history"].as_array().cloned().unwrap_or_default()))
}

/// The child executions' state machine as a definition of its own: the Map state
/// `state_name`'s `ItemProcessor` (`StartAt`, `States`, the machine's `QueryLanguage`), found
/// however deep the state is.
pub fn item_processor(definition: &str, state_name: &str) -> Option<String> {
    fn find<'a>(scope: &'a Value, name: &str) -> Option<&'a Value> {
        let states = scope.get("States")?.as_object()?;
        if let Some(p) = states.get(name).and_then(|s| s.get("ItemProcessor")) {
            return Some(p);
        }
        states.values().find_map(|s| {
            ["ItemProcessor", "Iterator"]
                .iter()
                .find_map(|k| s.get(*k).and_then(|p| find(p, name)))
                .or_else(|| s.get("Branches")?.as_array()?.iter().find_map(|b| find(b, name)))
        })
    }
    let top: Value = serde_json::from_str(definition).ok()?;
    let p = find(&top, state_name)?;
    let mut d = serde_json::Map::new();
    if let Some(ql) = top.get("QueryLanguage") {
        d.insert("QueryLanguage".into(), ql.clone());
    }
    d.insert("StartAt".into(), p.get("StartAt")?.clone());
    d.insert("States".into(), p.get("States")?.clone());
    serde_json::to_string_pretty(&Value::Object(d)).ok()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run() -> Value {
        json!({
            "description": {
                "mapRunArn": "arn:aws:states:us-east-1:123456789012:mapRun:M/Items:abc-1",
                "executionArn": "arn:aws:states:us-east-1:123456789012:execution:M:e",
                "status": "SUCCEEDED", "startDate": 1.5, "stopDate": 3.0, "maxConcurrency": 2,
                "toleratedFailurePercentage": 0.0, "toleratedFailureCount": 1,
                "itemCounts": {"pending": 0, "running": 0, "succeeded": 1, "failed": 1, "timedOut": 0,
                               "aborted": 0, "total": 2},
                "redriveCount": 0
            },
            "stateName": "Each",
            "executions": [
                {"description": {"name": "c1", "executionArn": "arn:x:c1", "status": "SUCCEEDED", "startDate": 1.5, "stopDate": 2.0},
                 "history": [{"id": 1, "type": "ExecutionStarted"}]},
                {"description": {"name": "c2", "executionArn": "arn:x:c2", "status": "FAILED", "startDate": 1.5, "stopDate": 2.5},
                 "history": []}
            ]
        })
    }

    #[test]
    fn summary_counts_and_executions() {
        let v = MapRunView::of(&run());
        assert_eq!(
            (v.id.as_str(), v.status.as_str(), v.state_name.as_str()),
            ("abc-1", "SUCCEEDED", "Each")
        );
        assert_eq!((v.start_millis, v.stop_millis), (Some(1500), Some(3000)));
        assert_eq!((v.max_concurrency, v.tolerated_failure_count), (2, 1));
        assert_eq!(v.item_counts[2], ("Succeeded", "succeeded", 1));
        assert_eq!(v.item_counts[6], ("Total", "total", 2));
        assert_eq!(v.filtered(None).len(), 2);
        let failed: Vec<&str> =
            v.filtered(Some("FAILED")).iter().map(|c| c.name.as_str()).collect();
        assert_eq!(failed, ["c2"]);
        let r = run();
        let (d, history) = child(&r, "c1").expect("a child");
        assert_eq!((d["status"].as_str(), history.len()), (Some("SUCCEEDED"), 1));
        assert!(child(&r, "nope").is_none());
    }

    #[test]
    fn the_item_processor_is_a_definition_of_its_own() {
        let d = json!({"QueryLanguage": "JSONata", "StartAt": "P", "States": {
            "P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "Each", "States": {
                "Each": {"Type": "Map", "End": true, "ItemProcessor": {
                    "ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "W",
                    "States": {"W": {"Type": "Pass", "End": true}}}}}}]}}});
        let got: Value =
            serde_json::from_str(&item_processor(&d.to_string(), "Each").expect("found"))
                .expect("JSON");
        assert_eq!(
            got,
            json!({"QueryLanguage": "JSONata", "StartAt": "W", "States": {"W": {"Type": "Pass", "End": true}}})
        );
        assert!(item_processor(&d.to_string(), "Nope").is_none());
    }
}
