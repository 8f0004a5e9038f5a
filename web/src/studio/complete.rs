//! Completion and hover help in the definition's JSON: state names after `Next`, `Default` and
//! `StartAt`; the fields of the state being edited (by its `Type`, marked when they belong to one
//! query language); `States.*` intrinsics in JSONPath strings; JSONata's functions and
//! `$states.*` inside `{% %}`. Read from the text before the cursor (and the state's object
//! around it), so that it works while the definition does not parse.

use crate::components::editor::Completion;

/// Top-level fields of a state machine.
const MACHINE_FIELDS: &[&str] =
    &["StartAt", "States", "Comment", "TimeoutSeconds", "Version", "QueryLanguage"];

/// Fields of a catcher (`Catch`) and of a retrier (`Retry`).
const CATCHER_FIELDS: &[&str] =
    &["ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment"];
const RETRIER_FIELDS: &[&str] = &[
    "ErrorEquals",
    "IntervalSeconds",
    "MaxAttempts",
    "BackoffRate",
    "MaxDelaySeconds",
    "JitterStrategy",
    "Comment",
];

/// What `$states` offers in JSONata.
const STATES_VARIABLES: &[(&str, &str)] = &[
    ("$states.input", "the state's input"),
    ("$states.result", "the Task, Parallel or Map result (Output, Assign)"),
    ("$states.errorOutput", "the error a Catch caught (Output, Assign)"),
    ("$states.context", "the context object (Execution, State, StateMachine, Task, Map)"),
    ("$states.context.Execution.Id", "the execution's ARN"),
    ("$states.context.Execution.Input", "the execution's input"),
    ("$states.context.Execution.Name", "the execution's name"),
    ("$states.context.Execution.StartTime", "when the execution started"),
    ("$states.context.State.Name", "the state's name"),
    ("$states.context.State.EnteredTime", "when the state was entered"),
    ("$states.context.StateMachine.Id", "the state machine's ARN"),
    ("$states.context.Task.Token", "the task token (.waitForTaskToken)"),
    ("$states.context.Map.Item.Index", "the Map iteration's index"),
    ("$states.context.Map.Item.Value", "the Map iteration's item"),
];

