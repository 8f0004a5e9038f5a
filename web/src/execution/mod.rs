//! Executions as the console shows them, and the step debugger: the history → view model
//! ([`visits`], [`history`], [`stages`]), executions imported from AWS ([`import`], [`import_dialog`]), the execution page's views ([`state_panel`],
//! [`table_view`], [`events_view`], [`debugger`]), export ([`export`], [`files`]) and what becomes
//! of executions whose page went away ([`recovery`]).

pub mod debugger;
pub mod event_log;
pub mod events_view;
pub mod executions_worker;
pub mod export;
pub mod files;
pub mod history;
pub mod import;
pub mod import_dialog;
pub mod launch;
pub mod live;
pub mod log_cap;
pub mod map_run;
pub mod mock_snapshot;
pub mod record;
pub mod recovery;
pub mod redrive;
pub mod stages;
pub mod state_panel;
pub mod table_view;
pub mod touched;
pub mod trace;
pub mod trace_view;
pub mod view;
pub mod visits;
