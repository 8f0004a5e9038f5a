//! A handler that never returns is stopped at the function's timeout: its `node` is killed, the
//! result is `Sandbox.Timedout`, and the next invocation starts a new environment (a cold start).

mod support;

use std::time::Instant;

use steplab_node::{NodeEnvironment, function_config};

#[test]
fn an_endless_loop_is_killed_at_the_timeout() {
    if !support::has_node() {
        return;
    }
    let code = "let invocations = 0;\nexport const handler = async (event) => {\n  invocations += 1;\n  if (event.loop) { while (true) {} }\n  return invocations;\n};\n";
    let mut config = function_config("Loop", code);
    config.timeout_seconds = 1;
    let mut env = NodeEnvironment::new(config);
    assert_eq!(env.invoke("{}", "warm-up").payload, "1");

    let request_id = "22222222-0000-4000-8000-000000000000";
    #[allow(clippy::disallowed_methods, reason = "a native test measures the wall clock")]
    let started = Instant::now();
    let result = env.invoke(r#"{"loop": true}"#, request_id);
    let elapsed = started.elapsed().as_secs_f64();
    assert!((0.9..2.5).contains(&elapsed), "took {elapsed} s");
    assert_eq!(result.function_error.as_deref(), Some("Unhandled"));
    assert_eq!(
        result.payload,
        format!(
            r#"{{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: {request_id} Error: Task timed out after 1.00 seconds"}}"#
        )
    );
    let log = support::mask_timestamps(&result.log);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines[0], format!("START RequestId: {request_id} Version: $LATEST"));
    assert_eq!(lines[1], format!("<ts> {request_id} Task timed out after 1.00 seconds"));
    assert_eq!(lines[2], format!("END RequestId: {request_id}"));
    assert!(
        support::glob(
            &format!(
                "REPORT RequestId: {request_id}\tDuration: 1000.00 ms\tBilled Duration: 1000 ms\tMemory Size: 128 MB\tMax Memory Used: * MB\tStatus: timeout"
            ),
            lines[3]
        ),
        "{}",
        lines[3]
    );
    assert!(!env.is_warm());

    // a new environment: the global counter starts again, INIT is reported
    let after = env.invoke("{}", "after");
    assert_eq!(after.payload, "1");
    assert!(after.init_duration_ms.is_some());
}

#[test]
fn an_endless_init_is_killed_at_the_timeout() {
    if !support::has_node() {
        return;
    }
    let code = "while (true) {}\nexport const handler = async () => 1;\n";
    let mut config = function_config("InitLoop", code);
    config.timeout_seconds = 1;
    let mut env = NodeEnvironment::new(config);
    let result = env.invoke("{}", "init-loop");
    assert_eq!(result.error_type().as_deref(), Some("Sandbox.Timedout"), "{}", result.payload);
    assert!(!env.is_warm());
}