/// One line of help for a field of the language.
pub fn field_help(field: &str) -> Option<&'static str> {
    Some(match field {
        "StartAt" => "The name of the state the execution (or branch) starts with.",
        "States" => "The states, by name.",
        "Comment" => "A description for people.",
        "TimeoutSeconds" => "The longest the execution (or Task) may run before States.Timeout.",
        "Version" => "The Amazon States Language version (\"1.0\").",
        "QueryLanguage" => "JSONata or JSONPath (the default), for the machine or one state.",
        "Type" => "Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map.",
        "Next" => "The state to go to next.",
        "End" => "true: the state ends the execution (or branch).",
        "Resource" => {
            "The ARN of what the Task calls: a Lambda function, an integration, an activity."
        }
        "Arguments" => "JSONata: the input given to the Task's resource or the branches.",
        "Output" => "JSONata: the state's output (default: its result, or its input).",
        "Assign" => "Variables to set, by name, from the input and the result.",
        "Parameters" => {
            "JSONPath: the input given to the resource, with `.$` paths and intrinsics."
        }
        "InputPath" => "JSONPath: the part of the input the state sees.",
        "OutputPath" => "JSONPath: the part of the result that goes on.",
        "ResultPath" => "JSONPath: where the result goes in the input.",
        "ResultSelector" => "JSONPath: a new result built from the result.",
        "Result" => "Pass: the value that is the state's result.",
        "Retry" => {
            "Retriers: ErrorEquals, IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds, JitterStrategy."
        }
        "Catch" => "Catchers: ErrorEquals, Next, ResultPath (JSONPath) or Output (JSONata).",
        "TimeoutSecondsPath" | "HeartbeatSecondsPath" => {
            "JSONPath: a path to the number of seconds."
        }
        "HeartbeatSeconds" => {
            "The longest between two heartbeats of a task before States.HeartbeatTimeout."
        }
        "Credentials" => "The IAM role the Task assumes.",
        "Choices" => {
            "The rules, in order: Condition (JSONata) or Variable and a comparison (JSONPath), and Next."
        }
        "Default" => "The state to go to when no rule matches.",
        "Seconds" => "How long to wait.",
        "Timestamp" => "Wait until this time (ISO 8601).",
        "SecondsPath" | "TimestampPath" => "JSONPath: a path to the seconds or the time.",
        "Error" => "The error name the Fail state ends with.",
        "Cause" => "The cause the Fail state ends with.",
        "ErrorPath" | "CausePath" => "JSONPath: a path to the error or the cause.",
        "Branches" => "Parallel: the branches, each with StartAt and States.",
        "ItemProcessor" => "Map: the states run for each item (ProcessorConfig, StartAt, States).",
        "Iterator" => "Map (older form of ItemProcessor): the states run for each item.",
        "Items" => "JSONata: the array the Map iterates over.",
        "ItemsPath" => "JSONPath: the array the Map iterates over.",
        "ItemSelector" => "What each iteration gets as input.",
        "ItemReader" => "Distributed Map: where the items are read from (S3).",
        "ItemBatcher" => "Distributed Map: how items are batched.",
        "ResultWriter" => "Distributed Map: where the results are written (S3).",
        "MaxConcurrency" => "How many iterations run at once (0: as many as possible).",
        "MaxConcurrencyPath" => "JSONPath: a path to MaxConcurrency.",
        "ToleratedFailureCount" | "ToleratedFailurePercentage" => {
            "Distributed Map: how many failed items the Map tolerates."
        }
        "ToleratedFailureCountPath" | "ToleratedFailurePercentagePath" => {
            "JSONPath: a path to the tolerated failures."
        }
        "Label" => "Distributed Map: a label for its child executions.",
        "ErrorEquals" => "The error names the retrier or catcher matches (States.ALL: any).",
        "IntervalSeconds" => "Seconds before the first retry (default 1).",
        "MaxAttempts" => "How many retries at most (default 3; 0: never).",
        "BackoffRate" => "What each interval is multiplied by (default 2.0).",
        "MaxDelaySeconds" => "The longest interval between retries.",
        "JitterStrategy" => "FULL: random intervals up to the computed one; NONE (default).",
        _ => return None,
    })
}

/// The names of the states of the definition `text` (in every `States`, branches and item
/// processors too), when it is JSON.
pub fn state_names(text: &str) -> Vec<String> {
    fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, v) in map {
                    if key == "States"
                        && let Some(states) = v.as_object()
                    {
                        out.extend(states.keys().cloned());
                    }
                    walk(v, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut names = Vec::new();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        walk(&value, &mut names);
    }
    names.sort();
    names.dedup();
    names
}

/// Help for what is at byte offset `at` of `text`: a field name, a JSONata function or an
/// intrinsic.
pub fn hover(text: &str, at: usize) -> Option<String> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let part = |c: char| c.is_alphanumeric() || "$._".contains(c);
    let start =
        text[..at].char_indices().rev().take_while(|(_, c)| part(*c)).last().map_or(at, |(i, _)| i);
    let end =
        at + text[at..].char_indices().find(|(_, c)| !part(*c)).map_or(text.len() - at, |(i, _)| i);
    let word = &text[start..end];
    if let Some(name) = word.strip_prefix('$') {
        let (name, sig) = steplab_jsonata::builtins(true).into_iter().find(|(n, _)| *n == name)?;
        return Some(format!("${name} {sig}"));
    }
    if steplab_asl::intrinsics::NAMES.contains(&word) {
        return Some(format!("{word}: an intrinsic function (JSONPath)"));
    }
    // a key: "Word":
    let quoted = text[..start].ends_with('"') && text[end..].starts_with('"');
    let colon = text[end..].get(1..).is_some_and(|rest| rest.trim_start().starts_with(':'));
    if quoted && colon {
        return field_help(word).map(|help| format!("{word}: {help}"));
    }
    None
}

