//! Cold start and warm invocation of the lab handler in headless Chromium, in a page of its own so
//! that the first environment pays every one-time cost (as a new Worker does); the second one shows
//! a cold start once those are paid; the third starts from an interpreter booted ahead of need by
//! `steplab_lambda::prewarm()` (what a Worker's cold start costs). Figures are printed
//! (`-- --nocapture`), never asserted.
#![cfg(target_arch = "wasm32")]

use steplab_lambda::{ExecutionEnvironment, FunctionConfig};
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const LAB: &str = include_str!("data/hello_step_function.py");
const PAYLOAD: &str = r#"{"statusCode": 200, "message": "Hello from Step Function!"}"#;

#[wasm_bindgen_test]
fn lab_handler_cold_start_and_warm_invokes() {
    let mut first = ExecutionEnvironment::new(FunctionConfig::new("HelloStepFunction", LAB));
    let cold = first.invoke("{}", "00000000-0000-4000-8000-000000000001");
    assert_eq!(cold.payload, PAYLOAD);
    let mut second = ExecutionEnvironment::new(FunctionConfig::new("HelloStepFunction", LAB));
    let again = second.invoke("{}", "00000000-0000-4000-8000-000000000002");
    assert_eq!(again.payload, PAYLOAD);
    steplab_lambda::prewarm();
    let mut third = ExecutionEnvironment::new(FunctionConfig::new("HelloStepFunction", LAB));
    let prewarmed = third.invoke("{}", "00000000-0000-4000-8000-000000000003");
    assert_eq!(prewarmed.payload, PAYLOAD);
    let runs = 200;
    let mut total_ms = 0.0;
    for i in 0..runs {
        let warm = first.invoke("{}", &format!("00000000-0000-4000-8000-{i:012}"));
        assert_eq!(warm.payload, PAYLOAD);
        total_ms += warm.duration_ms;
    }
    console_log!(
        "wasm lab handler: first cold start INIT {:.2} ms + invoke {:.2} ms; another environment INIT {:.2} ms + invoke {:.2} ms; from a prewarmed interpreter INIT {:.2} ms + invoke {:.2} ms; warm invoke {:.3} ms (mean of {runs})",
        cold.init_duration_ms.unwrap_or_default(),
        cold.duration_ms,
        again.init_duration_ms.unwrap_or_default(),
        again.duration_ms,
        prewarmed.init_duration_ms.unwrap_or_default(),
        prewarmed.duration_ms,
        total_ms / f64::from(runs)
    );
}
