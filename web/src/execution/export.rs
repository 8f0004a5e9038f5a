//! "Export execution as JSON": the execution as DescribeExecution returns it and its history as
//! GetExecutionHistory returns it, in one document `{"execution": …, "history": {"events": […]}}`.
//! (What file the console itself writes is not recorded in our sources; each part has the API's shape.)
//! An execution that ran against mocks adds `"mocks": {"testCase": …, "mockConfig": {…}}` (StepLab's
//! own part: the `MockConfigFile` snapshot it ran with, loadable again by `steplab run --mock-config`).

use serde_json::{Map, Value, json};

use crate::store::ExecutionRecord;

/// DescribeExecution's response for `record` (dates as the AWS CLI prints them).
pub fn describe_execution(record: &ExecutionRecord, state_machine_arn: &str) -> Value {
    let mut m = Map::new();
    m.insert("executionArn".into(), json!(record.arn));
    m.insert("stateMachineArn".into(), json!(state_machine_arn));
    m.insert("name".into(), json!(record.name));
    m.insert("status".into(), json!(record.status));
    m.insert("startDate".into(), json!(steplab_asl::history::cli_timestamp(record.start_millis)));
    if let Some(stop) = record.stop_millis {
        m.insert("stopDate".into(), json!(steplab_asl::history::cli_timestamp(stop)));
    }
    m.insert("input".into(), json!(record.input));
    m.insert("inputDetails".into(), json!({"included": true}));
    if let Some(output) = &record.output {
        m.insert("output".into(), json!(output));
        m.insert("outputDetails".into(), json!({"included": true}));
    }
    if let Some(error) = &record.error {
        m.insert("error".into(), json!(error));
    }
    if let Some(cause) = &record.cause {
        m.insert("cause".into(), json!(cause));
    }
    Value::Object(m)
}

/// The exported document.
pub fn export(record: &ExecutionRecord, state_machine_arn: &str) -> Value {
    let mut document = json!({
        "execution": describe_execution(record, state_machine_arn),
        "history": {"events": record.events},
    });
    let snapshot =
        record.mocks.as_deref().and_then(|text| serde_json::from_str::<Value>(text).ok());
    if let (Some(config), Value::Object(m)) = (snapshot, &mut document) {
        m.insert("mocks".into(), json!({"testCase": record.mock_test_case, "mockConfig": config}));
    }
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> ExecutionRecord {
        ExecutionRecord {
            name: "e".into(),
            arn: "arn:aws:states:ca-central-1:123456789012:execution:M:e".into(),
            state_machine: "M".into(),
            definition: "{}".into(),
            input: "{}".into(),
            status: "SUCCEEDED".into(),
            output: Some("{\"a\":1}".into()),
            error: None,
            cause: None,
            start_millis: 1_700_000_000_000,
            stop_millis: Some(1_700_000_000_250),
            events: vec![json!({"id": 1, "type": "ExecutionStarted"})].into(),
            logs: Vec::new(),
            seed: None,
            mock_test_case: None,
            mocks: None,
            imported: None,
            stages: std::rc::Rc::default(),
            unread: None,
            map_runs: Vec::new(),
        }
    }

    #[test]
    fn shapes() {
        let v = export(&record(), "arn:aws:states:ca-central-1:123456789012:stateMachine:M");
        expect_test::expect![[r#"
            {
              "execution": {
                "executionArn": "arn:aws:states:ca-central-1:123456789012:execution:M:e",
                "stateMachineArn": "arn:aws:states:ca-central-1:123456789012:stateMachine:M",
                "name": "e",
                "status": "SUCCEEDED",
                "startDate": "2023-11-14T22:13:20.000000+00:00",
                "stopDate": "2023-11-14T22:13:20.250000+00:00",
                "input": "{}",
                "inputDetails": {
                  "included": true
                },
                "output": "{\"a\":1}",
                "outputDetails": {
                  "included": true
                }
              },
              "history": {
                "events": [
                  {
                    "id": 1,
                    "type": "ExecutionStarted"
                  }
                ]
              }
            }"#]]
        .assert_eq(&serde_json::to_string_pretty(&v).unwrap_or_default());
    }

    #[test]
    fn mocks_it_ran_with() {
        let mut record = record();
        record.mock_test_case = Some("Busy".into());
        record.mocks = Some(
            r#"{"StateMachines":{"M":{"TestCases":{"Busy":{"Put":"R"}}}},"MockedResponses":{"R":{"0":{"Return":{}}}}}"#
                .into(),
        );
        let v = export(&record, "arn:aws:states:ca-central-1:123456789012:stateMachine:M");
        expect_test::expect![[r#"
            {
              "testCase": "Busy",
              "mockConfig": {
                "StateMachines": {
                  "M": {
                    "TestCases": {
                      "Busy": {
                        "Put": "R"
                      }
                    }
                  }
                },
                "MockedResponses": {
                  "R": {
                    "0": {
                      "Return": {}
                    }
                  }
                }
              }
            }"#]]
        .assert_eq(&serde_json::to_string_pretty(&v["mocks"]).unwrap_or_default());
    }
}
