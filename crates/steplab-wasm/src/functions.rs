//! The Lambda functions of a run: Python sources on RustPython in this thread, one execution
//! environment per function, warm after its first invocation (as the CLI runs them); Node.js
//! functions apart, for `runAsync` ([`crate::node_functions`]).

use std::collections::BTreeMap;

use steplab_lambda::{Environments, FunctionConfig};
use steplab_runner::Partition;

/// The request's functions, in `partition`: the Python ones' environments, and the Node.js ones.
pub(crate) fn environments(
    functions: &BTreeMap<String, FunctionConfig>,
    partition: &Partition,
) -> (Environments, Vec<FunctionConfig>) {
    let mut environments = Environments::default();
    let mut node = Vec::new();
    for function in functions.values() {
        let mut config = function.clone();
        config.region.clone_from(&partition.region);
        config.account.clone_from(&partition.account);
        if steplab_node::runtimes::is_node(&config.runtime) {
            node.push(config);
        } else {
            environments.add(config);
        }
    }
    (environments, node)
}
