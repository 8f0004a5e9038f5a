//! A function's AWS SDK calls (boto3) in the synchronous hosts (the CLI, the JavaScript API),
//! where the function runs in the host's own thread while the driver waits for its answer: the
//! calls are answered from a copy of the run's services, which the driver takes back, with what
//! the calls set off, once the function returns ([`HandlerAws::settle`]). The driver holds one
//! invocation at a time, so the copy is the services as they stand.
//!
//! Step Functions' `SendTaskSuccess`, `SendTaskFailure` and `SendTaskHeartbeat` are answered at
//! once (a token the run never handed out is `InvalidToken`) and carried out on the driver when
//! the function returns. `StartExecution`, `DescribeExecution` and Lambda `Invoke` from a
//! function are not run by these hosts yet and fail with a message that says so.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use steplab_function::aws::{AwsError, AwsHost};
use steplab_services::{Context, Effect, ServiceError, Services};

use crate::driver::Driver;

/// The services as one invocation's calls leave them.
pub struct HandlerAws {
    services: Services,
    context: Context,
    /// The task tokens the run handed out, when the function started.
    tokens: BTreeSet<String>,
    /// Whether the function called the services (which then hold for the run's Task states too).
    called: bool,
    effects: Vec<Effect>,
    /// Step Functions calls answered already, carried out on the driver when the function returns.
    callbacks: Vec<(String, Value)>,
}

impl Default for HandlerAws {
    fn default() -> Self {
        Self {
            services: Services::default(),
            context: Context::at(0),
            tokens: BTreeSet::new(),
            called: false,
            effects: Vec::new(),
            callbacks: Vec::new(),
        }
    }
}

fn error(e: ServiceError) -> AwsError {
    AwsError { code: e.code, message: e.message, status: e.status }
}

fn not_here(what: &str) -> AwsError {
    AwsError {
        code: "ServiceUnavailable".into(),
        message: format!(
            "StepLab does not yet run {what} from a function in the CLI and the JavaScript API"
        ),
        status: 503,
    }
}

impl HandlerAws {
    /// The services of `driver` for a function it invokes at host time `host_now`.
    pub fn of(driver: &Driver, host_now: i64) -> Self {
        Self {
            services: driver.services().clone(),
            context: driver.service_context(host_now),
            tokens: driver.task_tokens().into_iter().collect(),
            ..Self::default()
        }
    }

    /// Hands the driver what the function's calls did, once it has returned.
    pub fn settle(self, driver: &mut Driver, host_now: i64) {
        if self.called {
            driver.services_called(self.services, self.effects, host_now);
        }
        for (operation, input) in self.callbacks {
            // checked when the call was made; a token used twice in one invocation fails here,
            // and the function was told it succeeded (StepLab does not know it yet then)
            let _ = driver.call_service("stepfunctions", &operation, &input, host_now);
        }
    }
}

impl AwsHost for HandlerAws {
    fn call(&mut self, service: &str, operation: &str, input: &Value) -> Result<Value, AwsError> {
        match (service, operation) {
            ("stepfunctions", "SendTaskSuccess" | "SendTaskFailure" | "SendTaskHeartbeat") => {
                let token = input
                    .get("taskToken")
                    .or_else(|| input.get("TaskToken"))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if !self.tokens.contains(token) {
                    return Err(AwsError {
                        code: "InvalidToken".into(),
                        message: "Invalid token".into(),
                        status: 400,
                    });
                }
                self.callbacks.push((operation.to_owned(), input.clone()));
                Ok(json!({}))
            }
            ("stepfunctions", _) => Err(not_here(&format!("Step Functions {operation}"))),
            ("lambda", _) => Err(not_here(&format!("Lambda {operation}"))),
            (service, operation) => {
                let response =
                    self.services.call(service, operation, input, &self.context).map_err(error)?;
                self.called = true;
                self.effects.extend(response.effects);
                Ok(response.output)
            }
        }
    }
}
