//! The mocks an execution ran with (StepLab's, not AWS's): the test case of the state machine's
//! `MockConfigFile` is kept with the execution as a `MockConfigFile` of its own — that state
//! machine, that test case, and the mocked responses it names — as it was when the execution
//! started, so a later edit of the state machine's mocks does not change what the execution
//! shows, and a new execution from its page can run with the same mocks.

use serde_json::{Map, Value, json};

/// The `MockConfigFile` (pretty JSON) holding only test case `test_case` of `state_machine` in
/// `config` and the mocked responses it names; `Err` says why `config` has no such test case.
pub fn snapshot(config: &str, state_machine: &str, test_case: &str) -> Result<String, String> {
    // the engine's reading checks the file and that the test case and its responses exist
    steplab_asl::MockConfig::parse(config)
        .map_err(|e| format!("The mock configuration is not valid: {e}"))?
        .test_case(state_machine, test_case)
        .map_err(|e| format!("The mock configuration has {e}"))?;
    let v: Value = serde_json::from_str(config).map_err(|e| e.to_string())?;
    let states = v
        .pointer(&format!(
            "/StateMachines/{}/TestCases/{}",
            pointer_token(state_machine),
            pointer_token(test_case)
        ))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let all = v.get("MockedResponses").and_then(Value::as_object);
    // the responses named, in the order of the file
    let responses: Map<String, Value> = all
        .into_iter()
        .flatten()
        .filter(|(name, _)| states.values().any(|r| r.as_str() == Some(name.as_str())))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let doc = json!({
        "StateMachines": {state_machine: {"TestCases": {test_case: states}}},
        "MockedResponses": responses,
    });
    serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())
}

fn pointer_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// A state the test case mocks: its mocked response's name and its answers by attempt
/// (`{"0": {"Return": …}, "1-2": {"Throw": …}}`).
#[derive(Debug, Clone, PartialEq)]
pub struct MockedState {
    pub state: String,
    pub response: String,
    pub answers: Value,
}

/// The states test case `test_case` of `state_machine` mocks in the `MockConfigFile` `config`
/// (a [`snapshot`]), in the order of the file.
pub fn mocked_states(config: &str, state_machine: &str, test_case: &str) -> Vec<MockedState> {
    let Ok(v) = serde_json::from_str::<Value>(config) else { return Vec::new() };
    let states = v
        .pointer(&format!(
            "/StateMachines/{}/TestCases/{}",
            pointer_token(state_machine),
            pointer_token(test_case)
        ))
        .and_then(Value::as_object);
    states
        .into_iter()
        .flatten()
        .map(|(state, response)| {
            let response = response.as_str().unwrap_or_default().to_owned();
            let answers = v
                .get("MockedResponses")
                .and_then(|r| r.get(&response))
                .cloned()
                .unwrap_or(Value::Null);
            MockedState { state: state.clone(), response, answers }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"{
      "StateMachines": {
        "Notify": {"TestCases": {
          "HappyPath": {"Publish": "Sent"},
          "Table/Full": {"Publish": "Sent", "Put": "Refused"}}},
        "Other": {"TestCases": {"X": {"A": "Unused"}}}
      },
      "MockedResponses": {
        "Unused": {"0": {"Return": 1}},
        "Refused": {"0": {"Throw": {"Error": "DynamoDB.ConditionalCheckFailedException", "Cause": "no"}}},
        "Sent": {"0-1": {"Return": {"MessageId": "m"}}}
      }
    }"#;

    #[test]
    fn keeps_only_the_test_case_and_its_responses() {
        let snap = snapshot(CONFIG, "Notify", "Table/Full").unwrap_or_default();
        expect_test::expect![[r#"
            {
              "StateMachines": {
                "Notify": {
                  "TestCases": {
                    "Table/Full": {
                      "Publish": "Sent",
                      "Put": "Refused"
                    }
                  }
                }
              },
              "MockedResponses": {
                "Refused": {
                  "0": {
                    "Throw": {
                      "Error": "DynamoDB.ConditionalCheckFailedException",
                      "Cause": "no"
                    }
                  }
                },
                "Sent": {
                  "0-1": {
                    "Return": {
                      "MessageId": "m"
                    }
                  }
                }
              }
            }"#]]
        .assert_eq(&snap);
        // the snapshot is a MockConfigFile that runs the same test case
        let again = steplab_asl::MockConfig::parse(&snap).expect("valid");
        assert_eq!(again.test_cases("Notify"), vec!["Table/Full".to_owned()]);
        let mut mocks = again.test_case("Notify", "Table/Full").expect("test case");
        assert!(mocks.covers("Put") && !mocks.covers("A"));
        assert!(matches!(mocks.answer("Put"), Some(steplab_asl::TaskOutcome::Failed { .. })));
        // a snapshot of a snapshot is the same
        assert_eq!(snapshot(&snap, "Notify", "Table/Full").as_deref(), Ok(snap.as_str()));

        let states = mocked_states(&snap, "Notify", "Table/Full");
        let named: Vec<(&str, &str)> =
            states.iter().map(|s| (s.state.as_str(), s.response.as_str())).collect();
        assert_eq!(named, vec![("Publish", "Sent"), ("Put", "Refused")]);
        assert_eq!(states[0].answers["0-1"]["Return"]["MessageId"], "m");
    }

    #[test]
    fn refuses_what_does_not_exist() {
        assert_eq!(
            snapshot(CONFIG, "Notify", "Nope"),
            Err("The mock configuration has no test case 'Nope' for the state machine 'Notify'"
                .to_owned())
        );
        assert!(snapshot("{", "Notify", "HappyPath").is_err_and(|e| e.contains("line: 1")));
        assert!(mocked_states("not json", "Notify", "HappyPath").is_empty());
    }
}
