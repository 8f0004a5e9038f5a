//! Names of state machines, executions and functions, checked as the console checks them.

/// The hint the console shows under the state machine name field (and its error when the name breaks it).
pub const STATE_MACHINE_NAME_RULE: &str =
    "Must be 1-80 characters. Can use alphanumeric characters, dashes, and underscores.";

/// The hint the console shows under the execution name field.
pub const EXECUTION_NAME_RULE: &str =
    "Must be 1-80 characters. Can use alphanumeric characters, dashes, or underscores.";

/// The hint the Lambda console shows under the function name field.
pub const FUNCTION_NAME_RULE: &str = "Function name must be 1 to 64 characters, must be unique to the Region, and can't include spaces. Valid characters are a-z, A-Z, 0-9, hyphens (-), and underscores (_).";

fn allowed(name: &str, max: usize) -> bool {
    (1..=max).contains(&name.chars().count())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The longest definition `CreateStateMachine` and `UpdateStateMachine` take, in characters
/// (the API's length constraint on `definition`: 1 MiB).
pub const DEFINITION_MAX_CHARS: usize = 1_048_576;

/// Checks a definition's size as the Step Functions API does; `Err` is the API's
/// `ValidationException` message in the form AWS gives for a length constraint (`definition` is a
/// sensitive member, so its value is not repeated). The form is AWS's for such constraints; this
/// member's own message has not been seen from AWS.
pub fn check_definition_size(definition: &str) -> Result<(), String> {
    // the character count can only exceed the limit when the byte length does
    if definition.len() <= DEFINITION_MAX_CHARS
        || definition.chars().count() <= DEFINITION_MAX_CHARS
    {
        return Ok(());
    }
    Err(format!(
        "ValidationException: 1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to {DEFINITION_MAX_CHARS}"
    ))
}

/// Checks a state machine name; `Err` carries the console's wording.
pub fn check_state_machine_name(name: &str) -> Result<(), &'static str> {
    if allowed(name, 80) { Ok(()) } else { Err(STATE_MACHINE_NAME_RULE) }
}

/// Checks an execution name; `Err` carries the console's wording.
pub fn check_execution_name(name: &str) -> Result<(), &'static str> {
    if allowed(name, 80) { Ok(()) } else { Err(EXECUTION_NAME_RULE) }
}

/// Checks a Lambda function name; `Err` carries the console's wording.
pub fn check_function_name(name: &str) -> Result<(), &'static str> {
    if allowed(name, 64) { Ok(()) } else { Err(FUNCTION_NAME_RULE) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_definition_over_1_mib_is_refused_as_the_api_does() {
        let at_limit = "a".repeat(super::DEFINITION_MAX_CHARS);
        assert_eq!(super::check_definition_size(&at_limit), Ok(()));
        // characters, not bytes: 1 MiB of "é" is 2 MiB of UTF-8 and still allowed
        assert_eq!(super::check_definition_size(&"é".repeat(super::DEFINITION_MAX_CHARS)), Ok(()));
        let over = format!("{at_limit}b");
        assert_eq!(
            super::check_definition_size(&over).unwrap_err(),
            "ValidationException: 1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576"
        );
    }

    use super::*;

    #[test]
    fn console_name_rules() {
        assert_eq!(check_state_machine_name("SimpleLab"), Ok(()));
        assert_eq!(check_state_machine_name("My_state-machine1"), Ok(()));
        assert_eq!(check_state_machine_name(""), Err(STATE_MACHINE_NAME_RULE));
        assert_eq!(check_state_machine_name("Simple Lab"), Err(STATE_MACHINE_NAME_RULE));
        assert_eq!(check_state_machine_name(&"a".repeat(81)), Err(STATE_MACHINE_NAME_RULE));
        assert_eq!(check_state_machine_name(&"a".repeat(80)), Ok(()));
        assert_eq!(check_execution_name("0c6c5a9e-39f2-4b34-8c83-3d1b1c6d6f5e"), Ok(()));
        assert_eq!(check_execution_name("run#1"), Err(EXECUTION_NAME_RULE));
        assert_eq!(check_function_name("HelloStepFunction"), Ok(()));
        assert_eq!(check_function_name(&"f".repeat(65)), Err(FUNCTION_NAME_RULE));
    }
}
