//! The sandbox installs its `open` in `_io` (an interpreter's start does not import `io`): `io.open`,
//! imported by the function, is the sandbox's `open` (`/tmp` writable, `/var/task` read-only).
#![cfg(not(target_arch = "wasm32"))]

use expect_test::expect;
use steplab_lambda::{ExecutionEnvironment, FunctionConfig};

#[test]
fn io_open_is_the_sandbox_open() {
    let code = r#"import io

def lambda_handler(event, context):
    with io.open("/tmp/note.txt", "w") as f:
        f.write("written by io.open")
    with open("/tmp/note.txt") as f:
        read = f.read()
    try:
        io.open("/var/task/other.txt", "w")
        refused = None
    except OSError as e:
        refused = [type(e).__name__, e.errno, e.strerror]
    with io.open("/var/task/lambda_function.py", "rb") as f:
        own = f.read(9).decode()
    return [io.open is open, read, refused, own]
"#;
    let mut env = ExecutionEnvironment::new(FunctionConfig::new("IoOpen", code));
    let result = env.invoke("{}", "21379561-8041-48e3-84a6-f6865b9c2723");
    expect![[
        r#"[true, "written by io.open", ["OSError", 30, "Read-only file system"], "import io"]"#
    ]]
    .assert_eq(&result.payload);
}