/// Where [`complete`] may have something, as a JavaScript regular expression on the line before
/// the cursor: inside `{% %}`, a transition's target, an intrinsic, a key being typed.
pub const WHERE: &str =
    r#"\{%(?!.*%\})|"(Next|Default|StartAt)"\s*:\s*"[^"]*$|States\.[\w.]*$|(^|[{,])\s*"[A-Za-z]*$"#;

/// The completions at byte offset `at` of the definition `text`, given the state names known.
pub fn complete(text: &str, at: usize, names: &[String]) -> Vec<Completion> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    // inside {% %}: JSONata
    if let Some(open) = line.rfind("{%")
        && !line[open..].contains("%}")
    {
        return jsonata(word(line, |c| c.is_alphanumeric() || "$._".contains(c)));
    }
    // a transition's target
    if let Some(field) = string_value_of(line)
        && matches!(field, "Next" | "Default" | "StartAt")
    {
        return names.iter().map(|n| (n.clone(), "variable", "state".to_owned())).collect();
    }
    // an intrinsic in a JSONPath string
    let partial = word(line, |c| c.is_alphanumeric() || c == '.');
    if partial.starts_with("States.") && in_string(line) {
        return steplab_asl::intrinsics::NAMES
            .iter()
            .map(|n| ((*n).to_owned(), "function", "intrinsic".to_owned()))
            .collect();
    }
    // a field name
    if key_position(line) {
        let fields = |list: &[&str]| list.iter().map(|f| field(f, "")).collect();
        return match enclosing(text, at) {
            Object::State(Some(t)) => state_fields(t),
            Object::State(None) => fields(steplab_asl::fields::COMMON),
            Object::Machine => fields(MACHINE_FIELDS),
            Object::Catcher => fields(CATCHER_FIELDS),
            Object::Retrier => fields(RETRIER_FIELDS),
            Object::Other => Vec::new(),
        };
    }
    Vec::new()
}

fn field(name: &str, detail: &str) -> Completion {
    (name.to_owned(), "property", detail.to_owned())
}

/// The fields of a state of type `t`.
fn state_fields(t: steplab_asl::StateType) -> Vec<Completion> {
    use steplab_asl::fields::{COMMON, FLOW, JSONATA_ONLY, JSONPATH_ONLY, specific};
    let flow = !matches!(
        t,
        steplab_asl::StateType::Choice
            | steplab_asl::StateType::Succeed
            | steplab_asl::StateType::Fail
    );
    COMMON
        .iter()
        .chain(if flow { FLOW } else { &[] })
        .chain(specific(t))
        .map(|f| {
            let detail = if JSONPATH_ONLY.contains(f) {
                "JSONPath"
            } else if JSONATA_ONLY.contains(f) {
                "JSONata"
            } else {
                ""
            };
            field(f, detail)
        })
        .collect()
}

fn jsonata(word: &str) -> Vec<Completion> {
    if word.starts_with("$states") {
        return STATES_VARIABLES
            .iter()
            .map(|(name, doc)| ((*name).to_owned(), "variable", (*doc).to_owned()))
            .collect();
    }
    let mut out: Vec<Completion> =
        vec![("$states".to_owned(), "variable", "input, result, errorOutput, context".to_owned())];
    out.extend(
        steplab_jsonata::builtins(true)
            .into_iter()
            .map(|(name, sig)| (format!("${name}"), "function", sig.to_owned())),
    );
    out
}

/// The word that ends `line`, its characters those `part` accepts.
fn word(line: &str, part: impl Fn(char) -> bool) -> &str {
    let start = line
        .char_indices()
        .rev()
        .take_while(|(_, c)| part(*c))
        .last()
        .map_or(line.len(), |(i, _)| i);
    &line[start..]
}

/// Whether the end of `line` is inside a JSON string.
fn in_string(line: &str) -> bool {
    let mut inside = false;
    let mut escaped = false;
    for c in line.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if inside => escaped = true,
            '"' => inside = !inside,
            _ => {}
        }
    }
    inside
}

/// `"Field": "partial` at the end of `line`: the field.
fn string_value_of(line: &str) -> Option<&str> {
    if !in_string(line) {
        return None;
    }
    let open = line.rfind('"')?;
    let head = line[..open].trim_end().strip_suffix(':')?.trim_end().strip_suffix('"')?;
    let start = head.rfind('"')?;
    Some(&head[start + 1..])
}

