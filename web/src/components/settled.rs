//! A value as it stood once it stopped changing: what is computed from a text being typed
//! (validation, the graph, completion's state names) follows it, off the typing path.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

/// `value` once it has not changed for `delay_ms` (at first, at once).
#[hook]
pub fn use_settled<T: Clone + PartialEq + 'static>(value: T, delay_ms: u32) -> T {
    let settled = use_state(|| value.clone());
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    {
        let (settled, timer) = (settled.clone(), timer.clone());
        use_effect_with(value.clone(), move |value| {
            if *settled == *value {
                timer.borrow_mut().take();
            } else {
                let value = value.clone();
                // a new change starts the wait again (the previous timer is dropped, cancelled)
                *timer.borrow_mut() = Some(Timeout::new(delay_ms, move || settled.set(value)));
            }
        });
    }
    (*settled).clone()
}
