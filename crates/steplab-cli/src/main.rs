//! `steplab`: run Amazon States Language state machines with Python Lambda functions from the shell.
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod functions;
mod logging;
mod report;
mod template;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use steplab_asl::ExecutionStatus;
use steplab_runner::{Driver, Functions, Ids, Partition, RunOptions, Setup, start};

#[derive(Parser)]
#[command(
    name = "steplab",
    version,
    about = "Run AWS Step Functions state machines and Python Lambda functions locally"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs a state machine and prints its output (or, with --history, its event history).
    Run(Box<RunArgs>),
    /// Checks a definition and prints its diagnostics.
    Validate {
        /// The definition (Amazon States Language JSON).
        definition: PathBuf,
    },
}

#[derive(clap::Args)]
struct RunArgs {
    /// The definition (Amazon States Language JSON); or --template.
    #[arg(required_unless_present = "template", conflicts_with = "template")]
    definition: Option<PathBuf>,
    /// A SAM or CloudFormation template (YAML or JSON): its functions (code from its CodeUri
    /// folders, InlineCode or ZipFile), state machines and resources (DynamoDB tables, SQS
    /// queues, SNS topics and subscriptions, S3 buckets, EventBridge rules) are imported; the
    /// state machine run is the one --state-machine LOGICAL_ID names (or the template's only
    /// one), the others can be started by it. What is imported and what StepLab cannot emulate
    /// is printed on stderr.
    #[arg(long, value_name = "FILE")]
    template: Option<PathBuf>,
    /// A template parameter's value (over its Default); repeatable.
    #[arg(long = "parameter", value_name = "KEY=VALUE", requires = "template")]
    parameters: Vec<String>,
    /// The stack name the template is imported as (AWS::StackName, and the first part of the
    /// names of resources the template does not name: STACK-LogicalId).
    #[arg(long, default_value = "steplab", requires = "template")]
    stack_name: String,
    /// The execution input, as JSON text.
    #[arg(long, default_value = "{}", conflicts_with = "input_file")]
    input: String,
    /// Read the execution input from this file.
    #[arg(long)]
    input_file: Option<PathBuf>,
    /// A Lambda function: NAME=FILE[:HANDLER], NAME as in the function's ARN, FILE its code
    /// (served as /var/task/FILE): FILE.py runs on python3.11 (default handler
    /// FILE.lambda_handler), FILE.mjs or FILE.js on nodejs22.x through `node` (default handler
    /// FILE.handler), unless --runtime names another; repeatable. Or NAME=DIR[:HANDLER]: the
    /// folder is the deployment package (/var/task), as a template's CodeUri folder is read; the
    /// handler's file is its code (default: lambda_function.py, app.py, index.mjs, index.js or
    /// index.cjs, whichever it has).
    #[arg(long = "function", value_name = "NAME=FILE[:HANDLER]")]
    functions: Vec<String>,
    /// The runtime of the --function files of its language: python3.14, python3.13, python3.12
    /// or python3.11 for FILE.py, nodejs24.x, nodejs22.x or nodejs20.x for FILE.mjs and FILE.js.
    /// A deprecated runtime (python3.9, nodejs18.x) runs on the nearest one, with a notice.
    #[arg(long, value_name = "RUNTIME")]
    runtime: Option<String>,
    /// A mock configuration (Step Functions Local's MockConfigFile format); needs --test-case.
    #[arg(long, requires = "test_case")]
    mock_config: Option<PathBuf>,
    /// The test case of the mock configuration to run.
    #[arg(long, requires = "mock_config")]
    test_case: Option<String>,
    /// Print one JSON object: {"status", "output"} or {"status", "error", "cause"} (and "history" with --history).
    #[arg(long)]
    json: bool,
    /// Print the event history (as GetExecutionHistory returns it) instead of the output.
    #[arg(long)]
    history: bool,
    /// Print the functions' logs (START … REPORT) on stderr.
    #[arg(long)]
    logs: bool,
    /// The functions' log format (the console's Logging configuration): Text, or JSON (JSON
    /// application log lines, platform.start/platform.report system lines).
    #[arg(long, default_value = "Text", value_name = "Text|JSON")]
    log_format: String,
    /// With --log-format JSON: the functions' application log level (TRACE, DEBUG, INFO, WARN,
    /// ERROR, FATAL; default INFO), their AWS_LAMBDA_LOG_LEVEL.
    #[arg(long, value_name = "LEVEL")]
    application_log_level: Option<String>,
    /// With --log-format JSON: the functions' system log level (DEBUG, INFO, WARN; default INFO).
    #[arg(long, value_name = "LEVEL")]
    system_log_level: Option<String>,
    /// The execution name (default: a random UUID).
    #[arg(long)]
    name: Option<String>,
    /// The state machine name.
    #[arg(long, default_value = "StateMachine")]
    state_machine_name: String,
    /// The state machine type: STANDARD, or EXPRESS (checked as AWS checks Express definitions,
    /// run as StartSyncExecution runs them: the execution ARN has the express form).
    #[arg(long = "type", default_value = "STANDARD", value_parser = ["STANDARD", "EXPRESS"])]
    machine_type: String,
    /// The region the execution runs in (its ARNs and context object); functions named in
    /// another region are served all the same.
    #[arg(long, default_value = "ca-central-1")]
    region: String,
    /// The account the execution runs in (its ARNs and context object); functions named with
    /// another account are served all the same.
    #[arg(long, default_value = "123456789012", value_parser = account_id)]
    account: String,
    /// The seed every random choice is drawn from (ids, jitter), for a run that repeats exactly.
    #[arg(long)]
    seed: Option<u64>,
    /// The start time in milliseconds since 1970 (default now); the clock is virtual from there.
    #[arg(long)]
    start_millis: Option<i64>,
    /// The AWS resources the run starts with (DynamoDB tables and items, SQS queues, SNS topics
    /// and subscriptions, S3 buckets and objects, EventBridge rules and targets), which Task
    /// states on `arn:aws:states:::dynamodb:putItem`, `aws-sdk:s3:getObject` and the like use:
    /// a JSON list of service calls in AWS's own shapes, applied in order, e.g.
    /// [{"service": "dynamodb", "operation": "CreateTable", "input": {"TableName": "Orders", ...}},
    /// {"service": "sqs", "operation": "CreateQueue", "input": {"QueueName": "jobs"}}]
    /// (service dynamodb, sqs, sns, s3 or events), or a file --save-resources wrote. Without
    /// --resources or --save-resources, those integrations get StepLab's default responses
    /// (SNS Publish answers a MessageId, …) and the AWS SDK integrations must be mocked.
    #[arg(long, value_name = "FILE")]
    resources: Option<PathBuf>,
    /// Write the resources as the run left them (JSON) to FILE; --resources reads it back. Turns
    /// the services on (empty unless --resources) for a run without --resources.
    #[arg(long, value_name = "FILE")]
    save_resources: Option<PathBuf>,
    /// A state machine that `arn:aws:states:::states:startExecution` (.sync, .sync:2) may start:
    /// NAME=FILE, NAME as in its ARN, FILE its definition; repeatable. With --template, a value
    /// without `=` is the logical id (or name) of the template's state machine to run.
    #[arg(long = "state-machine", value_name = "NAME=FILE")]
    state_machines: Vec<String>,
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Run(args) => match run(&args) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(2)
            }
        },
        Command::Validate { definition } => match validate(&definition) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(2)
            }
        },
    }
}

