//! TestState: one state run on its own, as AWS's `TestState` API runs it, from AWS's request
//! JSON to AWS's response JSON (StepLab's engine, [`steplab_asl::test_state_json`]). Nothing is
//! called: a Task, Map or Parallel state takes a mocked result or error.

use serde_json::Value;
use steplab_asl::{StartExecution, TestStateException};

use crate::clock;

/// Runs the state AWS's `TestStateInput` JSON (`request`) describes and gives AWS's
/// `TestStateOutput` JSON, or the error AWS answers with (`ValidationException`,
/// `InvalidDefinition`, `InvalidExecutionInput`). JSON members may be JSON text, as AWS takes
/// them, or the JSON itself.
pub fn test_state(request: &Value) -> Result<Value, TestStateException> {
    let seed = clock::random_seed();
    // the Context object's execution names a test run; AWS's names for it are not documented
    let start = StartExecution::new(
        "TestState",
        &format!("test-{seed:x}"),
        "ca-central-1",
        "123456789012",
        clock::now_millis(),
        seed,
    );
    steplab_asl::test_state_json(request, start)
}
