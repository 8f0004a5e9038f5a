//! What a run needs — the definition, the input, the Python functions, optional mocks — and how it
//! is read from plain JSON (the JavaScript API's argument) with errors that name the field.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use steplab_function::{FunctionConfig, handler};

use crate::diagnostics::Diagnostic;

/// One execution to run: what `StartExecution` gets, plus the functions it calls and its mocks.
#[derive(Clone, Debug, PartialEq)]
pub struct RunRequest {
    /// The definition, Amazon States Language JSON text.
    pub definition: String,
    /// The execution input (default `{}`).
    pub input: Value,
    /// The Lambda functions, by function name (the name in the function's ARN); they run in the
    /// request's region and account, whatever their own say. Each runs on its `runtime`
    /// (`python3.11` when absent; `python3.12`, `python3.13`, `python3.14` run with that
    /// version's syntax, `AWS_EXECUTION_ENV` and response rules).
    pub functions: BTreeMap<String, FunctionConfig>,
    /// A mock configuration in Step Functions Local's `MockConfigFile` format (JSON text).
    pub mock_config: Option<String>,
    /// The test case of `mock_config` to run (required with it).
    pub test_case: Option<String>,
    /// The execution name (default: a UUID drawn from the seed).
    pub name: Option<String>,
    /// The state machine name (default `StateMachine`); mock test cases are looked up under it.
    pub state_machine_name: String,
    /// The seed every random choice is drawn from (ids, retry jitter, `States.UUID`); default random.
    pub seed: Option<u64>,
    /// The start time in milliseconds since the Unix epoch (default now); the clock is virtual from there.
    pub start_millis: Option<i64>,
    /// The region (default `ca-central-1`, the reference lab's).
    pub region: String,
    /// The account id (default `123456789012`).
    pub account: String,
    /// An Express state machine (`type: "EXPRESS"`): checked as AWS checks Express definitions,
    /// its execution ARN in the express form.
    pub express: bool,
    /// Where stepping holds besides each event: states entered, retriers about to retry,
    /// catchers matching (the app's step debugger's breakpoints).
    pub breakpoints: steplab_asl::Breakpoints,
    /// The AWS resources the run starts with (`resources`): a list of service calls
    /// `[{service, operation, input}]` in AWS's shapes, or the `resources` a run gave back (see
    /// `steplab_runner::resources`). Without it the run starts with none (a Task on a table,
    /// queue, topic or bucket then fails as in AWS).
    pub resources: Option<Value>,
    /// The state machines `states:startExecution` may start (`stateMachines`), by name: their
    /// definitions (JSON text).
    pub state_machines: BTreeMap<String, String>,
}

impl RunRequest {
    /// A run of `definition` with input `{}`, no functions and the defaults above.
    pub fn new(definition: &str) -> Self {
        let partition = steplab_runner::Partition::default();
        Self {
            definition: definition.to_owned(),
            input: Value::Object(Map::new()),
            functions: BTreeMap::new(),
            mock_config: None,
            test_case: None,
            name: None,
            state_machine_name: "StateMachine".to_owned(),
            seed: None,
            start_millis: None,
            region: partition.region,
            account: partition.account,
            breakpoints: steplab_asl::Breakpoints::default(),
            express: false,
            resources: None,
            state_machines: BTreeMap::new(),
        }
    }

    /// The same request with input `input`.
    #[must_use]
    pub fn with_input(mut self, input: Value) -> Self {
        self.input = input;
        self
    }

    /// The same request with `function` added (replacing one of the same name).
    #[must_use]
    pub fn with_function(mut self, function: FunctionConfig) -> Self {
        self.functions.insert(function.function_name.clone(), function);
        self
    }
}

/// Why a request cannot run: a field is missing or wrong, or the definition is invalid.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestError {
    /// What is wrong, naming the field (`functions.Hello.code: expected a string`).
    pub message: String,
    /// The definition's problems, when that is what is wrong.
    pub diagnostics: Vec<Diagnostic>,
}