/// `{ "Partial` or `, "Partial` (or a line starting with `"Partial`): a key being typed.
fn key_position(line: &str) -> bool {
    if !in_string(line) {
        return false;
    }
    let Some(open) = line.rfind('"') else { return false };
    let head = line[..open].trim_end();
    head.is_empty() || head.ends_with('{') || head.ends_with(',')
}

/// The object a key is being typed in.
enum Object {
    /// The state machine (or a branch: `StartAt`, `States`, …).
    Machine,
    /// A state, with its `Type` when it has one.
    State(Option<steplab_asl::StateType>),
    Catcher,
    Retrier,
    Other,
}

/// The object the cursor at `at` is in.
fn enclosing(text: &str, at: usize) -> Object {
    // the containers open at `at`, with the key each sits under
    let bytes = text.as_bytes();
    let mut stack: Vec<(u8, Option<String>, usize)> = Vec::new();
    let mut key: Option<String> = None;
    let mut i = 0;
    while i < at {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i);
                if end > at {
                    // the cursor is in this string
                    break;
                }
                // a key when a colon follows
                let mut j = end;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b':' {
                    key = Some(string_text(text, i, end).to_owned());
                }
                i = end;
                continue;
            }
            c @ (b'{' | b'[') => stack.push((c, key.take(), i)),
            b'}' | b']' => {
                stack.pop();
                key = None;
            }
            b',' => key = None,
            _ => {}
        }
        i += 1;
    }
    let n = stack.len();
    if n == 0 || stack[n - 1].0 != b'{' {
        return Object::Other;
    }
    if n == 1 {
        return Object::Machine;
    }
    // a state: an object under a name, in an object under "States"
    if stack[n - 2].1.as_deref() == Some("States") {
        return Object::State(type_in_object(text, stack[n - 1].2));
    }
    // a branch of a Parallel, an item processor
    if stack[n - 2].1.as_deref() == Some("Branches")
        || matches!(stack[n - 1].1.as_deref(), Some("ItemProcessor" | "Iterator"))
    {
        return Object::Machine;
    }
    match stack[n - 2].1.as_deref() {
        Some("Catch") => Object::Catcher,
        Some("Retry") => Object::Retrier,
        _ => Object::Other,
    }
}

/// The index after the string that starts at `start` (a `"`); a string being typed ends at its
/// line's end (JSON strings hold no line break).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The text of the string `start..end` (as [`string_end`] gives it), without its quotes.
fn string_text(text: &str, start: usize, end: usize) -> &str {
    let closed = end > start + 1 && text.as_bytes().get(end - 1) == Some(&b'"');
    text.get(start + 1..if closed { end - 1 } else { end }).unwrap_or("")
}

