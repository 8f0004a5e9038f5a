//! The Lambda functions of a run: Python sources on RustPython (`steplab_lambda::Environments`,
//! one execution environment each).

use steplab_lambda::FunctionConfig;
use steplab_runner::Partition;

/// Function `name` of `partition`, whose code is served as `/var/task/{file_name}`.
pub(crate) fn config(
    name: &str,
    code: &str,
    file_name: &str,
    handler: &str,
    partition: &Partition,
) -> FunctionConfig {
    let mut config = FunctionConfig::new(name, code);
    config.handler = handler.to_owned();
    config.file_name = file_name.to_owned();
    config.region.clone_from(&partition.region);
    config.account.clone_from(&partition.account);
    config
}