fn read(path: &PathBuf) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn validate(path: &PathBuf) -> Result<ExitCode> {
    let src = read(path)?;
    let parsed = steplab_asl::parse(&src);
    report::diagnostics(&path.display().to_string(), &src, &parsed.diagnostics);
    Ok(if parsed.machine.is_some() { ExitCode::SUCCESS } else { ExitCode::from(2) })
}

/// The state machine a run starts: from its definition file, or from a template.
struct Source {
    definition: String,
    origin: String,
    name: String,
    express: bool,
    /// What the template gave (functions, other state machines, resources).
    imported: Option<steplab_template::Import>,
}

fn source(args: &RunArgs, partition: &Partition) -> Result<Source> {
    let Some(path) = &args.template else {
        let path = args.definition.as_ref().expect("clap requires a definition or --template");
        return Ok(Source {
            definition: read(path)?,
            origin: path.display().to_string(),
            name: args.state_machine_name.clone(),
            express: args.machine_type == "EXPRESS",
            imported: None,
        });
    };
    let mut options = steplab_template::Options {
        stack_name: args.stack_name.clone(),
        region: partition.region.clone(),
        account: partition.account.clone(),
        ..Default::default()
    };
    for spec in &args.parameters {
        let Some((key, value)) = spec.split_once('=') else {
            bail!("--parameter {spec}: expected KEY=VALUE");
        };
        options.parameters.insert(key.to_owned(), value.to_owned());
    }
    let text = read(path)?;
    let imported = template::import(path, &text, &options);
    template::report(path, &imported);
    let wanted = args.state_machines.iter().find(|s| !s.contains('='));
    let machine = template::pick(&imported, wanted.map(String::as_str))?;
    Ok(Source {
        definition: machine.definition.clone(),
        origin: format!("{} ({})", path.display(), machine.logical_id),
        name: machine.name.clone(),
        express: machine.machine_type == "EXPRESS",
        imported: Some(imported.clone()),
    })
}

