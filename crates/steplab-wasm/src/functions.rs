//! The Lambda functions of a run: Python sources on RustPython in this thread, one execution
//! environment per function, warm after its first invocation (as the CLI runs them).

use std::collections::BTreeMap;

use steplab_lambda::{Environments, FunctionConfig};
use steplab_runner::Partition;

/// The request's functions, in `partition`.
pub(crate) fn environments(
    functions: &BTreeMap<String, FunctionConfig>,
    partition: &Partition,
) -> Environments {
    let mut environments = Environments::default();
    for function in functions.values() {
        let mut config = function.clone();
        config.region.clone_from(&partition.region);
        config.account.clone_from(&partition.account);
        environments.add(config);
    }
    environments
}
