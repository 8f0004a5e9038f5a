//! The page's clock: the only place the app reads the time of day (pages, the loader and the
//! executions' host pass it on; the workspace reducer is given it).

/// Milliseconds since the Unix epoch.
pub fn now_millis() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    now
}
