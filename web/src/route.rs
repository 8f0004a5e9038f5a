//! The console's pages and their addresses (hash routing, so the site works from any static path).

use yew_router::Routable;

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/lambda/functions")]
    Functions,
    #[at("/lambda/create/function")]
    CreateFunction,
    #[at("/lambda/functions/:name")]
    Function { name: String },
    #[at("/states/statemachines")]
    StateMachines,
    #[at("/states/statemachines/create")]
    CreateStateMachine,
    /// A SAM or CloudFormation template imported (see `template_import`).
    #[at("/states/statemachines/import-template")]
    ImportTemplate,
    #[at("/states/statemachines/copy/:name")]
    CopyStateMachine { name: String },
    #[at("/states/statemachines/edit/:name")]
    EditStateMachine { name: String },
    #[at("/states/statemachines/view/:name")]
    StateMachine { name: String },
    #[at("/states/executions/details/:state_machine/:name")]
    Execution { state_machine: String, name: String },
    /// A Distributed Map's Map Run of an execution (its id, the ARN's last part).
    #[at("/states/executions/details/:state_machine/:name/map-runs/:id")]
    MapRun { state_machine: String, name: String, id: String },
    /// A child execution of that Map Run.
    #[at("/states/executions/details/:state_machine/:name/map-runs/:id/executions/:child")]
    MapRunExecution { state_machine: String, name: String, id: String, child: String },
    #[at("/dynamodb/tables")]
    Tables,
    #[at("/dynamodb/tables/:name")]
    Table { name: String },
    #[at("/sqs/queues")]
    Queues,
    #[at("/sqs/queues/:name")]
    Queue { name: String },
    #[at("/sns/topics")]
    Topics,
    #[at("/sns/topics/:name")]
    Topic { name: String },
    #[at("/s3/buckets")]
    Buckets,
    #[at("/s3/buckets/:name")]
    Bucket { name: String },
    #[at("/events/rules")]
    Rules,
    #[at("/events/rules/:name")]
    Rule { name: String },
    /// CloudWatch Logs (`logs`): names in addresses as `logs::model::encode` writes them.
    #[at("/cloudwatch/log-groups")]
    LogGroups,
    #[at("/cloudwatch/log-groups/:group")]
    LogGroup { group: String },
    #[at("/cloudwatch/log-groups/:group/:stream")]
    LogStream { group: String, stream: String },
    /// A permalink made by Share: a state machine, its functions and an input (see share::codec).
    #[at("/share/:data")]
    Share { data: String },
    #[not_found]
    #[at("/404")]
    NotFound,
}
