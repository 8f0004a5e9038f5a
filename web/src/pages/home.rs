//! The landing page: the two services, and the reference lab's steps.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::Route;

#[component]
pub fn Home() -> Html {
    html! {
        <section class="home">
            <h1>{ "StepLab" }</h1>
            <p class="lead">{ "AWS Step Functions and AWS Lambda (Python) in your browser: no account, no server, works offline." }</p>
            <div class="cards">
                <div class="card">
                    <h2>{ "Lambda" }</h2>
                    <p>{ "Write a Python 3.11 function and test it." }</p>
                    <Link<Route> to={Route::Functions} classes="button">{ "Functions" }</Link<Route>>
                </div>
                <div class="card">
                    <h2>{ "Step Functions" }</h2>
                    <p>{ "Build a state machine, start executions and read their history." }</p>
                    <Link<Route> to={Route::StateMachines} classes="button">{ "State machines" }</Link<Route>>
                </div>
            </div>
            <crate::storage::usage_view::StorageUsage />
            <h2>{ "The classic lab" }</h2>
            <ol class="lab-steps">
                <li>{ "Lambda › Functions › Create function: name it HelloStepFunction, runtime Python 3.11, paste the handler, Deploy." }</li>
                <li>{ "Step Functions › State machines › Create state machine: SimpleLab, Standard; in Code, paste or edit the definition." }</li>
                <li>{ "Create, and confirm the role." }</li>
                <li>{ "Start execution with {} and read the output on the execution page." }</li>
            </ol>
        </section>
    }
}

#[component]
pub fn NotFound() -> Html {
    html! {
        <section>
            <h1>{ "Page not found" }</h1>
            <Link<Route> to={Route::Home}>{ "Back to StepLab" }</Link<Route>>
        </section>
    }
}
