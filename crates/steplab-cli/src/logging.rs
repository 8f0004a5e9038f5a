//! `--log-format`, `--application-log-level`, `--system-log-level`: the Lambda functions' logging
//! configuration (the console's "Logging configuration"), the same for every function of the run.

use anyhow::bail;
use steplab_function::{LogFormat, LoggingConfig};

/// The logging configuration the options name, checked as Lambda checks it (levels need JSON).
pub(crate) fn logging_config(
    format: &str,
    application: Option<&str>,
    system: Option<&str>,
) -> anyhow::Result<LoggingConfig> {
    let Some(log_format) = LogFormat::parse(format) else {
        bail!("--log-format {format}: expected Text or JSON");
    };
    let config = LoggingConfig {
        log_format,
        application_log_level: application.map(str::to_ascii_uppercase),
        system_log_level: system.map(str::to_ascii_uppercase),
    };
    if let Err(message) = config.check() {
        bail!("{message}");
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use steplab_function::LoggingConfig;

    use super::logging_config;

    #[test]
    fn options_to_the_logging_configuration() {
        assert_eq!(logging_config("Text", None, None).unwrap(), LoggingConfig::default());
        assert_eq!(
            logging_config("json", Some("debug"), None).unwrap(),
            LoggingConfig::json(Some("DEBUG"), None)
        );
        let refused = logging_config("Text", Some("DEBUG"), None).unwrap_err().to_string();
        assert!(refused.starts_with("LogLevel is not supported when LogFormat is set to \"Text\""));
        assert!(logging_config("XML", None, None).is_err());
    }
}
