//! The JavaScript API: the functions and the class wasm-bindgen exports, with TypeScript types
//! for the data they take and give. Values cross the boundary as JSON (`JSON.stringify` /
//! `JSON.parse`), so they are plain objects and arrays, with JSON's rules for numbers.

use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::expression::ExpressionError;
use crate::request::RequestError;
use crate::stepping::Stepper;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** One problem in a definition (ValidateStateMachineDefinition's diagnostic, plus where it is). */
export interface Diagnostic {
  severity: "ERROR" | "WARNING";
  /** AWS's code, e.g. "SCHEMA_VALIDATION_FAILED", "MISSING_TRANSITION_TARGET". */
  code: string;
  message: string;
  /** JSON Pointer to the offending value, e.g. "/States/A/Next". */
  location: string;
  /** UTF-8 byte range in the definition's text. */
  span: { start: number; end: number } | null;
  /** Line and column (characters) of span.start, from 1. */
  line: number | null;
  column: number | null;
}

/** A Lambda function: Python (run, runAsync, StepLabExecution) or Node.js (runAsync). */
export interface LambdaFunction {
  /** The source of the code file, served as /var/task/{fileName}. */
  code: string;
  /** "module.function" (default "lambda_function.lambda_handler", Node.js "index.handler"). */
  handler?: string;
  /**
   * "python3.14", "python3.13", "python3.12", "python3.11" (default), "nodejs24.x",
   * "nodejs22.x" or "nodejs20.x"; a deprecated one runs on the nearest of these.
   */
  runtime?: string;
  /**
   * The code file, named after the handler's module: "{module}.py" (default); Node.js
   * "{module}.mjs" (default, an ES module) or "{module}.js" / ".cjs" (CommonJS).
   */
  fileName?: string;
  /** The deployment package's other files, path in /var/task → text (`{"util.py": "..."}`). */
  files?: Record<string, string>;
  /** 1-900 seconds (default 3). */
  timeoutSeconds?: number;
  /** 128-10240 MB (default 128). */
  memorySize?: number;
  /** Environment variables. */
  environment?: Record<string, string>;
  /** The Lambda API's LoggingConfig (default Text); the levels only with "JSON". */
  loggingConfig?: {
    LogFormat: "Text" | "JSON";
    ApplicationLogLevel?: "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "FATAL";
    SystemLogLevel?: "DEBUG" | "INFO" | "WARN";
  };
}

/** An execution to run. */
export interface RunRequest {
  /** The Amazon States Language definition: JSON text (diagnostic spans point into it) or an object. */
  definition: string | object;
  /** The execution input (default {}). */
  input?: unknown;
  /** The Lambda functions, by function name (the name in the function ARN). */
  functions?: Record<string, LambdaFunction>;
  /** A Step Functions Local MockConfigFile (JSON text or object); needs testCase. */
  mockConfig?: string | object;
  testCase?: string;
  /** The execution name (default: a UUID). */
  name?: string;
  /** The state machine name (default "StateMachine"); mock test cases are looked up under it. */
  stateMachineName?: string;
  /** Seed of every random choice (ids, jitter), for a run that repeats exactly. */
  seed?: number;
  /** Start time, milliseconds since 1970 (default now); the clock is virtual from there. */
  startMillis?: number;
  /** Default "ca-central-1". */
  region?: string;
  /** Default "123456789012". */
  account?: string;
  /** "STANDARD" (default) or "EXPRESS": an Express execution, its ARN in the express form. */
  type?: "STANDARD" | "EXPRESS";
  /** Where continue() holds: states entered, retriers about to retry, catchers matching. */
  breakpoints?: { states?: string[]; retriers?: string[]; catchers?: string[] };
  /**
   * The AWS resources the run starts with: service calls in AWS's shapes, applied in order
   * (e.g. [{service: "dynamodb", operation: "CreateTable", input: {TableName: "Orders", ...}}];
   * service "dynamodb", "sqs", "sns", "s3" or "events"), or a previous result's resources.
   * Without it the run starts with none: a Task on a table, queue, topic or bucket fails as in AWS.
   */
  resources?: { service: string; operation: string; input?: object }[] | object;
  /** The state machines states:startExecution (.sync, .sync:2) may start, by name: definitions. */
  stateMachines?: Record<string, string | object>;
}

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

/** An event as GetExecutionHistory returns it, with one "...EventDetails" member. */
export interface HistoryEvent {
  timestamp: string;
  type: string;
  id: number;
  previousEventId: number;
  [details: string]: unknown;
}

/** One invocation's log: START, what the function printed, END, REPORT. */
export interface FunctionLog {
  requestId: string;
  functionName: string;
  log: string;
}

/** How an execution ended (or stands). */
export interface RunResult {
  status: ExecutionStatus;
  /** When SUCCEEDED. */
  output?: unknown;
  /** When FAILED, TIMED_OUT or ABORTED. */
  error?: string;
  cause?: string;
  name: string;
  executionArn: string;
  stateMachineArn: string;
  history: HistoryEvent[];
  logs: FunctionLog[];
  /** The AWS resources as the run left them. */
  resources: object | null;
  /** The executions the run started, as DescribeExecution gives them. */
  startedExecutions: object[];
  /** The Map Runs of its Distributed Map states (none: absent): DescribeMapRun's response, the
   * state's name, and each child execution's DescribeExecution with its own history. */
  mapRuns?: { description: object; stateName: string; executions: { description: object; history: HistoryEvent[] }[] }[];
  /** DescribeExecution's redrive fields: how many times redriven, when last (ISO 8601). */
  redriveCount: number;
  redriveDate?: string;
  /** Whether redrive() would redrive it now, and why not (AWS's redriveStatusReason). */
  redriveStatus: "REDRIVABLE" | "NOT_REDRIVABLE";
  redriveStatusReason?: string;
}

/** What redrive() did (RedriveExecution's redriveDate, and the new redriveCount). */
export interface RedriveResult {
  redriveCount: number;
  redriveDate: string;
}

/** What one step did. */
export interface StepResult {
  /** The events that appeared: one per step(), all up to the next hold for continue(). */
  events: HistoryEvent[];
  /** As far as the events shown tell. */
  status: ExecutionStatus;
  /** The execution has ended and every event is shown. */
  done: boolean;
  /** The Task states whose invocations the next steps carry out. */
  pending: string[];
  /** Where the execution is held, unless done. */
  paused?: { eventId: number; stateName?: string; reason: "Event" | "StateEntered" | "Retry" | "Catch" };
}
/** TestState's request, as AWS's API takes it (TestStateInput). JSON members are JSON text, as
 * AWS takes them, or the JSON itself. */
export interface TestStateRequest {
  /** One state's definition, or a whole state machine (then stateName picks the state). */
  definition: string | object;
  /** The state to test in a whole state machine, also one inside a Map or Parallel. */
  stateName?: string;
  /** The state's input (default {}). */
  input?: string | unknown;
  /** "INFO" (default): the output only; "DEBUG": the data after each processing stage; "TRACE": DEBUG
   * and an HTTP Task's request and response (StepLab makes no HTTP calls: as DEBUG). */
  inspectionLevel?: "INFO" | "DEBUG" | "TRACE";
  /** Workflow variables: a JSON object. */
  variables?: string | Record<string, unknown>;
  /** The Task's result or error (a Map's or Parallel's whole result, an array) in place of the
   * call. StepLab calls no AWS service: a Task, Map or Parallel state needs one. */
  mock?: {
    result?: string | unknown;
    errorOutput?: { error?: string; cause?: string };
    /** How a result is checked against the integration's response (default "STRICT"; StepLab
     * knows lambda:invoke's). */
    fieldValidationMode?: "STRICT" | "PRESENT" | "NONE";
  };
  /** A Context object whose members replace the state's ($$, $states.context); only with a mock. */
  context?: string | object;
  stateConfiguration?: {
    /** Retries already made by the retrier that matches the mocked error. */
    retrierRetryCount?: number;
    /** The state inside the Map or Parallel the mocked error comes from. */
    errorCausedByState?: string;
    /** Map iterations that failed, against ToleratedFailureCount/Percentage. */
    mapIterationFailureCount?: number;
    /** What a Distributed Map's ItemReader reads, as in its source (a file's text). */
    mapItemReaderData?: string;
  };
  /** Accepted; StepLab has no HTTP Task connections, so it changes nothing. */
  revealSecrets?: boolean;
  /** Accepted and not used: StepLab calls nothing. */
  roleArn?: string;
}

/** TestState's response, as AWS's API gives it (TestStateOutput). */
export interface TestStateResponse {
  status: "SUCCEEDED" | "FAILED" | "RETRIABLE" | "CAUGHT_ERROR";
  /** The state's output as JSON text. */
  output?: string;
  error?: string;
  cause?: string;
  nextState?: string;
  /** At DEBUG and TRACE: each stage's data as JSON text, Map's numbers, errorDetails. */
  inspectionData?: {
    input?: string; afterInputPath?: string; afterParameters?: string; afterArguments?: string;
    afterItemsPath?: string; afterItemSelector?: string; afterItemBatcher?: string;
    result?: string; afterResultSelector?: string; afterResultPath?: string; variables?: string;
    toleratedFailureCount?: number; toleratedFailurePercentage?: number; maxConcurrency?: number;
    errorDetails?: { retryIndex?: number; retryBackoffIntervalSeconds?: number; catchIndex?: number };
  };
}
"#;

/// Checks a definition (JSON text, or an object) as `ValidateStateMachineDefinition` does.
#[wasm_bindgen(js_name = validate, unchecked_return_type = "Diagnostic[]")]
pub fn validate_js(
    #[wasm_bindgen(unchecked_param_type = "string | object")] definition: JsValue,
) -> Result<JsValue, JsValue> {
    let text = match definition.as_string() {
        Some(text) => text,
        None => match to_json(&definition, "definition")? {
            Some(value) => serde_json::to_string_pretty(&value).unwrap_or_default(),
            None => return Err(error("definition: expected JSON text or an object")),
        },
    };
    Ok(from_json(&crate::validate(&text)))
}

/// Runs an execution to its end, calling its Python functions in this thread (Node.js functions
/// need `runAsync`). Throws when the request cannot start (the error's `diagnostics` lists an invalid definition's problems); a
/// failed execution is a result with status `FAILED`.
#[wasm_bindgen(js_name = run, unchecked_return_type = "RunResult")]
pub fn run_js(
    #[wasm_bindgen(unchecked_param_type = "RunRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let request = read_request(&request)?;
    crate::run(&request).map(|r| from_json(&r)).map_err(|e| request_error(&e))
}

/// Runs an execution to its end as `run` does, with its Node.js functions too (each in a module
/// Worker of its own in a browser, in a `node` child process under Node.js): a Promise of the
/// result. Rejects when the request cannot start.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(js_name = runAsync, unchecked_return_type = "Promise<RunResult>")]
pub fn run_async_js(
    #[wasm_bindgen(unchecked_param_type = "RunRequest")] request: JsValue,
) -> js_sys::Promise {
    let request = read_request(&request);
    wasm_bindgen_futures::future_to_promise(async move {
        let request = request?;
        crate::run_async(&request).await.map(|r| from_json(&r)).map_err(|e| request_error(&e))
    })
}

/// Runs one state as AWS's TestState does: AWS's request JSON in, AWS's response JSON out.
/// Throws an `Error` whose `name` (and `code`) is AWS's error — `ValidationException`,
/// `InvalidDefinition`, `InvalidExecutionInput` — for a request AWS would refuse.
#[wasm_bindgen(js_name = testState, unchecked_return_type = "TestStateResponse")]
pub fn test_state_js(
    #[wasm_bindgen(unchecked_param_type = "TestStateRequest")] request: JsValue,
) -> Result<JsValue, JsValue> {
    let request = to_json(&request, "request")?.unwrap_or(Value::Null);
    crate::test_state(&request).map(|r| from_json(&r)).map_err(|e| {
        let err = js_sys::Error::new(&e.message);
        err.set_name(e.code);
        let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code.into());
        err.into()
    })
}

