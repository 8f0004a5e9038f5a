//! A function whose deployment package has several files: the handler's module imports its
//! siblings from /var/task as on Lambda (a module, a package with `__init__.py`, a subpackage, a
//! folder without `__init__.py`, a data file read with `open`).
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use steplab_lambda::{ExecutionEnvironment, FunctionConfig};

const REQUEST_ID: &str = "21379561-8041-48e3-84a6-f6865b9c2723";

fn run(handler: &str, code: &str, files: &[(&str, &str)]) -> (Option<String>, String) {
    let files: BTreeMap<String, String> =
        files.iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())).collect();
    let config = FunctionConfig::new("Multi", code).with_handler(handler).with_files(files);
    let result = ExecutionEnvironment::new(config).invoke("{}", REQUEST_ID);
    (result.function_error, result.payload)
}

#[test]
fn a_sibling_module_is_imported() {
    let (error, payload) = run(
        "app.handler",
        "from util import helper\ndef handler(event, context):\n    return helper()\n",
        &[("util.py", "def helper():\n    return 42\n")],
    );
    assert_eq!((error, payload.as_str()), (None, "42"));
}

#[test]
fn packages_subpackages_and_namespace_folders_are_imported() {
    let code = "import pkg\nfrom pkg.sub import deep\nfrom pkg import relative\nimport ns.plain\n\
                def handler(event, context):\n    return [pkg.NAME, deep.VALUE, relative.value(), ns.plain.X, \
                pkg.__file__, deep.__file__]\n";
    let (error, payload) = run(
        "app.handler",
        code,
        &[
            ("pkg/__init__.py", "NAME = 'pkg'\n"),
            (
                "pkg/relative.py",
                "from .sub.deep import VALUE\ndef value():\n    return VALUE + 1\n",
            ),
            ("pkg/sub/__init__.py", ""),
            ("pkg/sub/deep.py", "VALUE = 7\n"),
            ("ns/plain.py", "X = 'namespace'\n"),
        ],
    );
    assert_eq!(
        (error, payload.as_str()),
        (
            None,
            r#"["pkg", 7, 8, "namespace", "/var/task/pkg/__init__.py", "/var/task/pkg/sub/deep.py"]"#
        )
    );
}

#[test]
fn the_handler_may_live_in_a_package_and_read_a_data_file() {
    let (error, payload) = run(
        "src/app.handler",
        "import json, os\nfrom src.helpers import name\ndef handler(event, context):\n    \
         with open('data/config.json') as f:\n        data = json.load(f)\n    \
         return [name(), data['k'], sorted(os.listdir('/var/task/src'))]\n",
        &[
            ("src/helpers.py", "def name():\n    return 'helper'\n"),
            ("data/config.json", "{\"k\": 1}"),
        ],
    );
    assert_eq!((error, payload.as_str()), (None, r#"["helper", 1, ["app.py", "helpers.py"]]"#));
}

#[test]
fn a_missing_sibling_is_still_an_import_error_and_a_broken_one_a_syntax_error() {
    let (error, payload) = run(
        "app.handler",
        "from util import helper\ndef handler(event, context):\n    return 1\n",
        &[("other.py", "")],
    );
    assert_eq!(error.as_deref(), Some("Unhandled"));
    assert!(
        payload
            .contains(r#""errorMessage": "Unable to import module 'app': No module named 'util'""#),
        "{payload}"
    );
    let (error, payload) = run(
        "app.handler",
        "import util\ndef handler(event, context):\n    return 1\n",
        &[("util.py", "def broken(:\n")],
    );
    assert_eq!(error.as_deref(), Some("Unhandled"));
    assert!(payload.contains("Runtime.UserCodeSyntaxError"), "{payload}");
    assert!(payload.contains("/var/task/util.py"), "{payload}");
}
