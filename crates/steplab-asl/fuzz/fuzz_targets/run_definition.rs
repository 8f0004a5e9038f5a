//! Whatever parses also runs without panicking (virtual clock, canned task answers, bounded).
#![no_main]

use steplab_asl::{Execution, LambdaResponse, StartExecution, Step, TaskOutcome};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let Some(machine) = steplab_asl::parse(src).machine else { return };
    let mut exec = Execution::new(
        machine,
        serde_json::json!({"a": [1, 2], "s": "x"}),
        StartExecution::new("F", "f", "us-east-1", "123456789012", 0, 1),
    );
    let mut now = 0;
    for i in 0..2_000u32 {
        match exec.step(now) {
            Step::Done => break,
            Step::Wait { until_millis } => now = until_millis.max(now),
            Step::Pending => now += 1_000,
            Step::Task(t) => {
                let outcome = match i % 3 {
                    0 => TaskOutcome::Succeeded(serde_json::json!({"r": i})),
                    1 => TaskOutcome::Failed { error: "E".into(), cause: "c".into() },
                    _ => TaskOutcome::Lambda(LambdaResponse {
                        payload: "{\"errorType\": \"X\"}".into(),
                        function_error: Some("Unhandled".into()),
                        request_id: "r".into(),
                        executed_version: "$LATEST".into(),
                        log: String::new(),
                    }),
                };
                exec.complete_task(t.id, outcome, now);
            }
        }
    }
    for e in exec.history() {
        let _ = e.to_json();
    }
});
