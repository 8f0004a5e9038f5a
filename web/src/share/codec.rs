//! Permalinks: a state machine with the functions it calls and an input, carried in the URL
//! fragment as `#/share/<payload>`, where the payload is `base64url(deflate(json))` (raw DEFLATE,
//! RFC 1951; base64url without padding, RFC 4648 §5). No `web_sys` here: this is tested natively.
//!
//! Limits (StepLab's): a payload of at most [`MAX_PAYLOAD_CHARS`] characters, inflating to at most
//! [`MAX_JSON_BYTES`] bytes of JSON (a "zip bomb" stops at the limit rather than filling memory).

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

use crate::store::{Function, StateMachine};

/// The fragment's route before the payload.
pub const PREFIX: &str = "#/share/";

/// The longest payload a link may carry, in characters (browsers take far longer URLs; mail and
/// chat programs often cut them, so a link this long is better exported as a workspace file).
pub const MAX_PAYLOAD_CHARS: usize = 100_000;

/// The most JSON a payload may inflate to: 1 MiB, the largest state machine definition AWS accepts.
pub const MAX_JSON_BYTES: usize = 1024 * 1024;

/// The version of the JSON below; a link of another version is refused with a message.
pub const FORMAT_VERSION: u32 = 1;

/// What a permalink carries (the state machine's Config mode settings include its mocks, a
/// `MockConfigFile`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shared {
    /// [`FORMAT_VERSION`].
    pub steplab_share: u32,
    pub state_machine: StateMachine,
    /// The functions the definition calls that exist in the workspace (deployed code, handler,
    /// runtime, timeout, memory, environment, test events).
    pub functions: Vec<Function>,
    /// The input of the last execution (JSON text), if any.
    #[serde(default)]
    pub input: Option<String>,
    /// The AWS resources the definition and the functions' code name (tables with their items,
    /// queues, topics with their subscriptions, buckets with their objects, rules), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resources: Option<steplab_services::Services>,
}

/// Why a link cannot be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    Empty,
    TooLong {
        chars: usize,
    },
    /// A character that is not in the base64url alphabet, at this 0-based position of the payload.
    NotBase64 {
        position: usize,
        found: char,
    },
    NotDeflate(String),
    TooLarge,
    NotUtf8 {
        position: usize,
    },
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    /// The JSON is not a shared state machine (serde's message, which names the field).
    NotShared(String),
    Version(u32),
    /// A value Step Functions or Lambda would refuse (the field and why).
    Invalid(String),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "The link carries nothing after {PREFIX}."),
            Self::TooLong { chars } => write!(
                f,
                "The link is too long: {chars} characters after {PREFIX}, more than the {MAX_PAYLOAD_CHARS} StepLab accepts."
            ),
            Self::NotBase64 { position, found } => write!(
                f,
                "The link is damaged: {found:?} at character {} after {PREFIX} is not base64url (A–Z, a–z, 0–9, - and _).",
                position + 1
            ),
            Self::NotDeflate(e) => write!(
                f,
                "The link is damaged: its data does not decompress ({e}). Was it cut short when copied?"
            ),
            Self::TooLarge => write!(
                f,
                "The link's data decompresses to more than {MAX_JSON_BYTES} bytes, the most StepLab accepts."
            ),
            Self::NotUtf8 { position } => {
                write!(f, "The link's data is not UTF-8 text (byte {position}).")
            }
            Self::NotJson { line, column, message } => write!(
                f,
                "The link's data is not valid JSON: {message} at line {line}, column {column}."
            ),
            Self::NotShared(e) => write!(f, "The link is not a StepLab state machine link: {e}."),
            Self::Version(v) => write!(
                f,
                "The link was made by a newer StepLab (format {v}; this one reads format {FORMAT_VERSION})."
            ),
            Self::Invalid(e) => write!(f, "The link's content is not valid: {e}."),
        }
    }
}

/// The payload of `shared` (what follows [`PREFIX`]), or [`ShareError::TooLong`].
pub fn encode(shared: &Shared) -> Result<String, ShareError> {
    let json = serde_json::to_vec(shared).map_err(|e| ShareError::NotShared(e.to_string()))?;
    if json.len() > MAX_JSON_BYTES {
        return Err(ShareError::TooLarge);
    }
    let payload = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&json, 9));
    if payload.len() > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLong { chars: payload.len() });
    }
    Ok(payload)
}

