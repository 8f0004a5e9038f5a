//! What the host tells a call: the time and where it runs.

/// The time of a call and the region and account it runs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// Milliseconds since the Unix epoch, from the host's clock.
    pub now_millis: i64,
    /// The region, e.g. `us-east-1`.
    pub region: String,
    /// The 12-digit account id.
    pub account: String,
}

impl Context {
    /// A context at `now_millis` in StepLab's default region and account.
    pub fn at(now_millis: i64) -> Self {
        Self { now_millis, region: "us-east-1".into(), account: "123456789012".into() }
    }
}