impl RequestError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), diagnostics: Vec::new() }
    }
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        for d in &self.diagnostics {
            write!(f, "\n  {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RequestError {}

const RUN_FIELDS: &[&str] = &[
    "definition",
    "input",
    "functions",
    "mockConfig",
    "testCase",
    "name",
    "stateMachineName",
    "seed",
    "startMillis",
    "region",
    "account",
    "breakpoints",
    "type",
    "resources",
    "stateMachines",
];

const BREAKPOINT_FIELDS: &[&str] = &["states", "retriers", "catchers"];

const FUNCTION_FIELDS: &[&str] = &[
    "code",
    "handler",
    "runtime",
    "fileName",
    "timeoutSeconds",
    "memorySize",
    "environment",
    "loggingConfig",
    "files",
];

/// Reads a request from its JSON form: `{definition, input?, functions?: {name: {code, handler?,
/// runtime?, fileName?, timeoutSeconds?, memorySize?, environment?, loggingConfig?: {LogFormat,
/// ApplicationLogLevel?, SystemLogLevel?}}}, mockConfig?, testCase?, name?, stateMachineName?,
/// seed?, startMillis?, region?, account?, resources?: [{service, operation, input}],
/// stateMachines?: {name: definition}}`. `definition`, `mockConfig` and the `stateMachines` may
/// be JSON text or the JSON itself.
pub fn from_json(value: &Value) -> Result<RunRequest, RequestError> {
    let fields = object(value, "the request")?;
    known(fields, RUN_FIELDS, "")?;
    let definition = match fields.get("definition") {
        Some(Value::String(text)) => text.clone(),
        Some(v @ Value::Object(_)) => pretty(v),
        Some(_) => return Err(wrong("definition", "a string (the ASL JSON text) or an object")),
        None => return Err(RequestError::new("definition: missing (the ASL JSON text or object)")),
    };
    let mut request = RunRequest::new(&definition);
    if let Some(input) = fields.get("input") {
        request.input = input.clone();
    }
    if let Some(functions) = fields.get("functions") {
        for (name, spec) in object(functions, "functions")? {
            let function = function(name, spec, &format!("functions.{name}"))?;
            request.functions.insert(name.clone(), function);
        }
    }
    request.mock_config = match fields.get("mockConfig") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(v @ Value::Object(_)) => Some(pretty(v)),
        Some(_) => return Err(wrong("mockConfig", "a MockConfigFile (JSON text or object)")),
    };
    request.test_case = optional_string(fields, "testCase", "")?;
    request.name = optional_string(fields, "name", "")?;
    if let Some(name) = optional_string(fields, "stateMachineName", "")? {
        request.state_machine_name = name;
    }
    if let Some(region) = optional_string(fields, "region", "")? {
        request.region = region;
    }
    if let Some(account) = optional_string(fields, "account", "")? {
        request.account = account;
    }
    for function in request.functions.values_mut() {
        function.region.clone_from(&request.region);
        function.account.clone_from(&request.account);
    }
    request.express = match optional_string(fields, "type", "")?.as_deref() {
        None | Some("STANDARD") => false,
        Some("EXPRESS") => true,
        Some(_) => return Err(wrong("type", "\"STANDARD\" or \"EXPRESS\"")),
    };
    if let Some(b) = fields.get("breakpoints") {
        let b = object(b, "breakpoints")?;
        known(b, BREAKPOINT_FIELDS, "breakpoints")?;
        let names = |field: &str| -> Result<std::collections::BTreeSet<String>, RequestError> {
            let at = format!("breakpoints.{field}");
            match b.get(field) {
                None | Some(Value::Null) => Ok(std::collections::BTreeSet::new()),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_owned)
                            .ok_or_else(|| wrong(&at, "state names (strings)"))
                    })
                    .collect(),
                Some(_) => Err(wrong(&at, "an array of state names")),
            }
        };
        request.breakpoints.states = names("states")?;
        request.breakpoints.retriers = names("retriers")?;
        request.breakpoints.catchers = names("catchers")?;
    }
    request.resources = match fields.get("resources") {
        None | Some(Value::Null) => None,
        Some(v @ (Value::Array(_) | Value::Object(_))) => Some(v.clone()),
        Some(_) => {
            return Err(wrong(
                "resources",
                "a list of service calls ({service, operation, input}) or a run's resources",
            ));
        }
    };
    if let Some(machines) = fields.get("stateMachines") {
        for (name, definition) in object(machines, "stateMachines")? {
            let text = match definition {
                Value::String(text) => text.clone(),
                v @ Value::Object(_) => pretty(v),
                _ => {
                    return Err(wrong(
                        &format!("stateMachines.{name}"),
                        "a definition (ASL JSON text or object)",
                    ));
                }
            };
            request.state_machines.insert(name.clone(), text);
        }
    }
    request.seed = match fields.get("seed") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .filter(|s| *s <= 9_007_199_254_740_991)
                .ok_or_else(|| wrong("seed", "an integer from 0 to 2^53 - 1"))?,
        ),
    };
    request.start_millis = match fields.get("startMillis") {
        None | Some(Value::Null) => None,
        Some(v) => Some(
            v.as_i64()
                .filter(|m| (0..=8_640_000_000_000_000).contains(m))
                .ok_or_else(|| wrong("startMillis", "milliseconds since 1970 (an integer)"))?,
        ),
    };
    Ok(request)
}

