//! `steplab run --template`: SAM and CloudFormation templates of our own, imported and run.

use std::path::PathBuf;
use std::process::{Command, Output};

fn template(dir: &str, file: &str) -> String {
    let p: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "..", "..", "tests", "data", "templates", dir, file]
            .iter()
            .collect();
    p.display().to_string()
}

fn steplab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_steplab")).args(args).output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_sam_template_imports_and_runs_to_its_output() {
    let o = steplab(&[
        "run",
        "--template",
        &template("sam-orders", "template.yaml"),
        "--state-machine",
        "OrderStateMachine",
        "--input",
        r#"{"id": "o-1", "items": [{"price": 3, "quantity": 2}, {"price": 4, "quantity": 1}]}"#,
        "--json",
        "--seed",
        "7",
    ]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}\n{}", String::from_utf8_lossy(&o.stdout));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["status"], "SUCCEEDED");
    assert_eq!(
        report["output"],
        serde_json::json!({
            "order": {
                "id": "o-1",
                "total": 10,
                "stage": "test",
                "table": "steplab-OrdersTable",
                "function": "steplab-ValidateFunction",
                "memory": "256"
            },
            "notification": "order tested o-1",
            "saved": "10"
        })
    );
    // what was imported, and what StepLab cannot emulate, by logical id
    assert!(
        err.contains("imported functions: ValidateFunction (steplab-ValidateFunction)"),
        "{err}"
    );
    assert!(err.contains("unsupported: OrdersApi (AWS::Serverless::Api)"), "{err}");
    assert!(err.contains("accepted, nothing to emulate: NotificationsQueuePolicy"), "{err}");
    assert!(err.contains("not created: ProdAlarmsTopic"), "{err}");
}

#[test]
fn a_parameter_changes_what_the_template_resolves() {
    let o = steplab(&[
        "run",
        "--template",
        &template("sam-orders", "template.yaml"),
        "--parameter",
        "Stage=prod",
        "--input",
        r#"{"id": "o-2", "items": []}"#,
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["output"]["order"]["stage"], "prod");
    assert_eq!(report["output"]["notification"], "order accepted o-2");
    // the topic of the condition IsProd is created now
    assert!(!stderr(&o).contains("not created: ProdAlarmsTopic"));
}

#[test]
fn a_cloudformation_json_template_with_inline_code_runs() {
    let o = steplab(&["run", "--template", &template("cfn-inline", "template.json"), "--json"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}\n{}", String::from_utf8_lossy(&o.stdout));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["output"], serde_json::json!({"text": "HELLO, GRACE!"}));
    assert!(err.contains("unsupported: Network (AWS::EC2::VPC)"), "{err}");
}

#[test]
fn an_unknown_state_machine_or_parameter_is_a_clear_error() {
    let o = steplab(&[
        "run",
        "--template",
        &template("sam-orders", "template.yaml"),
        "--state-machine",
        "Nope",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--state-machine Nope: the template imported no such state machine (it has: OrderStateMachine)"), "{}", stderr(&o));
    let o = steplab(&[
        "run",
        "--template",
        &template("sam-orders", "template.yaml"),
        "--parameter",
        "Stage=staging",
    ]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("\"staging\" is not one of its AllowedValues"), "{}", stderr(&o));
}

#[test]
fn resources_of_the_command_line_are_applied_after_the_template_s() {
    let dir = std::env::temp_dir().join(format!("steplab-template-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seed = dir.join("seed.json");
    std::fs::write(
        &seed,
        r#"[{"service": "dynamodb", "operation": "PutItem", "input": {"TableName": "steplab-OrdersTable", "Item": {"id": {"S": "o-0"}, "total": {"N": "5"}}}}]"#,
    )
    .unwrap();
    let saved = dir.join("saved.json");
    let o = steplab(&[
        "run",
        "--template",
        &template("sam-orders", "template.yaml"),
        "--resources",
        &seed.display().to_string(),
        "--save-resources",
        &saved.display().to_string(),
        "--input",
        r#"{"id": "o-1", "items": []}"#,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let saved = std::fs::read_to_string(&saved).unwrap();
    // the table the template created holds the item --resources put and the one the run put
    assert!(saved.contains("steplab-OrdersTable"), "{saved}");
    assert!(saved.contains("o-0") && saved.contains("o-1"), "{saved}");
}

#[test]
fn a_function_s_whole_code_uri_folder_is_its_package() {
    // Python and Node.js handlers importing their folder's other files (yardstick bug 3)
    let o = steplab(&["run", "--template", &template("multifile", "template.yaml"), "--json"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}\n{}", String::from_utf8_lossy(&o.stdout));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["status"], "SUCCEEDED", "{report}");
    assert_eq!(
        report["output"],
        serde_json::json!({
            "py": {"helper": 42, "shared": "shared", "double": 42},
            "js": {"greeting": "hello multifile", "legacy": 8}
        })
    );
    assert!(
        err.contains("function PyFunction: left out of its package: node_modules/: dependencies"),
        "{err}"
    );
}

#[test]
fn a_function_given_as_a_folder_is_its_package() {
    let dir = [env!("CARGO_MANIFEST_DIR"), "..", "..", "tests", "data", "templates", "multifile"]
        .iter()
        .collect::<PathBuf>();
    let definition =
        std::env::temp_dir().join(format!("steplab-folder-{}.json", std::process::id()));
    std::fs::write(
        &definition,
        r#"{"StartAt": "Py", "States": {
            "Py": {"Type": "Task", "Resource": "arn:aws:lambda:ca-central-1:123456789012:function:py", "ResultPath": "$.py", "Next": "Js"},
            "Js": {"Type": "Task", "Resource": "arn:aws:lambda:ca-central-1:123456789012:function:js", "ResultPath": "$.js", "End": true}}}"#,
    )
    .unwrap();
    let py = format!("py={}:app.handler", dir.join("py").display());
    let js = format!("js={}", dir.join("js").display());
    let o = steplab(&[
        "run",
        &definition.display().to_string(),
        "--function",
        &py,
        "--function",
        &js,
        "--json",
    ]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}\n{}", String::from_utf8_lossy(&o.stdout));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["output"]["py"]["double"], 42, "{report}");
    assert_eq!(report["output"]["js"]["greeting"], "hello multifile", "{report}");
    assert!(err.contains("--function py: left out of its package: __pycache__/"), "{err}");
    // a folder without a handler's file says what it looked for
    let o = steplab(&[
        "run",
        &definition.display().to_string(),
        "--function",
        &format!("py={}", dir.join("py/shared").display()),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("give the handler (NAME=DIR:HANDLER)"), "{}", stderr(&o));
}