fn run(args: &RunArgs) -> Result<ExitCode> {
    let partition = Partition { region: args.region.clone(), account: args.account.clone() };
    let source = source(args, &partition)?;
    let src = source.definition.clone();
    let express = source.express;
    let parsed = steplab_asl::parse_with(&src, steplab_asl::ParseOptions { express });
    report::diagnostics(&source.origin, &src, &parsed.diagnostics);
    let Some(machine) = parsed.machine else {
        bail!("{} is not a valid state machine definition", source.origin);
    };

    let (input_text, input_origin) = match &args.input_file {
        Some(path) => (read(path)?, path.display().to_string()),
        None => (args.input.clone(), "--input".to_owned()),
    };
    let input: serde_json::Value = serde_json::from_str(&input_text).map_err(|e| {
        anyhow::anyhow!(
            "{input_origin}: invalid JSON at line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;

    let mut functions = functions::Hosts::default();
    if let Some(imported) = &source.imported {
        for f in &imported.functions {
            functions.add(template::function_config(f, &partition)?);
        }
    }
    let logging = logging::logging_config(
        &args.log_format,
        args.application_log_level.as_deref(),
        args.system_log_level.as_deref(),
    )?;
    for spec in &args.functions {
        let Some((name, rest)) = spec.split_once('=') else {
            bail!("--function {spec}: expected NAME=FILE[:HANDLER] (FILE.py, FILE.mjs or FILE.js)");
        };
        let (path, handler) = match rest.rsplit_once(':') {
            Some((path, handler)) if handler.contains('.') && !handler.contains('/') => {
                (path, Some(handler))
            }
            _ => (rest, None),
        };
        // a folder: its files are the function's package (NAME=DIR[:HANDLER])
        let (path, handler) = if PathBuf::from(rest).is_dir() {
            (rest, None)
        } else {
            match rest.rsplit_once(':') {
                Some((dir, handler)) if handler.contains('.') && PathBuf::from(dir).is_dir() => {
                    (dir, Some(handler))
                }
                _ => (path, handler),
            }
        };
        let path = PathBuf::from(path);
        steplab_runner::names::check_function_name(name)
            .map_err(|rule| anyhow::anyhow!("--function {name}: {rule}"))?;
        let mut config = if path.is_dir() {
            let f = template::folder_function(&path, handler)
                .map_err(|e| anyhow::anyhow!("--function {name}: {e}"))?;
            for skipped in &f.skipped {
                eprintln!("--function {name}: left out of its package: {skipped}");
            }
            let mut config =
                functions::config(name, &f.code, &f.file_name, Some(&f.handler), &partition);
            config.files = f.files;
            config.check_package().map_err(|e| anyhow::anyhow!("--function {name}: {e}"))?;
            config
        } else {
            let file_name = path
                .file_name()
                .and_then(|f| f.to_str())
                .unwrap_or("lambda_function.py")
                .to_owned();
            functions::config(name, &read(&path)?, &file_name, handler, &partition)
        };
        if let Some(runtime) = &args.runtime
            && let Some(notice) = functions::set_runtime(&mut config, runtime)?
        {
            eprintln!("--function {name}: {notice}");
        }
        config.logging = logging.clone();
        functions.add(config);
    }

    let start_millis = args.start_millis.unwrap_or_else(now_millis);
    #[allow(clippy::cast_sign_loss)]
    let seed = args.seed.unwrap_or(start_millis as u64);
    let mut ids = Ids::new(seed);
    let name = match &args.name {
        Some(n) => {
            steplab_runner::names::check_execution_name(n)
                .map_err(|rule| anyhow::anyhow!("--name {n}: {rule}"))?;
            n.clone()
        }
        None => ids.uuid(),
    };
    let options = RunOptions {
        partition: partition.clone(),
        name,
        state_machine_name: source.name.clone(),
        role_name: format!("StepFunctions-{}-role-{}", source.name, ids.suffix(9)),
        start_millis,
        seed,
        express,
        version_arn: None,
        alias_arn: None,
    };
    let mocks = match (&args.mock_config, &args.test_case) {
        (Some(path), Some(test_case)) => {
            let config = steplab_asl::MockConfig::parse(&read(path)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            Some(config.test_case(&source.name, test_case).map_err(|e| {
                anyhow::anyhow!(
                    "{}: {e} (the state machine is named by --state-machine-name)",
                    path.display()
                )
            })?)
        }
        _ => None,
    };
    let execution = start(machine, input, &options);
    let setup =
        Setup { functions: functions.timeouts(), mocks, partition: partition.clone(), seed };
    let mut driver = Driver::new(execution, setup);
    let extra = match &args.resources {
        Some(path) => Some(
            serde_json::from_str::<serde_json::Value>(&read(path)?)
                .with_context(|| format!("{}: not JSON", path.display()))?,
        ),
        None => None,
    };
    if let Some(imported) = &source.imported {
        // a template is the whole world of its run: the services are on (empty but for the
        // template's resources), as a deployed stack's are
        let seed = template::seed(imported, extra)?;
        let services = steplab_runner::resources::seed(&seed, &partition, start_millis)
            .map_err(|e| anyhow::anyhow!("the template's resources: {e}"))?;
        driver.set_services(services);
    } else if let (Some(path), Some(seed)) = (&args.resources, &extra) {
        let services = steplab_runner::resources::seed(seed, &partition, start_millis)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        driver.set_services(services);
    } else if args.save_resources.is_some() {
        // no resources to start with, and the run's are wanted: the services start empty
        driver.set_services(steplab_runner::Services::default());
    }
    if let Some(imported) = &source.imported {
        for other in imported.state_machines.iter().filter(|m| m.name != source.name) {
            driver.register_state_machine(&other.name, &other.definition);
        }
    }
    for spec in &args.state_machines {
        let Some((name, path)) = spec.split_once('=') else {
            if source.imported.is_some() {
                continue; // the template's state machine to run, picked above
            }
            bail!("--state-machine {spec}: expected NAME=FILE");
        };
        steplab_runner::names::check_state_machine_name(name)
            .map_err(|rule| anyhow::anyhow!("--state-machine {name}: {rule}"))?;
        let definition = read(&PathBuf::from(path))?;
        let parsed = steplab_asl::parse(&definition);
        report::diagnostics(path, &definition, &parsed.diagnostics);
        if parsed.machine.is_none() {
            bail!("--state-machine {name}: {path} is not a valid state machine definition");
        }
        driver.register_state_machine(name, &definition);
    }
    let mut clock = start_millis;
    steplab_runner::sync::run_to_end(&mut driver, &mut functions, &mut clock);
    if let Some(path) = &args.save_resources {
        let text = serde_json::to_string_pretty(driver.services())?;
        std::fs::write(path, text + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if matches!(driver.execution().status(), ExecutionStatus::Running) {
        eprintln!(
            "The execution waits for a task token's callback (SendTaskSuccess) no one sends in this run; its tokens:"
        );
        for token in driver.task_tokens() {
            eprintln!("  {token}");
        }
    }
    let execution = driver.execution();
    let logs = driver.logs();

    if args.logs {
        for entry in logs {
            eprint!("{}", entry.log);
        }
    }
    if args.json {
        let mut report = report::json(execution, args.history);
        let started = driver.started_executions();
        if !started.is_empty() {
            report["startedExecutions"] = started.iter().map(|s| s.description.clone()).collect();
        }
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(if matches!(execution.status(), ExecutionStatus::Succeeded { .. }) {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    if args.history {
        let events: Vec<_> =
            execution.history().iter().map(steplab_asl::HistoryEvent::to_json).collect();
        println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "events": events }))?);
    }
    Ok(match execution.status() {
        ExecutionStatus::Succeeded { output } => {
            if !args.history {
                println!("{}", serde_json::to_string_pretty(output)?);
            }
            ExitCode::SUCCESS
        }
        other => {
            report::failure(other);
            ExitCode::FAILURE
        }
    })
}

#[allow(clippy::disallowed_methods, clippy::cast_possible_truncation)]
fn now_millis() -> i64 {
    // the CLI is the host: it owns the clock the engine is driven with
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// An AWS account id: twelve digits.
fn account_id(text: &str) -> Result<String, String> {
    if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
        Ok(text.to_owned())
    } else {
        Err("an account id is twelve digits".into())
    }
}