/// Evaluates a JSONata expression (Step Functions' dialect, without `{% %}`) against `input`,
/// with `bindings` as variables (`{states: {input: …}}` binds `$states`). Returns `undefined`
/// for JSONata's undefined; throws an `Error` with jsonata-js's `code` and `position`.
#[wasm_bindgen(js_name = evaluateJsonata, unchecked_return_type = "unknown")]
pub fn evaluate_jsonata_js(
    expression: &str,
    #[wasm_bindgen(unchecked_param_type = "unknown")] input: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] bindings: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let input = match input {
        Some(input) => to_json(&input, "input")?,
        None => None,
    };
    let bindings = match bindings.map(|b| to_json(&b, "bindings")).transpose()?.flatten() {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(error("bindings: expected an object of variables")),
    };
    crate::evaluate_jsonata(expression, input.as_ref(), &bindings)
        .map(|v| v.map_or(JsValue::UNDEFINED, |v| from_json(&v)))
        .map_err(|e| expression_error(&e))
}

/// Selects a JSONPath from `input` (`$…`) or `context` (`$$…`, the context object). A reference
/// path gives its value or `undefined`; other paths give the array of matches.
#[wasm_bindgen(js_name = evaluateJsonPath, unchecked_return_type = "unknown")]
pub fn evaluate_json_path_js(
    path: &str,
    #[wasm_bindgen(unchecked_param_type = "unknown")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "unknown")] context: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let input = to_json(&input, "input")?.unwrap_or(Value::Null);
    let context = match context {
        Some(context) => to_json(&context, "context")?,
        None => None,
    };
    crate::evaluate_json_path(path, &input, context.as_ref())
        .map(|v| v.map_or(JsValue::UNDEFINED, |v| from_json(&v)))
        .map_err(|e| expression_error(&e))
}

