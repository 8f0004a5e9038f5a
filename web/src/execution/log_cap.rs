//! How much of a function's log an execution keeps per invocation: at most 256 KB, as CloudWatch
//! Logs caps a log event. A longer log keeps its start and its last lines (`END` and `REPORT`),
//! with a line that says how much was left out between them.

/// The most bytes of one invocation's log that are kept.
pub const MAX_LOG_BYTES: usize = 256 * 1024;

/// How much of the end of a long log is kept (its `END` and `REPORT` lines).
const TAIL_BYTES: usize = 2 * 1024;

/// `log`, or its start and end with a mark of what was left out when it is over [`MAX_LOG_BYTES`].
pub fn capped(log: String) -> String {
    if log.len() <= MAX_LOG_BYTES {
        return log;
    }
    let mark_room = 200;
    let head_end = floor_char(&log, MAX_LOG_BYTES - TAIL_BYTES - mark_room);
    let tail_start = ceil_char(&log, log.len() - TAIL_BYTES);
    let left_out = tail_start - head_end;
    format!(
        "{}\n[truncated: {left_out} bytes of this invocation's log left out; StepLab keeps 256 KB of each, as CloudWatch Logs keeps 256 KB of an event]\n{}",
        &log[..head_end],
        &log[tail_start..]
    )
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_log_keeps_its_start_and_its_report() {
        let short = "START\nhello\nEND\nREPORT\n".to_owned();
        assert_eq!(capped(short.clone()), short);
        let body = "é".repeat(300 * 1024);
        let log = format!("START RequestId: 1\n{body}\nEND RequestId: 1\nREPORT RequestId: 1\n");
        let kept = capped(log.clone());
        assert!(kept.len() <= MAX_LOG_BYTES, "{}", kept.len());
        assert!(kept.starts_with("START RequestId: 1\n"));
        assert!(kept.ends_with("END RequestId: 1\nREPORT RequestId: 1\n"));
        assert!(kept.contains("\n[truncated: "));
    }
}
