//! The runtime needs none of Node's globals: imported from a `data:` URL by a script that first
//! removes `process`, `Buffer`, `setImmediate` and `global` (what a browser Worker lacks), it runs a
//! handler, gives the function a `process.env` of its own and turns `process.exit` into a result.

mod support;

use std::process::Command;

use serde_json::Value;
use steplab_node::{RUNTIME_JS, find_node};

#[test]
fn the_runtime_runs_where_node_globals_are_missing() {
    if !support::has_node() {
        return;
    }
    let driver = r#"
const source = require('fs').readFileSync(0, 'utf8');
const out = process.stdout;
for (const name of ['process', 'Buffer', 'setImmediate', 'clearImmediate', 'global']) delete globalThis[name];
(async () => {
  const runtime = await import('data:text/javascript;charset=utf-8,' + encodeURIComponent(source));
  const code = "let n = 0;\nexport const handler = async (event) => {\n  n += 1;\n  console.log('env', process.env.AWS_EXECUTION_ENV, typeof Buffer);\n  if (event.exit) process.exit(3);\n  return { n, tz: process.env.TZ };\n};\n";
  const env = await runtime.createEnvironment({ code, fileName: 'index.mjs', handler: 'index.handler', env: { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', TZ: ':UTC' } });
  const request = (event, requestId) => ({ event: JSON.stringify(event), requestId, deadlineMs: Date.now() + 3000 });
  const first = await env.invoke(request({}, 'r1'));
  const second = await env.invoke(request({ exit: true }, 'r2'));
  out.write(JSON.stringify({ init: env.init, first, second }));
})().catch((e) => { out.write(JSON.stringify({ crash: String(e.stack) })); });
"#;
    let mut child = Command::new(find_node().expect("node"))
        .args(["-e", driver])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("node runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(RUNTIME_JS.as_bytes()).expect("runtime written");
    }
    let output = child.wait_with_output().expect("node ends");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["crash"], Value::Null, "{report}");
    assert_eq!(report["init"]["status"], "ok");
    assert_eq!(report["first"]["payload"], r#"{"n":1,"tz":":UTC"}"#);
    let log = support::mask_timestamps(report["first"]["log"].as_str().unwrap_or_default());
    assert_eq!(log, "<ts>\tr1\tINFO\tenv AWS_Lambda_nodejs22.x undefined\n");
    assert_eq!(report["second"]["status"], "exit");
    assert_eq!(report["second"]["exitCode"], 3);
    assert_eq!(report["second"]["reset"], true);
}
