//! The handler setting, `module.function` (the console's default is
//! `lambda_function.lambda_handler`), and the code file it names.

/// The handler of a function the console creates.
pub const DEFAULT_HANDLER: &str = "lambda_function.lambda_handler";

/// The code file of a function the console creates, in `/var/task`.
pub const DEFAULT_FILE_NAME: &str = "lambda_function.py";

/// Whether `handler` has the `module.function` form Lambda accepts (both parts non-empty).
pub fn is_valid(handler: &str) -> bool {
    handler.rsplit_once('.').is_some_and(|(module, name)| !module.is_empty() && !name.is_empty())
}

/// The code file the handler's module is imported from, relative to `/var/task`:
/// `hello_step_function.lambda_handler` → `hello_step_function.py`, `pkg.app.main` → `pkg/app.py`.
pub fn file_name(handler: &str) -> String {
    let module = handler.rsplit_once('.').map_or("lambda_function", |(m, _)| m);
    format!("{}.py", module.replace('.', "/"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_code_file_is_named_after_the_handler_module() {
        assert_eq!(super::file_name(super::DEFAULT_HANDLER), super::DEFAULT_FILE_NAME);
        assert_eq!(
            super::file_name("hello_step_function.lambda_handler"),
            "hello_step_function.py"
        );
        assert_eq!(super::file_name("pkg.app.main"), "pkg/app.py");
    }

    #[test]
    fn a_handler_names_a_module_and_a_function() {
        assert!(super::is_valid("app.main"));
        assert!(!super::is_valid("main"));
        assert!(!super::is_valid(".main"));
        assert!(!super::is_valid("app."));
    }
}
