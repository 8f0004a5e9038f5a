//! The cases of `tests/cases/*.json`: a function's code, then invocations with their event, the
//! expected payload (as JSON, or as a glob of its text) and the expected log lines, with the
//! timestamps masked as `<ts>`, the request id as `<id>` and `*` for any text. A case's
//! `files` are the package's other files (path in `/var/task` → text), its
//! `environment` adds variables, its `logging` is the function's logging configuration
//! (`{"log_format": "JSON", "application_log_level": …, "system_log_level": …}`).

mod support;

use serde_json::Value;
use steplab_node::{NodeEnvironment, function_config, runtimes};

fn run_case(name: &str, case: &Value) -> Vec<String> {
    let mut failures = Vec::new();
    let code = case["code"].as_str().unwrap_or(runtimes::DEFAULT_CODE);
    let mut config = function_config("Test", code);
    case["fileName"].as_str().unwrap_or("index.mjs").clone_into(&mut config.file_name);
    case["handler"].as_str().unwrap_or("index.handler").clone_into(&mut config.handler);
    if let Some(files) = case["files"].as_object() {
        for (path, text) in files {
            config.files.insert(path.clone(), text.as_str().unwrap_or_default().to_owned());
        }
    }
    if let Some(runtime) = case["runtime"].as_str() {
        runtime.clone_into(&mut config.runtime);
    }
    if let Some(vars) = case["environment"].as_array() {
        for pair in vars {
            let key = pair[0].as_str().unwrap_or_default().to_owned();
            let value = pair[1].as_str().unwrap_or_default().to_owned();
            config.environment.push((key, value));
        }
    }
    if let Some(logging) = case.get("logging") {
        config.logging = serde_json::from_value(logging.clone()).expect("a LoggingConfig");
        assert_eq!(config.logging.check(), Ok(()), "{name}: logging");
    }
    let mut env = NodeEnvironment::new(config);
    for (n, invocation) in case["invocations"].as_array().into_iter().flatten().enumerate() {
        let request_id = format!("00000000-0000-4000-8000-00000000000{n}");
        let result = env.invoke(&invocation["event"].to_string(), &request_id);
        let here = format!("{name} #{n}");
        let expected_error = invocation["functionError"].as_str();
        if result.function_error.as_deref() != expected_error {
            failures.push(format!(
                "{here}: functionError {:?}, expected {expected_error:?}\n{}",
                result.function_error, result.payload
            ));
        }
        if let Some(pattern) = invocation["payloadGlob"].as_str() {
            if !support::glob(&pattern.replace("<id>", &request_id), &result.payload) {
                failures.push(format!("{here}: payload {}\n  expected {pattern}", result.payload));
            }
        } else {
            let expected: Value = serde_json::from_str(
                &invocation["payload"].to_string().replace("<id>", &request_id),
            )
            .unwrap_or(Value::Null);
            let actual: Value = serde_json::from_str(&result.payload).unwrap_or(Value::Null);
            if actual != expected {
                failures.push(format!("{here}: payload {}\n  expected {expected}", result.payload));
            }
        }
        let log = support::mask_timestamps(&result.log).replace(&request_id, "<id>");
        let lines: Vec<&str> = log.strip_suffix('\n').unwrap_or(&log).split('\n').collect();
        let expected: Vec<&str> =
            invocation["log"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        let matches = lines.len() == expected.len()
            && lines.iter().zip(&expected).all(|(line, pattern)| support::glob(pattern, line));
        if !matches {
            failures.push(format!("{here}: log\n{log}\n  expected\n{}", expected.join("\n")));
        }
    }
    failures
}

#[test]
fn every_case_gives_its_payload_and_log() {
    if !support::has_node() {
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/cases")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 20, "the cases are missing");
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON");
        failures.extend(run_case(&name, &case));
    }
    assert!(failures.is_empty(), "{} failures:\n\n{}", failures.len(), failures.join("\n\n"));
}
