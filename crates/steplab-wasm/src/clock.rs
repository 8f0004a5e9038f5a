//! The host's clock and entropy: the browser's `Date.now()` and `Math.random()` in wasm, the
//! system clock natively. Only defaults come from here; a request can fix both for a repeatable run.

/// Milliseconds since the Unix epoch.
#[cfg(target_arch = "wasm32")]
pub(crate) fn now_millis() -> i64 {
    #[allow(clippy::cast_possible_truncation)]
    let now = js_sys::Date::now() as i64;
    now
}

/// Milliseconds since the Unix epoch.
#[cfg(not(target_arch = "wasm32"))]
#[allow(clippy::disallowed_methods, clippy::cast_possible_truncation)]
pub(crate) fn now_millis() -> i64 {
    // natively this crate is the host, so it owns the clock
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// A seed for a run that names none.
#[cfg(target_arch = "wasm32")]
pub(crate) fn random_seed() -> u64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let seed = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
    seed
}

/// A seed for a run that names none.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn random_seed() -> u64 {
    #[allow(clippy::cast_sign_loss)]
    let seed = now_millis() as u64;
    seed
}
