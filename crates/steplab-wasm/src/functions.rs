//! The Lambda functions of a run: Python sources on RustPython in this thread, one execution
//! environment per function, warm after its first invocation (as the CLI runs them).

use std::collections::BTreeMap;

use steplab_lambda::{Environments, FunctionConfig};
use steplab_runner::Partition;

use crate::request::Function;

/// The request's functions, in `partition`.
pub(crate) fn environments(
    functions: &BTreeMap<String, Function>,
    partition: &Partition,
) -> Environments {
    let mut environments = Environments::default();
    for (name, f) in functions {
        let mut config = FunctionConfig::new(name, &f.code);
        config.handler.clone_from(&f.handler);
        config.file_name = f.file_name();
        config.timeout_seconds = f.timeout_seconds;
        config.memory_size_mb = f.memory_size_mb;
        config.environment.clone_from(&f.environment);
        config.region.clone_from(&partition.region);
        config.account.clone_from(&partition.account);
        environments.add(config);
    }
    environments
}
