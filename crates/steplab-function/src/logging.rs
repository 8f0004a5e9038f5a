//! [`LoggingConfig`]: the console's "Logging configuration" (Configuration › Monitoring and
//! operations tools): Log format Text or JSON and, with JSON, the application and system log
//! levels — the Lambda API's `LoggingConfig {LogFormat, ApplicationLogLevel, SystemLogLevel}`.
//!
//! The API's `LogGroup` (a custom log group) is not modelled: StepLab's functions always log to
//! `/aws/lambda/<name>`.

use serde::{Deserialize, Serialize};

/// `LogFormat`: `Text` (the default) or `JSON`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LogFormat {
    /// Plain text lines (the runtimes' classic formats, `START`/`END`/`REPORT`).
    #[default]
    Text,
    /// Structured JSON lines for the application's logs and the platform's events.
    #[serde(rename = "JSON", alias = "Json", alias = "json")]
    Json,
}

impl LogFormat {
    /// The API's spelling: `Text` or `JSON`.
    pub fn as_str(self) -> &'static str {
        match self {
            LogFormat::Text => "Text",
            LogFormat::Json => "JSON",
        }
    }

    /// Reads `Text` / `JSON` (any case).
    pub fn parse(text: &str) -> Option<LogFormat> {
        match text.to_ascii_uppercase().as_str() {
            "TEXT" => Some(LogFormat::Text),
            "JSON" => Some(LogFormat::Json),
            _ => None,
        }
    }
}

/// The application log levels, most detailed first.
pub const APPLICATION_LOG_LEVELS: [&str; 6] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"];

/// The system log levels, most detailed first.
pub const SYSTEM_LOG_LEVELS: [&str; 3] = ["DEBUG", "INFO", "WARN"];

/// The level the API gives a JSON function that names none (`INFO` for both).
pub const DEFAULT_JSON_LOG_LEVEL: &str = "INFO";

/// AWS's refusal of a log level on a Text function (the `InvalidParameterValueException` message
/// as CloudFormation's Lambda resource handler relays it, aws/aws-cdk#28045).
pub const LEVEL_NEEDS_JSON: &str = "LogLevel is not supported when LogFormat is set to \"Text\". Remove LogLevel from your request or change the LogFormat to \"Json\" and try again.";

/// A function's logging configuration. Its JSON is `{"log_format": "JSON",
/// "application_log_level": "DEBUG", "system_log_level": "INFO"}` (the API's names
/// `LogFormat`, `ApplicationLogLevel`, `SystemLogLevel` are read too); everything is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggingConfig {
    /// `Text` (default) or `JSON`.
    #[serde(default, alias = "LogFormat")]
    pub log_format: LogFormat,
    /// `TRACE` … `FATAL`; only with JSON (default there `INFO`).
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "ApplicationLogLevel")]
    pub application_log_level: Option<String>,
    /// `DEBUG`, `INFO` or `WARN`; only with JSON (default there `INFO`).
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "SystemLogLevel")]
    pub system_log_level: Option<String>,
}

impl LoggingConfig {
    /// JSON with the given levels (`None`: the API's default, `INFO`).
    pub fn json(application: Option<&str>, system: Option<&str>) -> Self {
        LoggingConfig {
            log_format: LogFormat::Json,
            application_log_level: application.map(str::to_owned),
            system_log_level: system.map(str::to_owned),
        }
    }

    /// Whether this is the default (Text, no levels): exports leave `LoggingConfig` out.
    pub fn is_default(&self) -> bool {
        *self == LoggingConfig::default()
    }

