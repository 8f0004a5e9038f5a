//! Starting an execution from the Start execution dialog: here (then the execution page opens), or
//! in a new browser tab — that tab runs it, since StepLab runs an execution in the page that shows
//! it: the request waits in localStorage until the new tab's execution page takes it.

use yew_router::prelude::Navigator;

use crate::pages::start_execution::StartRequest;
use crate::route::Route;
use crate::store::WorkspaceContext;

fn key(state_machine: &str, name: &str) -> String {
    format!("steplab.pending-start.{state_machine}.{name}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// What a Start execution dialog asked another tab to run.
pub struct Pending {
    pub input: String,
    pub seed: Option<u64>,
    pub mock_test_case: Option<String>,
    /// The `MockConfigFile` to take the test case from instead of the machine's.
    pub mock_config: Option<String>,
    /// The version number or alias name to start.
    pub qualifier: Option<String>,
}

/// Takes the input (seed, mock test case) of an execution a Start execution dialog asked another
/// tab to run.
pub fn take_pending(state_machine: &str, name: &str) -> Option<Pending> {
    let s = storage()?;
    let text = s.get_item(&key(state_machine, name)).ok().flatten()?;
    let _ = s.remove_item(&key(state_machine, name));
    let pending: serde_json::Value = serde_json::from_str(&text).ok()?;
    let input = pending.get("input")?.as_str()?.to_owned();
    Some(Pending {
        input,
        seed: pending.get("seed").and_then(serde_json::Value::as_u64),
        mock_test_case: pending
            .get("mockTestCase")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned),
        mock_config: pending
            .get("mockConfig")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned),
        qualifier: pending.get("qualifier").and_then(serde_json::Value::as_str).map(str::to_owned),
    })
}

/// Starts `request` on `state_machine`: here, then shows its page; or in a new tab.
pub fn launch(
    workspace: &WorkspaceContext,
    navigator: Option<&Navigator>,
    state_machine: &str,
    request: StartRequest,
) -> Result<(), String> {
    let route =
        Route::Execution { state_machine: state_machine.to_owned(), name: request.name.clone() };
    if request.new_tab {
        if workspace.execution(state_machine, &request.name).is_some() {
            return Err(format!(
                "ExecutionAlreadyExists: Execution Already Exists: '{}'",
                workspace.partition.execution_arn(state_machine, &request.name)
            ));
        }
        let s =
            storage().ok_or("localStorage is not available: the new tab cannot get the input")?;
        let pending = serde_json::json!({"input": request.input, "seed": request.seed, "mockTestCase": request.mock_test_case, "mockConfig": request.mock_config, "qualifier": request.qualifier});
        s.set_item(&key(state_machine, &request.name), &pending.to_string())
            .map_err(|_| "the browser refused to keep the input for the new tab".to_owned())?;
        let window = web_sys::window().ok_or("no window")?;
        let href = window.location().href().unwrap_or_default();
        let base = href.split('#').next().unwrap_or_default();
        let url = format!("{base}#{}", yew_router::Routable::to_path(&route));
        window
            .open_with_url_and_target(&url, "_blank")
            .map_err(|_| "the browser refused to open a new tab".to_owned())?;
        return Ok(());
    }
    crate::driver::start_with_mocks(
        workspace,
        workspace.dispatcher(),
        state_machine,
        &request.name,
        &request.input,
        None,
        request.seed,
        request.mock_test_case.as_deref(),
        request.mock_config.as_deref(),
        request.qualifier.as_deref(),
    )?;
    // the execution page is shown in a task of its own, after the dialog has closed
    if let Some(nav) = navigator.cloned() {
        gloo::timers::callback::Timeout::new(0, move || nav.push(&route)).forget();
    }
    Ok(())
}