/// An execution driven with the app's step debugger: one event per step, or on to the next
/// breakpoint.
#[wasm_bindgen]
pub struct StepLabExecution {
    stepper: Stepper,
}

#[wasm_bindgen]
impl StepLabExecution {
    /// Starts the execution `request` describes; nothing runs before the first `step()`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "RunRequest")] request: JsValue,
    ) -> Result<StepLabExecution, JsValue> {
        let request = read_request(&request)?;
        let stepper = Stepper::new(&request).map_err(|e| request_error(&e))?;
        Ok(StepLabExecution { stepper })
    }

    /// Shows one more event of the history (the step debugger's Step).
    #[wasm_bindgen(unchecked_return_type = "StepResult")]
    pub fn step(&mut self) -> JsValue {
        from_json(&self.stepper.step())
    }

    /// Runs to the next breakpoint of the request, or to the end (the step debugger's Continue).
    #[wasm_bindgen(js_name = "continue", unchecked_return_type = "StepResult")]
    pub fn resume(&mut self) -> JsValue {
        from_json(&self.stepper.resume())
    }

    /// Steps until the execution ends.
    #[wasm_bindgen(js_name = runToEnd, unchecked_return_type = "RunResult")]
    pub fn run_to_end(&mut self) -> JsValue {
        from_json(&self.stepper.run_to_end())
    }

    /// The status now.
    #[wasm_bindgen(getter, unchecked_return_type = "ExecutionStatus")]
    pub fn status(&self) -> JsValue {
        JsValue::from_str(self.stepper.status())
    }

    /// Whether the execution has ended.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> bool {
        self.stepper.is_done()
    }

    /// The events so far.
    #[wasm_bindgen(unchecked_return_type = "HistoryEvent[]")]
    pub fn history(&self) -> JsValue {
        from_json(&self.stepper.result().history)
    }

    /// The result so far (status, output or error and cause, history, logs).
    #[wasm_bindgen(unchecked_return_type = "RunResult")]
    pub fn result(&self) -> JsValue {
        from_json(&self.stepper.result())
    }

    /// Ends the execution as `StopExecution` does (`ABORTED`).
    pub fn stop(&mut self, error: Option<String>, cause: Option<String>) {
        self.stepper.stop(error, cause);
    }

    /// `RedriveExecution`: an execution that ended `FAILED`, `ABORTED` or `TIMED_OUT` goes on
    /// from the states that did not succeed (a Parallel or Map reruns only the branches or
    /// iterations that failed), keeping the results of those that succeeded; `step()`,
    /// `continue()` and `runToEnd()` carry it on, its history going on after
    /// `ExecutionRedriven`. Throws an `Error` whose `code` is `ExecutionNotRedrivable` and whose
    /// message is AWS's reason when it cannot be redriven (it is then unchanged).
    #[wasm_bindgen(unchecked_return_type = "RedriveResult")]
    pub fn redrive(&mut self) -> Result<JsValue, JsValue> {
        match self.stepper.redrive() {
            Ok(redriven) => Ok(from_json(&redriven)),
            Err(e) => {
                let err = js_sys::Error::new(e.message);
                let code = steplab_asl::ExecutionNotRedrivable::CODE;
                let _ = js_sys::Reflect::set(&err, &"code".into(), &code.into());
                Err(err.into())
            }
        }
    }
}

