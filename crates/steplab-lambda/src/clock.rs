//! The sandbox clock: the host's wall clock plus a virtual offset that `time.sleep` advances.
//!
//! Sleeping never blocks (there is nothing to wait for in a browser tab or a test); it moves the
//! offset, so durations, `get_remaining_time_in_millis()` and timeouts behave as if time had passed.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Nanoseconds since the Unix epoch, as the function sees them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Clock {
    offset_ns: Arc<AtomicI64>,
}

impl Clock {
    pub(crate) fn now_ns(&self) -> i64 {
        host_now_ns() + self.offset_ns.load(Ordering::Relaxed)
    }

    pub(crate) fn advance_ns(&self, ns: i64) {
        self.offset_ns.fetch_add(ns.max(0), Ordering::Relaxed);
    }

    /// How far `time.sleep` has moved this clock ahead of the host's.
    pub(crate) fn offset_ns(&self) -> i64 {
        self.offset_ns.load(Ordering::Relaxed)
    }

    pub(crate) fn set_offset_ns(&self, ns: i64) {
        self.offset_ns.store(ns, Ordering::Relaxed);
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn host_now_ns() -> i64 {
    #[allow(clippy::disallowed_methods, reason = "native build: the host clock is std's")]
    let now = std::time::SystemTime::now();
    now.duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

#[cfg(target_arch = "wasm32")]
fn host_now_ns() -> i64 {
    use wasm_clock::{ORIGIN, performance_now};
    let (date0, perf0) = ORIGIN.with(|o| *o);
    let ms = date0 + (performance_now() - perf0);
    #[allow(clippy::cast_possible_truncation, reason = "milliseconds since 1970 fit in i64 ns")]
    let ns = (ms * 1e6) as i64;
    ns
}

#[cfg(target_arch = "wasm32")]
mod wasm_clock {
    use js_sys::wasm_bindgen::{JsCast, JsValue};
    use js_sys::{Date, Function, Reflect};

    thread_local! {
        /// `performance.now` of the window or worker, when there is one.
        static PERFORMANCE: Option<(JsValue, Function)> = {
            let performance = Reflect::get(&js_sys::global(), &"performance".into()).ok()
                .filter(|p| p.is_object());
            performance.and_then(|p| {
                let now = Reflect::get(&p, &"now".into()).ok()?.dyn_into::<Function>().ok()?;
                Some((p, now))
            })
        };
        /// The wall clock and the high-resolution clock read at the same moment.
        pub(super) static ORIGIN: (f64, f64) = (Date::now(), performance_now());
    }

    pub(super) fn performance_now() -> f64 {
        PERFORMANCE.with(|p| match p {
            Some((this, now)) => {
                now.call0(this).ok().and_then(|v| v.as_f64()).unwrap_or_else(Date::now)
            }
            None => Date::now(),
        })
    }
}
