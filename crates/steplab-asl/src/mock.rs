//! Mocked task responses in the `MockConfigFile` format of Step Functions Local and LocalStack:
//! `StateMachines → {machine} → TestCases → {case} → {state: response name}` and
//! `MockedResponses → {response name} → {"0" | "1-2" | …: {"Return": value} | {"Throw": {Error, Cause}}}`.
//! Attempts count the invocations of one state in one execution, from 0 (retries included).

use std::collections::HashMap;

use serde_json::Value;

use crate::exec::TaskOutcome;
use crate::source;

/// A problem in a mock configuration, located like a [`crate::Diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockError {
    /// JSON Pointer of the offending value.
    pub pointer: String,
    /// Byte span in the source text.
    pub span: Option<std::ops::Range<usize>>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for MockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} at {}",
            self.message,
            if self.pointer.is_empty() { "/" } else { &self.pointer }
        )
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Response {
    Return(Value),
    Throw { error: String, cause: String },
}

/// One mocked response: answers by attempt ranges.
#[derive(Debug, Clone, PartialEq)]
struct Mocked {
    /// `(first, last, response)`, inclusive attempt ranges.
    ranges: Vec<(u32, u32, Response)>,
}

/// A parsed mock configuration file.
#[derive(Debug, Clone, PartialEq)]
pub struct MockConfig {
    /// machine → test case → state → response name
    machines: HashMap<String, HashMap<String, HashMap<String, String>>>,
    responses: HashMap<String, Mocked>,
}

/// The mocks of one test case, counting attempts per state as an execution proceeds.
#[derive(Debug, Clone, PartialEq)]
pub struct Mocks {
    /// Each mocked state's responses and how many times it was invoked so far.
    states: crate::payload::TextMap<(Mocked, u32)>,
}

fn err(map: &source::SourceMap, pointer: String, message: String) -> MockError {
    MockError { span: map.span(&pointer), pointer, message }
}

fn parse_range(key: &str) -> Option<(u32, u32)> {
    match key.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            (a <= b).then_some((a, b))
        }
        None => key.trim().parse().ok().map(|n| (n, n)),
    }
}

impl MockConfig {
    /// Parses a `MockConfigFile.json`.
    pub fn parse(src: &str) -> Result<MockConfig, MockError> {
        let (v, map) = source::parse(src).map_err(|e| MockError {
            pointer: String::new(),
            span: Some(e.offset..e.offset),
            message: format!("{} at (line: {}, column: {})", e.message, e.line, e.column),
        })?;
        let mut machines = HashMap::new();
        let Some(sms) = v.get("StateMachines").and_then(Value::as_object) else {
            return Err(err(
                &map,
                String::new(),
                "the field 'StateMachines' (an object) is required".into(),
            ));
        };
        for (sm, body) in sms {
            let p = format!("/StateMachines/{}", source::escape_token(sm));
            let Some(cases) = body.get("TestCases").and_then(Value::as_object) else {
                return Err(err(&map, p, "the field 'TestCases' (an object) is required".into()));
            };
            let mut tcs = HashMap::new();
            for (tc, states) in cases {
                let tp = format!("{p}/TestCases/{}", source::escape_token(tc));
                let Some(states) = states.as_object() else {
                    return Err(err(
                        &map,
                        tp,
                        "a test case maps state names to mocked response names".into(),
                    ));
                };
                let mut m = HashMap::new();
                for (state, resp) in states {
                    let Some(r) = resp.as_str() else {
                        return Err(err(
                            &map,
                            format!("{tp}/{}", source::escape_token(state)),
                            "expected the name of a mocked response".into(),
                        ));
                    };
                    m.insert(state.clone(), r.to_owned());
                }
                tcs.insert(tc.clone(), m);
            }
            machines.insert(sm.clone(), tcs);
        }
        let mut responses = HashMap::new();
        if let Some(rs) = v.get("MockedResponses").and_then(Value::as_object) {
            for (name, body) in rs {
                let p = format!("/MockedResponses/{}", source::escape_token(name));
                let Some(attempts) = body.as_object() else {
                    return Err(err(
                        &map,
                        p,
                        "a mocked response maps attempt numbers to Return or Throw".into(),
                    ));
                };
                let mut ranges = Vec::new();
                for (key, r) in attempts {
                    let ap = format!("{p}/{}", source::escape_token(key));
                    let Some((a, b)) = parse_range(key) else {
                        return Err(err(
                            &map,
                            ap,
                            format!(
                                "'{key}' is not an attempt number or range like \"0\" or \"1-2\""
                            ),
                        ));
                    };
                    let resp = if let Some(ret) = r.get("Return") {
                        Response::Return(ret.clone())
                    } else if let Some(t) = r.get("Throw") {
                        let s = |k: &str| {
                            t.get(k).and_then(Value::as_str).unwrap_or_default().to_owned()
                        };
                        Response::Throw { error: s("Error"), cause: s("Cause") }
                    } else {
                        return Err(err(
                            &map,
                            ap,
                            "expected {\"Return\": …} or {\"Throw\": {\"Error\": …, \"Cause\": …}}"
                                .into(),
                        ));
                    };
                    ranges.push((a, b, resp));
                }
                responses.insert(name.clone(), Mocked { ranges });
            }
        }
        for (sm, tcs) in &machines {
            for (tc, states) in tcs {
                for (state, r) in states {
                    if !responses.contains_key(r) {
                        let p = format!(
                            "/StateMachines/{}/TestCases/{}/{}",
                            source::escape_token(sm),
                            source::escape_token(tc),
                            source::escape_token(state)
                        );
                        return Err(err(
                            &map,
                            p,
                            format!("the mocked response '{r}' is not defined in MockedResponses"),
                        ));
                    }
                }
            }
        }
        Ok(MockConfig { machines, responses })
    }