fn read_request(request: &JsValue) -> Result<crate::RunRequest, JsValue> {
    let value = to_json(request, "the request")?.unwrap_or(Value::Null);
    crate::request::from_json(&value).map_err(|e| request_error(&e))
}

/// A JavaScript value as JSON (`None` for `undefined`).
fn to_json(value: &JsValue, what: &str) -> Result<Option<Value>, JsValue> {
    if value.is_undefined() {
        return Ok(None);
    }
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| error(&format!("{what}: cannot be written as JSON (a cycle, or a BigInt)")))?;
    let Some(text) = text.as_string() else { return Ok(None) };
    serde_json::from_str(&text)
        .map(Some)
        .map_err(|e| error(&format!("{what}: cannot be read as JSON: {e}")))
}

/// Plain data as a JavaScript value.
fn from_json(value: &impl Serialize) -> JsValue {
    serde_json::to_string(value)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL)
}

fn error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

fn request_error(e: &RequestError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    let _ = js_sys::Reflect::set(&err, &"diagnostics".into(), &from_json(&e.diagnostics));
    err.into()
}

fn expression_error(e: &ExpressionError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code.as_str().into());
    if let Some(position) = e.position {
        #[allow(clippy::cast_precision_loss)]
        let _ = js_sys::Reflect::set(&err, &"position".into(), &(position as f64).into());
    }
    err.into()
}