/// Function `name` from its JSON form, its code served as the handler module's file.
fn function(name: &str, spec: &Value, at: &str) -> Result<FunctionConfig, RequestError> {
    let fields = object(spec, at)?;
    known(fields, FUNCTION_FIELDS, at)?;
    let code = match fields.get("code") {
        Some(Value::String(code)) => code.clone(),
        Some(_) => return Err(wrong(&format!("{at}.code"), "a string (the function's source)")),
        None => {
            return Err(RequestError::new(format!("{at}.code: missing (the function's source)")));
        }
    };
    // the runtime first: it decides the default handler and file
    let runtime = match optional_string(fields, "runtime", at)? {
        None => None,
        Some(runtime) => {
            // an offered runtime, or a deprecated one (run on the nearest offered)
            let runtime = steplab_function::runtime::id(&runtime);
            if steplab_function::runtime::runs_on(&runtime).is_none() {
                return Err(wrong(
                    &format!("{at}.runtime"),
                    "a Lambda runtime: python3.14, python3.13, python3.12, python3.11, nodejs24.x, nodejs22.x or nodejs20.x",
                ));
            }
            Some(runtime)
        }
    };
    let node = runtime.as_deref().is_some_and(steplab_node::runtimes::is_node);
    let mut function = if node {
        steplab_node::function_config(name, &code)
    } else {
        FunctionConfig::new(name, &code)
    };
    if let Some(runtime) = runtime {
        function.runtime = runtime;
    }
    if let Some(h) = optional_string(fields, "handler", at)? {
        if !handler::is_valid(&h) {
            let example = if node { "index.handler" } else { "lambda_function.lambda_handler" };
            return Err(wrong(
                &format!("{at}.handler"),
                &format!("module.function, e.g. {example}"),
            ));
        }
        if node {
            let module = h.rsplit_once('.').map_or("index", |(m, _)| m);
            function.file_name = format!("{module}.mjs");
            function.handler = h;
        } else {
            function = function.with_handler(&h);
        }
    }
    if let Some(file_name) = optional_string(fields, "fileName", at)? {
        let module = function.handler.rsplit_once('.').map_or("", |(m, _)| m).to_owned();
        let extensions: &[&str] = if node { &[".mjs", ".js", ".cjs"] } else { &[".py"] };
        let fits =
            extensions.iter().any(|x| file_name == format!("{}{x}", module.replace('.', "/")))
                || (node && extensions.iter().any(|x| file_name == format!("{module}{x}")));
        if !fits {
            let (example, kinds) = if node {
                (format!("{module}.mjs"), "an ES module (.mjs), or CommonJS (.js, .cjs)")
            } else {
                (format!("{}.py", module.replace('.', "/")), "a Python file (.py)")
            };
            return Err(wrong(
                &format!("{at}.fileName"),
                &format!("the handler's module as {kinds}, e.g. {example}"),
            ));
        }
        function.file_name = file_name;
    }
    if let Some(v) = fields.get("timeoutSeconds") {
        function.timeout_seconds = v
            .as_u64()
            .filter(|t| (1..=900).contains(t))
            .and_then(|t| u32::try_from(t).ok())
            .ok_or_else(|| wrong(&format!("{at}.timeoutSeconds"), "an integer from 1 to 900"))?;
    }
    if let Some(v) = fields.get("memorySize") {
        function.memory_size_mb = v
            .as_u64()
            .filter(|m| (128..=10_240).contains(m))
            .and_then(|m| u32::try_from(m).ok())
            .ok_or_else(|| {
                wrong(&format!("{at}.memorySize"), "an integer from 128 to 10240 (MB)")
            })?;
    }
    if let Some(v) = fields.get("environment") {
        for (name, value) in object(v, &format!("{at}.environment"))? {
            let Value::String(value) = value else {
                return Err(wrong(&format!("{at}.environment.{name}"), "a string"));
            };
            function.environment.push((name.clone(), value.clone()));
        }
    }
    if let Some(v) = fields.get("files") {
        for (path, text) in object(v, &format!("{at}.files"))? {
            let Value::String(text) = text else {
                return Err(wrong(&format!("{at}.files.{path}"), "a string (the file's text)"));
            };
            function.files.insert(path.clone(), text.clone());
        }
        function
            .check_package()
            .map_err(|message| RequestError::new(format!("{at}.files: {message}")))?;
    }
    if let Some(v) = fields.get("loggingConfig") {
        let at = format!("{at}.loggingConfig");
        object(v, &at)?;
        function.logging = serde_json::from_value(v.clone()).map_err(|e| {
            wrong(
                &at,
                &format!("{{LogFormat: Text|JSON, ApplicationLogLevel?, SystemLogLevel?}} ({e})"),
            )
        })?;
        function
            .logging
            .check()
            .map_err(|message| RequestError::new(format!("{at}: {message}")))?;
    }
    Ok(function)
}