/// The shared state machine of a payload (what follows [`PREFIX`]), checked.
pub fn decode(payload: &str) -> Result<Shared, ShareError> {
    let chars = payload.chars().count();
    if chars == 0 {
        return Err(ShareError::Empty);
    }
    if chars > MAX_PAYLOAD_CHARS {
        return Err(ShareError::TooLong { chars });
    }
    if let Some((position, found)) = payload
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(ShareError::NotBase64 { position, found });
    }
    let deflated = URL_SAFE_NO_PAD
        .decode(payload)
        // the alphabet is checked above: what is left is a length no encoder makes
        .map_err(|_| ShareError::NotDeflate("its length is not one base64url gives".into()))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_JSON_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::NotDeflate(e.to_string()),
        })?;
    let text = std::str::from_utf8(&json)
        .map_err(|e| ShareError::NotUtf8 { position: e.valid_up_to() })?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| ShareError::NotJson {
        line: e.line(),
        column: e.column(),
        message: e.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
    })?;
    match value.get("steplab_share").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(FORMAT_VERSION) => {}
        Some(v) => return Err(ShareError::Version(u32::try_from(v).unwrap_or(u32::MAX))),
        None => return Err(ShareError::NotShared("it has no steplab_share version".into())),
    }
    let shared: Shared =
        serde_json::from_value(value).map_err(|e| ShareError::NotShared(e.to_string()))?;
    check(&shared).map_err(ShareError::Invalid)?;
    Ok(shared)
}

