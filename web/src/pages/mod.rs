//! One module per console page.

pub mod aliases;
pub mod create_function;
pub mod create_state_machine;
pub mod execution;
pub mod function;
pub mod function_config;
pub mod function_editor;
pub mod function_hint;
pub mod function_logging;
pub mod functions;
pub mod home;
pub mod map_run;
pub mod map_run_execution;
pub mod role_dialog;
pub mod start_execution;
pub mod state_machine;
pub mod state_machines;
pub mod versions;
pub mod workflow_studio;

/// A date as the console prints it, e.g. `Nov 25, 2026, 12:00:00 (UTC)`; time is given in milliseconds.
pub fn format_date(millis: i64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(millis as f64));
    let month =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            .get(date.get_utc_month() as usize)
            .copied()
            .unwrap_or("?");
    format!(
        "{month} {}, {}, {:02}:{:02}:{:02}.{:03} (UTC)",
        date.get_utc_date(),
        date.get_utc_full_year(),
        date.get_utc_hours(),
        date.get_utc_minutes(),
        date.get_utc_seconds(),
        date.get_utc_milliseconds()
    )
}

/// A value from an input element's event.
pub fn input_value(e: &yew::InputEvent) -> String {
    use yew::TargetCast;
    e.target_unchecked_into::<web_sys::HtmlInputElement>().value()
}
