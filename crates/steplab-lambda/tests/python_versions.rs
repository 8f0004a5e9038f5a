//! The Python runtimes side by side (python3.11 to python3.14): the cases of
//! `data/python_versions.json` run each code on its runtime and compare the response, or the
//! error's type and message, exactly.

use steplab_lambda::{ExecutionEnvironment, FunctionConfig};

const REQUEST_ID: &str = "8f5e4f3a-0000-4000-8000-000000000001";
const EVENT: &str = r#"{"name": "wörld", "items": [1, 2], "n": null}"#;

#[test]
fn each_version_runs_what_it_accepts_and_refuses_the_rest() {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("data/python_versions.json")).unwrap_or_default();
    let cases = data["cases"].as_array().cloned().unwrap_or_default();
    assert!(cases.len() > 30, "{data}");
    let mut differences = Vec::new();
    for case in &cases {
        let runtime = case["runtime"].as_str().unwrap_or_default();
        let code = case["code"].as_str().unwrap_or_default();
        let mut config = FunctionConfig::new("Versions", code);
        config.runtime = runtime.to_owned();
        let result = ExecutionEnvironment::new(config).invoke(EVENT, REQUEST_ID);
        let expected = if let Some(payload) = case["payload"].as_str() {
            (payload == result.payload && result.function_error.is_none())
                .then_some(())
                .ok_or_else(|| format!("expected {payload}"))
        } else {
            let payload: serde_json::Value =
                serde_json::from_str(&result.payload).unwrap_or_default();
            let ours = serde_json::json!([payload["errorType"], payload["errorMessage"]]);
            (ours == case["error"])
                .then_some(())
                .ok_or_else(|| format!("expected {}", case["error"]))
        };
        if let Err(expected) = expected {
            differences
                .push(format!("{runtime} ({}): {expected}, got {}", case["note"], result.payload));
        }
    }
    assert!(differences.is_empty(), "\n{}", differences.join("\n"));
}

/// The code editor's check follows the runtime too.
#[test]
fn the_editor_checks_the_syntax_of_the_function_s_version() {
    let alias = "type Point = tuple[float, float]\n";
    let path = "/var/task/lambda_function.py";
    let problem = steplab_lambda::check_syntax_for(alias, path, "python3.11").map(|p| p.message);
    assert_eq!(problem.as_deref(), Some("invalid syntax"));
    assert_eq!(steplab_lambda::check_syntax_for(alias, path, "python3.12"), None);
    let except = "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n";
    let problem = steplab_lambda::check_syntax_for(except, path, "python3.13").map(|p| p.message);
    assert_eq!(problem.as_deref(), Some("multiple exception types must be parenthesized"));
    assert_eq!(steplab_lambda::check_syntax_for(except, path, "python3.14"), None);
    // a deprecated runtime is checked as the one it runs on
    let problem = steplab_lambda::check_syntax_for(alias, path, "python3.9").map(|p| p.message);
    assert_eq!(problem.as_deref(), Some("invalid syntax"));
}
