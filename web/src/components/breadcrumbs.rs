//! The breadcrumb trail at the top of a page: `Step Functions > State machines > …`.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::route::Route;

#[derive(Properties, PartialEq)]
pub struct BreadcrumbsProps {
    /// Each crumb with the page it leads to; the last one is the current page.
    pub trail: Vec<(AttrValue, Option<Route>)>,
}

#[component]
pub fn Breadcrumbs(props: &BreadcrumbsProps) -> Html {
    html! {
        <nav class="breadcrumbs" aria-label="Breadcrumbs">
            { for props.trail.iter().enumerate().map(|(i, (label, to))| html! {
                <>
                    if i > 0 { <span class="crumb-sep">{ ">" }</span> }
                    { match to {
                        Some(route) => html! { <Link<Route> to={route.clone()} classes="crumb">{ label.clone() }</Link<Route>> },
                        None => html! { <span class="crumb current">{ label.clone() }</span> },
                    } }
                </>
            }) }
        </nav>
    }
}
