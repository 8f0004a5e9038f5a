//! The Configuration tab's "Logging configuration" (the console's Monitoring and operations tools ›
//! Logging configuration): Log format Text or JSON and, with JSON, the application and system log
//! levels; the log group is the function's default, `/aws/lambda/<name>` (StepLab has no custom
//! log groups). Saved with the function as its `FunctionConfig::logging`.

use steplab_function::logging::{
    APPLICATION_LOG_LEVELS, DEFAULT_JSON_LOG_LEVEL, SYSTEM_LOG_LEVELS,
};
use steplab_function::{FunctionConfig, LogFormat, LoggingConfig};
use yew::prelude::*;

use crate::store::{Action, Function, WorkspaceContext};

#[derive(Properties, PartialEq)]
pub struct FunctionLoggingProps {
    pub function: Function,
}

/// The configuration the form's fields give: levels only with JSON (Text keeps none, as the
/// console sends none), each level the API's default `INFO` unless chosen.
pub fn logging_of(format: LogFormat, application: &str, system: &str) -> LoggingConfig {
    match format {
        LogFormat::Text => LoggingConfig::default(),
        LogFormat::Json => LoggingConfig::json(Some(application), Some(system)),
    }
}

fn select_value(e: &Event) -> String {
    e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()
}

/// The `<option>`s of a level `<select>`, `current` selected.
fn level_options(levels: &[&'static str], current: &str) -> Html {
    levels
        .iter()
        .map(|level| {
            html! { <option value={*level} selected={*level == current}>{ *level }</option> }
        })
        .collect()
}

#[component]
pub fn FunctionLogging(props: &FunctionLoggingProps) -> Html {
    let Some(workspace) = use_context::<WorkspaceContext>() else { return Html::default() };
    let f = &props.function;
    let logging = &f.config.logging;
    let format = use_state(|| logging.log_format);
    let application = use_state(|| {
        logging.application_log_level.clone().unwrap_or_else(|| DEFAULT_JSON_LOG_LEVEL.to_owned())
    });
    let system = use_state(|| {
        logging.system_log_level.clone().unwrap_or_else(|| DEFAULT_JSON_LOG_LEVEL.to_owned())
    });
    let saved = use_state(|| false);
    let chosen = logging_of(*format, &application, &system);
    let problem = chosen.check().err();

    let on_format = |value: LogFormat| {
        let (format, saved) = (format.clone(), saved.clone());
        Callback::from(move |_: Event| {
            saved.set(false);
            format.set(value);
        })
    };
    let on_level = |state: &UseStateHandle<String>| {
        let (state, saved) = (state.clone(), saved.clone());
        Callback::from(move |e: Event| {
            saved.set(false);
            state.set(select_value(&e));
        })
    };
    let on_save = {
        let (workspace, f, chosen, saved) =
            (workspace.clone(), f.clone(), chosen.clone(), saved.clone());
        let ok = problem.is_none();
        Callback::from(move |_: MouseEvent| {
            if !ok {
                return;
            }
            workspace.dispatch(Action::PutFunction(Function {
                config: FunctionConfig { logging: chosen.clone(), ..f.config.clone() },
                last_modified_millis: crate::driver::now_millis(),
                ..f.clone()
            }));
            saved.set(true);
        })
    };
    let json = *format == LogFormat::Json;
    html! {
        <div class="panel form" aria-label="Logging configuration">
            <h2>{ "Logging configuration" }</h2>
            <fieldset>
                <legend>{ "Log format" }</legend>
                <label><input type="radio" name="log-format" checked={!json} onchange={on_format(LogFormat::Text)} />{ " Text" }</label>
                <label><input type="radio" name="log-format" checked={json} onchange={on_format(LogFormat::Json)} />{ " JSON" }</label>
            </fieldset>
            if json {
                <label for="application-log-level">{ "Application log level" }</label>
                <select id="application-log-level" onchange={on_level(&application)}>{ level_options(&APPLICATION_LOG_LEVELS, &application) }</select>
                <label for="system-log-level">{ "System log level" }</label>
                <select id="system-log-level" onchange={on_level(&system)}>{ level_options(&SYSTEM_LOG_LEVELS, &system) }</select>
            }
            <p class="hint">{ format!("Log group: {}", f.config.log_group_name()) }</p>
            if let Some(problem) = &problem { <p class="field-error" role="alert">{ problem }</p> }
            if *saved { <p class="flash flash-success" role="status">{ format!("Successfully updated the function {}.", f.config.function_name) }</p> }
            <div class="form-actions"><button class="button primary" disabled={problem.is_some()} onclick={on_save}>{ "Save" }</button></div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use steplab_function::{LogFormat, LoggingConfig};

    use super::logging_of;

    #[test]
    fn text_drops_the_levels_and_json_keeps_them() {
        assert_eq!(logging_of(LogFormat::Text, "DEBUG", "WARN"), LoggingConfig::default());
        let json = logging_of(LogFormat::Json, "DEBUG", "WARN");
        assert_eq!(json, LoggingConfig::json(Some("DEBUG"), Some("WARN")));
        assert_eq!(json.check(), Ok(()));
    }
}