/// What Step Functions and Lambda would refuse in a shared state machine.
fn check(shared: &Shared) -> Result<(), String> {
    let machine = &shared.state_machine;
    steplab_runner::names::check_state_machine_name(&machine.name)
        .map_err(|e| format!("state_machine.name {:?}: {e}", machine.name))?;
    if !matches!(machine.kind.as_str(), "STANDARD" | "EXPRESS") {
        return Err(format!(
            "state_machine.kind {:?} is neither STANDARD nor EXPRESS",
            machine.kind
        ));
    }
    serde_json::from_str::<serde_json::Value>(&machine.definition).map_err(|e| {
        format!("state_machine.definition is not JSON (line {}, column {})", e.line(), e.column())
    })?;
    for (i, f) in shared.functions.iter().enumerate() {
        steplab_runner::names::check_function_name(&f.config.function_name)
            .map_err(|e| format!("functions[{i}].name {:?}: {e}", f.config.function_name))?;
        if shared.functions[..i].iter().any(|g| g.config.function_name == f.config.function_name) {
            return Err(format!("functions[{i}].name {:?} is given twice", f.config.function_name));
        }
        if !(1..=900).contains(&f.config.timeout_seconds) {
            return Err(format!(
                "functions[{i}].timeout_seconds {} is not from 1 to 900",
                f.config.timeout_seconds
            ));
        }
        if !(128..=10_240).contains(&f.config.memory_size_mb) {
            return Err(format!(
                "functions[{i}].memory_size_mb {} is not from 128 to 10240",
                f.config.memory_size_mb
            ));
        }
    }
    if let Some(input) = &shared.input
        && let Err(e) = serde_json::from_str::<serde_json::Value>(input)
    {
        return Err(format!("input is not JSON (line {}, column {})", e.line(), e.column()));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn lab() -> Shared {
        let mut function = Function::new("HelloStepFunction", "Python 3.11", 1_764_000_000_000);
        function.config.code =
            include_str!("../../../tests/data/lab/hello_step_function.py").into();
        function.config.environment = vec![("GREETING".into(), "héllo ✓".into())];
        function.test_events = vec![("ev".into(), "{\"a\": 1}".into())];
        function.config.timeout_seconds = 30;
        Shared {
            steplab_share: FORMAT_VERSION,
            state_machine: StateMachine {
                name: "SimpleLab".into(),
                kind: "STANDARD".into(),
                definition: include_str!("../../../tests/data/lab/simple_lab.asl.json").into(),
                role_name: "StepFunctions-SimpleLab-role-0a1b2c3d".into(),
                creation_millis: 1_764_000_000_123,
                versions: Default::default(),
                config: crate::studio::config::MachineConfig {
                    tracing: true,
                    tags: vec![("team".into(), "docs".into())],
                    mocks: r#"{"StateMachines": {"SimpleLab": {"TestCases": {"Happy": {"Lambda Invoke": "Ok"}}}}, "MockedResponses": {"Ok": {"0": {"Return": {"Payload": {"statusCode": 200}}}}}}"#.into(),
                    ..crate::studio::config::MachineConfig::default()
                },
            },
            functions: vec![function],
            input: Some("{\n  \"who\": \"\\u00e9t\u{e9} 🌍\"\n}".into()),
            resources: None,
        }
    }

    #[test]
    fn a_function_s_other_files_travel_in_the_link() {
        let mut shared = lab();
        shared.functions[0].config.files.insert("util/helpers.py".into(), "X = 1\n".into());
        let payload = encode(&shared).unwrap();
        assert_eq!(
            decode(&payload).unwrap().functions[0].config.files["util/helpers.py"],
            "X = 1\n"
        );
    }

    #[test]
    fn round_trip_is_exact() {
        let shared = lab();
        let payload = encode(&shared).unwrap();
        assert!(payload.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode(&payload).unwrap(), shared);
        // the lab fits a short link
        assert!(payload.len() < 2_000, "{}", payload.len());
    }

    #[test]
    fn malformed_links_say_what_is_wrong() {
        let payload = encode(&lab()).unwrap();
        assert_eq!(decode(""), Err(ShareError::Empty));
        assert_eq!(
            decode(&format!("{}%20{}", &payload[..10], &payload[10..])),
            Err(ShareError::NotBase64 { position: 10, found: '%' })
        );
        // cut short when copied
        assert!(matches!(decode(&payload[..payload.len() / 2]), Err(ShareError::NotDeflate(_))));
        // one character off: a length base64 never gives
        assert!(matches!(decode(&payload[..payload.len() - 1]), Err(ShareError::NotDeflate(_))));
        let raw =
            |json: &[u8]| URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json, 6));
        assert_eq!(
            decode(&raw(b"{\"steplab_share\": 1,\n  oops}")),
            Err(ShareError::NotJson { line: 2, column: 3, message: "key must be a string".into() })
        );
        assert_eq!(decode(&raw(b"\xff\xfe")), Err(ShareError::NotUtf8 { position: 0 }));
        assert_eq!(decode(&raw(b"{\"steplab_share\": 2}")), Err(ShareError::Version(2)));
        assert!(matches!(decode(&raw(b"[1, 2]")), Err(ShareError::NotShared(_))));
        let Err(ShareError::NotShared(e)) =
            decode(&raw(b"{\"steplab_share\": 1, \"functions\": []}"))
        else {
            panic!("not refused")
        };
        assert!(e.contains("state_machine"), "{e}");

        let mut bad = lab();
        bad.functions[0].config.function_name = "Hello World".into();
        let Err(ShareError::Invalid(e)) = decode(&encode(&bad).unwrap()) else {
            panic!("bad function name accepted")
        };
        assert!(e.starts_with("functions[0].name \"Hello World\""), "{e}");
        let mut bad = lab();
        bad.state_machine.definition = "{\"StartAt\": ".into();
        assert_eq!(
            decode(&encode(&bad).unwrap()),
            Err(ShareError::Invalid(
                "state_machine.definition is not JSON (line 1, column 12)".into()
            ))
        );
        let mut bad = lab();
        bad.input = Some("{".into());
        assert!(matches!(decode(&encode(&bad).unwrap()), Err(ShareError::Invalid(_))));
        // every message is a sentence a person can act on
        assert_eq!(
            ShareError::NotBase64 { position: 10, found: '%' }.to_string(),
            "The link is damaged: '%' at character 11 after #/share/ is not base64url (A–Z, a–z, 0–9, - and _)."
        );
    }

    #[test]
    fn oversized_links_are_refused() {
        // too many characters, checked before anything is decoded
        let long = "A".repeat(MAX_PAYLOAD_CHARS + 1);
        assert_eq!(decode(&long), Err(ShareError::TooLong { chars: MAX_PAYLOAD_CHARS + 1 }));
        // a short link that inflates past the limit (a "zip bomb") stops at the limit
        let bomb = vec![b' '; MAX_JSON_BYTES + 1];
        let payload = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bomb, 9));
        assert!(payload.len() < MAX_PAYLOAD_CHARS);
        assert_eq!(decode(&payload), Err(ShareError::TooLarge));
        // a workspace too big to share is refused when the link is made
        let mut big = lab();
        big.functions[0].config.code =
            (0..70_000u32).map(|i| format!("{:08x}", i.wrapping_mul(2_654_435_761))).collect();
        assert!(matches!(encode(&big), Err(ShareError::TooLong { .. })));
        big.functions[0].config.code = " ".repeat(MAX_JSON_BYTES);
        assert_eq!(encode(&big), Err(ShareError::TooLarge));
    }
}