    /// AWS's checks: levels need JSON ([`LEVEL_NEEDS_JSON`]) and must be one of the API's enum
    /// values (its validation message for an enum member).
    pub fn check(&self) -> Result<(), String> {
        let has_level = self.application_log_level.is_some() || self.system_log_level.is_some();
        if self.log_format == LogFormat::Text && has_level {
            return Err(LEVEL_NEEDS_JSON.to_owned());
        }
        let checks = [
            (
                "loggingConfig.applicationLogLevel",
                &self.application_log_level,
                &APPLICATION_LOG_LEVELS[..],
            ),
            ("loggingConfig.systemLogLevel", &self.system_log_level, &SYSTEM_LOG_LEVELS[..]),
        ];
        for (member, level, allowed) in checks {
            if let Some(level) = level
                && !allowed.contains(&level.as_str())
            {
                return Err(format!(
                    "1 validation error detected: Value '{level}' at '{member}' failed to satisfy constraint: Member must satisfy enum value set: [{}]",
                    allowed.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// The application log level in effect: the configured one, `INFO` for JSON without one,
    /// none for Text (every level is written).
    pub fn effective_application_level(&self) -> Option<&str> {
        match self.log_format {
            LogFormat::Text => None,
            LogFormat::Json => {
                Some(self.application_log_level.as_deref().unwrap_or(DEFAULT_JSON_LOG_LEVEL))
            }
        }
    }

    /// The system log level in effect (JSON only; `INFO` when none is set).
    pub fn effective_system_level(&self) -> Option<&str> {
        match self.log_format {
            LogFormat::Text => None,
            LogFormat::Json => {
                Some(self.system_log_level.as_deref().unwrap_or(DEFAULT_JSON_LOG_LEVEL))
            }
        }
    }

    /// The runtime's variables: `AWS_LAMBDA_LOG_FORMAT=JSON` and `AWS_LAMBDA_LOG_LEVEL=<application
    /// level>` for a JSON function, none for a Text one (a Text function's recorded environment has
    /// neither). Their position among the reserved variables on AWS is not recorded; they come
    /// after them.
    pub fn environment_variables(&self) -> Vec<(String, String)> {
        match self.effective_application_level() {
            None => Vec::new(),
            Some(level) => vec![
                ("AWS_LAMBDA_LOG_FORMAT".to_owned(), self.log_format.as_str().to_owned()),
                ("AWS_LAMBDA_LOG_LEVEL".to_owned(), level.to_owned()),
            ],
        }
    }

    /// Whether a platform event of `level` (`DEBUG`, `INFO`, `WARN`) is written at the system
    /// log level in effect.
    pub fn writes_system_event(&self, level: &str) -> bool {
        let rank = |l: &str| SYSTEM_LOG_LEVELS.iter().position(|s| *s == l);
        match (self.effective_system_level().and_then(rank), rank(level)) {
            (Some(threshold), Some(event)) => event >= threshold,
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{LEVEL_NEEDS_JSON, LogFormat, LoggingConfig};

    #[test]
    fn levels_need_json() {
        let mut text = LoggingConfig::default();
        assert_eq!(text.check(), Ok(()));
        text.application_log_level = Some("DEBUG".to_owned());
        assert_eq!(text.check(), Err(LEVEL_NEEDS_JSON.to_owned()));
        assert_eq!(LoggingConfig::json(Some("DEBUG"), Some("WARN")).check(), Ok(()));
        let bad = LoggingConfig::json(Some("WARNING"), None).check().unwrap_err();
        assert!(bad.contains("Value 'WARNING' at 'loggingConfig.applicationLogLevel'"), "{bad}");
        assert!(LoggingConfig::json(None, Some("ERROR")).check().is_err());
    }

    #[test]
    fn the_runtime_variables() {
        assert!(LoggingConfig::default().environment_variables().is_empty());
        let vars = LoggingConfig::json(None, None).environment_variables();
        assert_eq!(
            vars,
            vec![
                ("AWS_LAMBDA_LOG_FORMAT".to_owned(), "JSON".to_owned()),
                ("AWS_LAMBDA_LOG_LEVEL".to_owned(), "INFO".to_owned())
            ]
        );
        let debug = LoggingConfig::json(Some("TRACE"), None).environment_variables();
        assert_eq!(debug[1].1, "TRACE");
    }

    #[test]
    fn system_levels_filter_platform_events() {
        let info = LoggingConfig::json(None, None);
        assert!(info.writes_system_event("INFO") && info.writes_system_event("WARN"));
        assert!(!info.writes_system_event("DEBUG"));
        let warn = LoggingConfig::json(None, Some("WARN"));
        assert!(!warn.writes_system_event("INFO"));
        assert!(LoggingConfig::default().writes_system_event("DEBUG"));
    }

    #[test]
    fn json_reads_our_names_and_the_apis() {
        let ours: LoggingConfig =
            serde_json::from_str(r#"{"log_format": "JSON", "application_log_level": "DEBUG"}"#)
                .unwrap();
        let api: LoggingConfig =
            serde_json::from_str(r#"{"LogFormat": "JSON", "ApplicationLogLevel": "DEBUG"}"#)
                .unwrap();
        assert_eq!(ours, api);
        assert_eq!(ours.log_format, LogFormat::Json);
        assert_eq!(
            serde_json::to_string(&LoggingConfig::default()).unwrap(),
            r#"{"log_format":"Text"}"#
        );
    }
}
