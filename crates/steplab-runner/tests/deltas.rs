//! The execution Worker sends a long history to the page in deltas of at most `DELTA_EVENTS`,
//! even when one engine step appends thousands of events (an inline Map of Pass states): all
//! but the last say only that the run goes on, and together they are the history.

use std::collections::BTreeMap;

use serde_json::json;
use steplab_runner::execution_protocol::{DELTA_EVENTS, Progress};
use steplab_runner::{Driver, Effect, Partition, RunOptions, Setup};

#[test]
fn a_long_history_goes_in_deltas() {
    let definition = json!({"StartAt": "M", "States": {"M": {
        "Type": "Map", "ItemsPath": "$.items", "End": true,
        "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}
    }}})
    .to_string();
    let items: Vec<_> = (0..700).map(|id| json!({"id": id})).collect();
    let machine = steplab_asl::parse(&definition).machine.expect("valid");
    let options = RunOptions {
        partition: Partition::default(),
        name: "e".into(),
        state_machine_name: "M".into(),
        role_name: "r".into(),
        start_millis: 1_764_072_000_000,
        seed: 1,
        express: false,
        version_arn: None,
        alias_arn: None,
    };
    let execution = steplab_runner::start(machine, json!({"items": items}), &options);
    let setup =
        Setup { functions: BTreeMap::new(), mocks: None, partition: Partition::default(), seed: 1 };
    let mut driver = Driver::new(execution, setup);
    let mut now = 1_764_072_000_000;
    loop {
        match driver.poll(now) {
            Effect::Finished => break,
            Effect::WakeAt(t) | Effect::Awaiting(t) => now = t,
            Effect::Appended { .. } => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    let total = driver.history().len();
    assert!(total > 2 * DELTA_EVENTS, "{total} events");
    let updates = Progress::default().updates(&driver);
    assert_eq!(updates.len(), total.div_ceil(DELTA_EVENTS));
    let (last, before) = updates.split_last().expect("updates");
    assert!(
        before.iter().all(|u| u.status == "RUNNING" && u.events.values().len() == DELTA_EVENTS)
    );
    assert_eq!(last.status, "SUCCEEDED");
    assert_eq!(last.shown, total);
    let sent: Vec<_> = updates.iter().flat_map(|u| u.events.values()).collect();
    let history: Vec<_> = driver.history().iter().map(steplab_asl::HistoryEvent::to_json).collect();
    assert_eq!(sent, history);
}