fn object<'v>(value: &'v Value, at: &str) -> Result<&'v Map<String, Value>, RequestError> {
    value.as_object().ok_or_else(|| wrong(at, "an object"))
}

fn known(fields: &Map<String, Value>, allowed: &[&str], at: &str) -> Result<(), RequestError> {
    match fields.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(unknown) => Err(RequestError::new(format!(
            "{}: unknown field (expected one of {})",
            join(at, unknown),
            allowed.join(", ")
        ))),
        None => Ok(()),
    }
}

fn optional_string(
    fields: &Map<String, Value>,
    key: &str,
    at: &str,
) -> Result<Option<String>, RequestError> {
    match fields.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(wrong(&join(at, key), "a string")),
    }
}

fn join(at: &str, key: &str) -> String {
    if at.is_empty() { key.to_owned() } else { format!("{at}.{key}") }
}

fn wrong(at: &str, expected: &str) -> RequestError {
    RequestError::new(format!("{at}: expected {expected}"))
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};
    use serde_json::json;

    fn check(request: serde_json::Value, expect: Expect) {
        let shown = match super::from_json(&request) {
            Ok(r) => format!("{r:?}"),
            Err(e) => format!("error: {e}"),
        };
        expect.assert_eq(&shown);
    }

    #[test]
    fn requests_read_from_json() {
        check(
            json!({"definition": {"StartAt": "A", "States": {}}, "input": [1],
                   "functions": {"F": {"code": "x = 1", "handler": "app.main", "timeoutSeconds": 10,
                                       "environment": {"B": "2", "A": "1"}}},
                   "seed": 7, "name": "run-1"}),
            expect![[
                r#"RunRequest { definition: "{\n  \"StartAt\": \"A\",\n  \"States\": {}\n}", input: Array [Number(1)], functions: {"F": FunctionConfig { function_name: "F", runtime: "python3.11", handler: "app.main", code: "x = 1", file_name: "app.py", timeout_seconds: 10, memory_size_mb: 128, environment: [("B", "2"), ("A", "1")], region: "ca-central-1", account: "123456789012", logging: LoggingConfig { log_format: Text, application_log_level: None, system_log_level: None }, files: {} }}, mock_config: None, test_case: None, name: Some("run-1"), state_machine_name: "StateMachine", seed: Some(7), start_millis: None, region: "ca-central-1", account: "123456789012", express: false, breakpoints: Breakpoints { states: {}, retriers: {}, catchers: {}, every_event: false }, resources: None, state_machines: {} }"#
            ]],
        );
    }

    #[test]
    fn a_function_runs_on_its_python_runtime() {
        let runtime = |r: &str| {
            let request =
                json!({"definition": "{}", "functions": {"F": {"code": "", "runtime": r}}});
            super::from_json(&request).map(|r| r.functions["F"].runtime.clone())
        };
        assert_eq!(runtime("python3.13").ok().as_deref(), Some("python3.13"));
        assert_eq!(runtime("Python 3.12").ok().as_deref(), Some("python3.12"));
        assert_eq!(runtime("python3.9").ok().as_deref(), Some("python3.9"));
        assert!(runtime("java21").is_err());
    }

    #[test]
    fn a_node_function_gets_the_consoles_defaults_or_its_own_file() {
        let function = |spec: serde_json::Value| {
            let request = json!({"definition": "{}", "functions": {"F": spec}});
            let f = super::from_json(&request).map(|r| r.functions["F"].clone()).unwrap();
            (f.runtime, f.handler, f.file_name)
        };
        let node = |runtime: &str| {
            (runtime.to_owned(), "index.handler".to_owned(), "index.mjs".to_owned())
        };
        assert_eq!(function(json!({"code": "", "runtime": "nodejs22.x"})), node("nodejs22.x"));
        assert_eq!(function(json!({"code": "", "runtime": "nodejs14.x"})), node("nodejs14.x"));
        assert_eq!(
            function(
                json!({"code": "", "runtime": "nodejs20.x", "handler": "app.main", "fileName": "app.js"})
            ),
            ("nodejs20.x".into(), "app.main".into(), "app.js".into())
        );
        assert_eq!(
            function(json!({"code": "", "handler": "pkg.app.main"})),
            ("python3.11".into(), "pkg.app.main".into(), "pkg/app.py".into())
        );
    }

    #[test]
    fn a_function_s_other_files_are_read_and_checked() {
        let files = |f: serde_json::Value| {
            let request = json!({"definition": "{}", "functions": {"F": {"code": "", "files": f}}});
            super::from_json(&request).map(|r| r.functions["F"].files.clone())
        };
        let read = files(json!({"util.py": "X = 1", "pkg/__init__.py": ""})).ok().unwrap();
        assert_eq!(read.keys().collect::<Vec<_>>(), ["pkg/__init__.py", "util.py"]);
        assert!(files(json!({"../x.py": ""})).is_err());
        assert!(files(json!({"a.py": 1})).is_err());
    }

    #[test]
    fn wrong_fields_are_named() {
        check(json!([]), expect!["error: the request: expected an object"]);
        check(json!({}), expect!["error: definition: missing (the ASL JSON text or object)"]);
        check(
            json!({"definition": "{}", "functoins": {}}),
            expect![
                "error: functoins: unknown field (expected one of definition, input, functions, mockConfig, testCase, name, stateMachineName, seed, startMillis, region, account, breakpoints, type, resources, stateMachines)"
            ],
        );
        check(
            json!({"definition": "{}", "functions": {"F": {"code": 1}}}),
            expect!["error: functions.F.code: expected a string (the function's source)"],
        );
        check(
            json!({"definition": "{}", "functions": {"F": {"code": "", "timeoutSeconds": 0}}}),
            expect!["error: functions.F.timeoutSeconds: expected an integer from 1 to 900"],
        );
        check(
            json!({"definition": "{}", "functions": {"F": {"code": "", "runtime": "java21"}}}),
            expect![
                "error: functions.F.runtime: expected a Lambda runtime: python3.14, python3.13, python3.12, python3.11, nodejs24.x, nodejs22.x or nodejs20.x"
            ],
        );
        check(
            json!({"definition": "{}", "functions": {"F": {"code": "", "runtime": "nodejs22.x", "fileName": "app.mjs"}}}),
            expect![
                "error: functions.F.fileName: expected the handler's module as an ES module (.mjs), or CommonJS (.js, .cjs), e.g. index.mjs"
            ],
        );
        check(
            json!({"definition": "{}", "functions": {"F": {"code": "", "handler": "main"}}}),
            expect![
                "error: functions.F.handler: expected module.function, e.g. lambda_function.lambda_handler"
            ],
        );
        check(
            json!({"definition": "{}", "functions": {"F": {"code": "", "environment": {"A": 1}}}}),
            expect!["error: functions.F.environment.A: expected a string"],
        );
        check(
            json!({"definition": "{}", "functions": {"F": {"code": "", "loggingConfig": {"LogFormat": "Text", "ApplicationLogLevel": "DEBUG"}}}}),
            expect![[
                r#"error: functions.F.loggingConfig: LogLevel is not supported when LogFormat is set to "Text". Remove LogLevel from your request or change the LogFormat to "Json" and try again."#
            ]],
        );
        check(
            json!({"definition": "{}", "seed": -1}),
            expect!["error: seed: expected an integer from 0 to 2^53 - 1"],
        );
        check(
            json!({"definition": "{}", "resources": "tables"}),
            expect![
                "error: resources: expected a list of service calls ({service, operation, input}) or a run's resources"
            ],
        );
        check(
            json!({"definition": "{}", "stateMachines": {"Child": 1}}),
            expect!["error: stateMachines.Child: expected a definition (ASL JSON text or object)"],
        );
    }
}