    /// The names of the test cases of `state_machine`, sorted (empty when the machine is not listed).
    pub fn test_cases(&self, state_machine: &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .machines
            .get(state_machine)
            .map(|t| t.keys().cloned().collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    /// The mocks of `test_case` for the machine `state_machine`.
    pub fn test_case(&self, state_machine: &str, test_case: &str) -> Result<Mocks, String> {
        let tcs = self.machines.get(state_machine).ok_or_else(|| {
            format!("no state machine '{state_machine}' in the mock configuration")
        })?;
        let states = tcs.get(test_case).ok_or_else(|| {
            format!("no test case '{test_case}' for the state machine '{state_machine}'")
        })?;
        let states = states
            .iter()
            .filter_map(|(s, r)| self.responses.get(r).map(|m| (s.clone(), (m.clone(), 0))))
            .collect();
        Ok(Mocks { states })
    }
}

impl Mocks {
    /// True when `state_name` is mocked.
    pub fn covers(&self, state_name: &str) -> bool {
        self.states.contains_key(state_name)
    }

    /// The mocked outcome of the next invocation of `state_name`, or `None` when the state is not
    /// mocked or has no response for this attempt.
    pub fn answer(&mut self, state_name: &str) -> Option<TaskOutcome> {
        let (mocked, invoked) = self.states.get_mut(state_name)?;
        let attempt = *invoked;
        *invoked = invoked.saturating_add(1);
        let (_, _, r) = mocked.ranges.iter().find(|(a, b, _)| (*a..=*b).contains(&attempt))?;
        Some(match r {
            Response::Return(v) => TaskOutcome::Succeeded(v.clone()),
            Response::Throw { error, cause } => {
                TaskOutcome::Failed { error: error.clone(), cause: cause.clone() }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attempts_and_errors() {
        let src = r#"{
          "StateMachines": {"LambdaSQSIntegration": {"TestCases": {"RetryPath": {"LambdaState": "MockedLambdaRetry"}}}},
          "MockedResponses": {"MockedLambdaRetry": {
            "0": {"Throw": {"Error": "Lambda.ResourceNotFoundException", "Cause": "Lambda resource is not found."}},
            "1-2": {"Throw": {"Error": "Lambda.TimeoutException", "Cause": "Lambda timed out."}},
            "3": {"Return": {"StatusCode": 200, "Payload": {"body": "ok"}}}}}
        }"#;
        let cfg = MockConfig::parse(src).unwrap();
        let mut m = cfg.test_case("LambdaSQSIntegration", "RetryPath").unwrap();
        assert!(
            matches!(m.answer("LambdaState"), Some(TaskOutcome::Failed { error, .. }) if error == "Lambda.ResourceNotFoundException")
        );
        assert!(
            matches!(m.answer("LambdaState"), Some(TaskOutcome::Failed { error, .. }) if error == "Lambda.TimeoutException")
        );
        assert!(
            matches!(m.answer("LambdaState"), Some(TaskOutcome::Failed { error, .. }) if error == "Lambda.TimeoutException")
        );
        assert_eq!(
            m.answer("LambdaState"),
            Some(TaskOutcome::Succeeded(json!({"StatusCode": 200, "Payload": {"body": "ok"}})))
        );
        assert_eq!(m.answer("LambdaState"), None);
        assert_eq!(m.answer("Other"), None);
        assert!(cfg.test_case("Nope", "RetryPath").is_err());
        assert_eq!(cfg.test_cases("LambdaSQSIntegration"), vec!["RetryPath".to_owned()]);
        assert!(cfg.test_cases("Nope").is_empty());
        let bad = MockConfig::parse(
            r#"{"StateMachines": {"M": {"TestCases": {"T": {"S": "Missing"}}}}}"#,
        )
        .unwrap_err();
        assert_eq!(bad.pointer, "/StateMachines/M/TestCases/T/S");
        let bad = MockConfig::parse(
            r#"{"StateMachines": {}, "MockedResponses": {"R": {"x": {"Return": 1}}}}"#,
        )
        .unwrap_err();
        assert_eq!(bad.pointer, "/MockedResponses/R/x");
    }
}
