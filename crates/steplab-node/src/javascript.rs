//! The runtime's JavaScript, as text: one ES module made of the files in `runtime/` (in this
//! order, sharing one module scope), and the script of the `node` child process that hosts it.

/// The runtime, host-neutral: a browser Worker and a `node` process import it the same way (from a
/// `data:text/javascript` URL, with `//# sourceURL=file:///var/runtime/index.mjs` appended so its
/// frames read as on AWS). Its exports are described in `runtime/environment.mjs`.
pub const RUNTIME_JS: &str = concat!(
    include_str!("../runtime/inspect.js"),
    "\n",
    include_str!("../runtime/errors.js"),
    "\n",
    include_str!("../runtime/aws-sdk.js"),
    "\n",
    include_str!("../runtime/aws-sdk-dynamodb.js"),
    "\n",
    include_str!("../runtime/console.js"),
    "\n",
    include_str!("../runtime/event-loop.js"),
    "\n",
    include_str!("../runtime/context.js"),
    "\n",
    include_str!("../runtime/loader.js"),
    "\n",
    include_str!("../runtime/environment.mjs"),
);

/// The `node` child process's script (`node --input-type=module -e NODE_HOST_JS`): JSON lines in
/// on stdin, one JSON line out per message on stdout.
pub const NODE_HOST_JS: &str = include_str!("../host/node-host.mjs");

/// The script of a browser module Worker hosting one environment (`new Worker(blobUrl, {type:
/// "module"})`): the same messages as [`NODE_HOST_JS`], by `postMessage`.
pub const WORKER_HOST_JS: &str = include_str!("../host/worker-host.js");

#[cfg(test)]
mod tests {
    /// The runtime uses only what a browser Worker and Node both have.
    #[test]
    fn the_runtime_is_host_neutral() {
        for forbidden in [
            "require(",
            " Buffer.",
            "document",
            "window",
            "self.",
            "__dirname =",
            "from 'node:",
            "fs.",
        ] {
            let uses: Vec<&str> = super::RUNTIME_JS
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .filter(|line| line.contains(forbidden))
                .filter(|line| {
                    !line.contains("replace(/^node:/")
                        && !line.contains("const require =")
                        && !line.contains("`require() of ES Module")
                })
                .collect();
            assert!(uses.is_empty(), "{forbidden}: {uses:#?}");
        }
    }
}
