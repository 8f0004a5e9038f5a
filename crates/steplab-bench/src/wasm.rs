//! The wasm module Node loads (`wasm-bindgen --target nodejs`): the JS side times
//! [`WasmWorkload::run`] alone.

use wasm_bindgen::prelude::*;

use crate::{Prepared, Workload};

/// A workload and its current run.
#[wasm_bindgen]
pub struct WasmWorkload {
    workload: Workload,
    prepared: Option<Prepared>,
}

#[wasm_bindgen]
impl WasmWorkload {
    /// Parses the workload; `mock_config`/`test_case` are empty strings when it has no tasks.
    #[wasm_bindgen(constructor)]
    pub fn new(
        definition: &str,
        input: &str,
        mock_config: &str,
        test_case: &str,
    ) -> Result<WasmWorkload, JsError> {
        let mocks = (!mock_config.is_empty()).then_some((mock_config, test_case));
        let workload = Workload::new(definition, input, mocks).map_err(|e| JsError::new(&e))?;
        Ok(WasmWorkload { workload, prepared: None })
    }

    /// Sets up a fresh run (not timed).
    pub fn prepare(&mut self) {
        self.prepared = Some(self.workload.prepare());
    }

    /// Runs the prepared execution to its end (the timed part).
    pub fn run(&mut self) {
        if let Some(p) = &mut self.prepared {
            p.run();
        }
    }

    /// The last run as JSON: `{"transitions", "events", "status", "output"}`.
    pub fn outcome(&self) -> String {
        match &self.prepared {
            Some(p) => crate::outcome_json(&p.outcome()).to_string(),
            None => "null".into(),
        }
    }
}