/// The `"Type"` of the object that opens at `open`, read at its own level.
fn type_in_object(text: &str, open: usize) -> Option<steplab_asl::StateType> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    let mut last_key: Option<&str> = None;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = string_end(bytes, i);
                let s = string_text(text, i, end);
                let mut j = end;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                if depth == 1 && j < bytes.len() && bytes[j] == b':' {
                    last_key = Some(s);
                } else if depth == 1 && last_key == Some("Type") {
                    return steplab_asl::StateType::from_name(s);
                }
                i = end;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::complete;

    fn labels(text: &str) -> Vec<String> {
        let at = text.find('|').expect("a cursor");
        let text = text.replace('|', "");
        let names = vec!["First".to_owned(), "Second".to_owned()];
        complete(&text, at, &names).into_iter().map(|c| c.0).collect()
    }

    #[test]
    fn state_names_follow_next_default_and_start_at() {
        assert_eq!(labels("{\"StartAt\": \"F|\""), ["First", "Second"]);
        assert_eq!(
            labels("{\"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"|\"}}}"),
            ["First", "Second"]
        );
        assert!(
            labels("{\"States\": {\"A\": {\"Type\": \"Pass\", \"Comment\": \"|\"}}}").is_empty()
        );
    }

    #[test]
    fn fields_are_the_state_types() {
        let wait = labels("{\"States\": {\"W\": {\"Type\": \"Wait\",\n  \"S|\n}}}");
        assert!(wait.contains(&"Seconds".to_owned()), "{wait:?}");
        assert!(!wait.contains(&"Resource".to_owned()), "{wait:?}");
        // the Type may come after the cursor
        let task = labels("{\"States\": {\"T\": {\n \"|\n \"Type\": \"Task\", \"End\": true}}}");
        assert!(task.contains(&"Resource".to_owned()), "{task:?}");
        assert!(task.contains(&"Retry".to_owned()), "{task:?}");
        let fail = labels("{\"States\": {\"F\": {\"Type\": \"Fail\", \"|");
        assert!(!fail.contains(&"Next".to_owned()), "{fail:?}");
        // a nested object is not the state: a catcher's fields, or none
        let catcher = labels("{\"States\": {\"T\": {\"Type\": \"Task\", \"Catch\": [{\"|");
        assert!(catcher.contains(&"ErrorEquals".to_owned()), "{catcher:?}");
        assert!(!catcher.contains(&"Resource".to_owned()), "{catcher:?}");
        assert!(labels("{\"States\": {\"T\": {\"Type\": \"Task\", \"Arguments\": {\"|").is_empty());
        // the machine's own
        assert!(labels("{\n  \"|").contains(&"StartAt".to_owned()));
        // a Parallel's branch states too
        let inner = labels(
            "{\"States\": {\"P\": {\"Type\": \"Parallel\", \"Branches\": [{\"StartAt\": \"X\", \"States\": {\"X\": {\"Type\": \"Choice\", \"|",
        );
        assert!(inner.contains(&"Choices".to_owned()), "{inner:?}");
    }

    #[test]
    fn jsonata_and_intrinsics() {
        let f = labels("{\"Output\": \"{% $su| %}\"}");
        assert!(f.contains(&"$sum".to_owned()) && f.contains(&"$partition".to_owned()), "{f:?}");
        assert!(!f.contains(&"$eval".to_owned()));
        let s = labels("{\"Output\": \"{% $states.| %}\"}");
        assert!(s.contains(&"$states.input".to_owned()), "{s:?}");
        let i = labels("{\"Parameters\": {\"a.$\": \"States.F|\"}}");
        assert!(i.contains(&"States.Format".to_owned()), "{i:?}");
    }

    #[test]
    fn hover_tells_fields_functions_and_intrinsics() {
        let text = "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Output\": \"{% $sum([1]) %}\", \"Parameters\": {\"x.$\": \"States.UUID()\"}}}}";
        let at = |s: &str| text.find(s).expect("in the text") + 2;
        assert!(super::hover(text, at("StartAt")).is_some_and(|h| h.starts_with("StartAt: ")));
        assert_eq!(super::hover(text, at("$sum")).as_deref(), Some("$sum <a<n>:n>"));
        assert!(super::hover(text, at("States.UUID")).is_some_and(|h| h.contains("intrinsic")));
        assert_eq!(super::hover(text, at("\"A\",")), None, "a state name is not a field");
    }

    #[test]
    fn state_names_come_from_every_states() {
        let text = r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": true}}}]}}}"#;
        assert_eq!(super::state_names(text), ["B", "P"]);
        assert!(super::state_names("{oops").is_empty());
    }

    #[test]
    fn every_field_has_help() {
        use steplab_asl::fields::{COMMON, FLOW, JSONATA_ONLY, JSONPATH_ONLY};
        for t in ["Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"] {
            let t = steplab_asl::StateType::from_name(t).expect("a type");
            for f in steplab_asl::fields::specific(t).iter().chain(COMMON).chain(FLOW) {
                assert!(super::field_help(f).is_some(), "{f}");
            }
        }
        for f in JSONATA_ONLY
            .iter()
            .chain(JSONPATH_ONLY)
            .chain(super::MACHINE_FIELDS)
            .chain(super::CATCHER_FIELDS)
            .chain(super::RETRIER_FIELDS)
        {
            assert!(super::field_help(f).is_some(), "{f}");
        }
    }
}
