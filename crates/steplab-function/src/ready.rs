//! The output of a future that is ready at once: how a synchronous host drives a flow written
//! once, asynchronously, for every host (its I/O blocks inside the futures instead of waiting).

use std::future::Future;
use std::task::{Context, Poll, Waker};

/// The output of `future`, whose every await is ready when first polled (a synchronous host's).
pub fn at_once<T>(future: impl Future<Output = T>) -> T {
    let mut future = std::pin::pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    loop {
        // a synchronous host's futures are ready at their first poll: this returns at once
        if let Poll::Ready(value) = future.as_mut().poll(&mut context) {
            return value;
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_ready_flow_gives_its_output() {
        let flow = async {
            let a = std::future::ready(2).await;
            let b = std::future::ready(3).await;
            a * b
        };
        assert_eq!(super::at_once(flow), 6);
    }
}
