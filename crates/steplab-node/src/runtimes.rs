//! The Node.js runtimes Lambda offers, and the function the console creates for them.

/// One Node.js runtime of Lambda.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeRuntime {
    /// The runtime identifier (`nodejs22.x`).
    pub id: &'static str,
    /// The Node.js major version.
    pub node_major: u32,
    /// The date Lambda deprecates it (`YYYY-MM-DD`), as Lambda's runtimes page lists it.
    pub deprecation_date: &'static str,
}

/// The Node.js runtimes, oldest first (AWS's "Lambda runtimes" page).
pub const RUNTIMES: [NodeRuntime; 3] = [
    NodeRuntime { id: "nodejs20.x", node_major: 20, deprecation_date: "2026-04-30" },
    NodeRuntime { id: "nodejs22.x", node_major: 22, deprecation_date: "2027-04-30" },
    NodeRuntime { id: "nodejs24.x", node_major: 24, deprecation_date: "2028-04-30" },
];

/// The runtime the console proposes for a new Node.js function in StepLab.
pub const DEFAULT_RUNTIME: &str = "nodejs22.x";

/// The handler of a Node.js function the console creates.
pub const DEFAULT_HANDLER: &str = "index.handler";

/// The code file of a Node.js function the console creates, in `/var/task`.
pub const DEFAULT_FILE_NAME: &str = "index.mjs";

/// The code of a Node.js function the console creates (`index.mjs`).
pub const DEFAULT_CODE: &str = "export const handler = async (event) => {\n  // TODO implement\n  const response = {\n    statusCode: 200,\n    body: JSON.stringify('Hello from Lambda!'),\n  };\n  return response;\n};\n";

/// The Node.js runtime with identifier `id`, if it is one.
pub fn find(id: &str) -> Option<NodeRuntime> {
    RUNTIMES.into_iter().find(|runtime| runtime.id == id)
}

/// Whether `id` names a Node.js runtime (one StepLab knows or a future `nodejsNN.x`).
pub fn is_node(id: &str) -> bool {
    id.starts_with("nodejs")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_runtimes_and_the_default() {
        assert_eq!(super::find(super::DEFAULT_RUNTIME).map(|r| r.node_major), Some(22));
        assert!(super::find("nodejs18.x").is_none());
        assert!(super::is_node("nodejs24.x"));
        assert!(!super::is_node("python3.11"));
    }
}
