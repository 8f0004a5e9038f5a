//! A save that failed: which records it held and why, shown in the page's banner and on each of
//! those records' own pages, with Try again. Nothing is shown as saved that is not: the writer
//! keeps the last saved state until a save goes through.

use yew::prelude::*;

use crate::storage::changes::Write;
use crate::storage::record::Store;

/// A record the console shows, as a failed save names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Concerned {
    Function(String),
    StateMachine(String),
    /// By execution ARN.
    Execution(String),
    /// A Workflow Studio draft, by its key.
    Draft(String),
    /// The workspace's own settings (the partition).
    Workspace,
}

impl Concerned {
    /// The record a write is for.
    pub fn of(write: &Write) -> Self {
        match write {
            Write::AppendHistory { arn, .. } | Write::DeleteHistory { arn } => {
                Self::Execution(arn.clone())
            }
            Write::Put { store, key, .. } | Write::Delete { store, key } => match store {
                Store::Functions => Self::Function(key.clone()),
                Store::StateMachines => Self::StateMachine(key.clone()),
                Store::Executions => Self::Execution(key.clone()),
                Store::Drafts => Self::Draft(key.clone()),
                Store::Meta | Store::Quarantine => Self::Workspace,
                // a history chunk or an execution's stages: `{arn}#…`, `{arn}!stages`
                Store::History => {
                    Self::Execution(key.split(['#', '!']).next().unwrap_or(key).to_owned())
                }
            },
        }
    }

    /// How the console names it.
    pub fn name(&self) -> String {
        match self {
            Self::Function(name) => format!("Function {name}"),
            Self::StateMachine(name) => format!("State machine {name}"),
            Self::Execution(arn) => format!("Execution {}", arn.rsplit(':').next().unwrap_or(arn)),
            Self::Draft(key) => format!("Unsaved draft {key}"),
            Self::Workspace => "The workspace".into(),
        }
    }
}

/// A save that failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsaved {
    /// The records the save held, each once, in the order written.
    pub records: Vec<Concerned>,
    /// What the browser said (`QuotaExceededError: …`).
    pub reason: String,
}

impl Unsaved {
    /// The save of `writes` failed for `reason`.
    pub fn of(writes: &[Write], reason: String) -> Self {
        let mut records = Vec::new();
        for w in writes {
            let c = Concerned::of(w);
            if !records.contains(&c) {
                records.push(c);
            }
        }
        Self { records, reason }
    }

    /// The banner's sentence: the records (at most three, then how many more) and why.
    pub fn sentence(&self) -> String {
        let names: Vec<String> = self.records.iter().map(Concerned::name).collect();
        let who = match names.len() {
            0 => "The workspace".into(),
            1..=3 => names.join(", "),
            n => format!("{} and {} more", names[..3].join(", "), n - 3),
        };
        format!(
            "{who} could not be saved ({}); the last saved state is kept and the save is tried again at the next change.",
            self.reason
        )
    }
}

/// The failed save, if the last one failed.
pub type UnsavedContext = Option<Unsaved>;

#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// The record whose page this is.
    pub record: Concerned,
}

/// On a record's page: says that its latest changes are not saved, and why, with Try again.
#[component]
pub fn UnsavedNotice(props: &NoticeProps) -> Html {
    let unsaved = use_context::<UnsavedContext>().flatten();
    let Some(unsaved) = unsaved.filter(|u| u.records.contains(&props.record)) else {
        return html! {};
    };
    let retry = Callback::from(|_| crate::storage::writer::retry());
    html! {
        <div class="flash flash-error unsaved" role="alert">
            { format!("{}: the latest changes are not saved ({}). What is shown here is kept in this tab until a save goes through.", props.record.name(), unsaved.reason) }
            <button class="btn btn-small unsaved-retry" onclick={retry}>{ "Try again" }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_save_names_each_record_once() {
        let arn = "arn:aws:states:us-east-1:123456789012:execution:M:run-1";
        let writes = vec![
            Write::Put {
                store: Store::History,
                key: format!("{arn}#0000000000"),
                text: String::new(),
            },
            Write::Put { store: Store::Executions, key: arn.into(), text: String::new() },
            Write::Put { store: Store::Functions, key: "F".into(), text: String::new() },
        ];
        let u = Unsaved::of(&writes, "QuotaExceededError: full".into());
        assert_eq!(
            u.records,
            vec![Concerned::Execution(arn.into()), Concerned::Function("F".into())]
        );
        assert_eq!(
            u.sentence(),
            "Execution run-1, Function F could not be saved (QuotaExceededError: full); the last saved state is kept and the save is tried again at the next change."
        );
    }
}
