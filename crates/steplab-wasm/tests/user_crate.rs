// tests/state_machine.rs in your crate: run `wasm-pack test --headless --chrome --release`
#![cfg(target_arch = "wasm32")]

use serde_json::json;
use steplab_wasm::{FunctionConfig, RunRequest};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

// your state machine and your handler, from your repository
const DEFINITION: &str = include_str!("../../../tests/data/lab/simple_lab.asl.json");
const HANDLER: &str = include_str!("../../../tests/data/lab/hello_step_function.py");

#[wasm_bindgen_test]
fn hello_state_machine_greets() {
    let request = RunRequest::new(DEFINITION).with_input(json!({})).with_function(
        FunctionConfig::new("HelloStepFunction", HANDLER)
            .with_handler("hello_step_function.lambda_handler"),
    );
    let result = steplab_wasm::run(&request).expect("the definition and request are valid");
    assert_eq!(result.status, "SUCCEEDED", "{:?} {:?}", result.error, result.cause);
    assert_eq!(
        result.output,
        Some(json!({"statusCode": 200, "message": "Hello from Step Function!"}))
    );
}
