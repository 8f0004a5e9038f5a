//! Export › AWS SAM template / AWS CloudFormation template: the state machine, each Python or
//! Node.js function it calls with its code inline, and the execution role with the least-privilege policies of the
//! "Confirm role creation" dialog ([`crate::studio::role::permissions`]). No `web_sys` here.
//!
//! The definition goes in as it is, except that each full ARN of an exported function becomes
//! `${<Function>Arn}` (with its qualifier after it), filled in by `DefinitionSubstitutions` from the
//! function's `Arn` attribute: substituting StepLab's ARNs back gives StepLab's definition exactly.
//! Names and partial ARNs are kept (the template keeps each function's name).
//!
//! Inline code is written by CloudFormation to a file named `index` (`index.py`, `index.js`), so the
//! handler `lambda_function.lambda_handler` becomes `index.lambda_handler` and `index.handler`
//! stays. (Whether Lambda's Node.js runtimes load an inline `index.js` written as an ES module —
//! `export const handler` — was not confirmed here.)

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};
use steplab_runner::Partition;

use crate::export::refs::function_uses;
use crate::store::{Function, StateMachine};
use crate::studio::role::permissions;

/// Which kind of template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// AWS SAM (`Transform: AWS::Serverless-2016-10-31`).
    Sam,
    /// Plain AWS CloudFormation.
    CloudFormation,
}

impl Flavor {
    pub fn label(self) -> &'static str {
        match self {
            Self::Sam => "AWS SAM template",
            Self::CloudFormation => "AWS CloudFormation template",
        }
    }

    /// The file name a download gets.
    pub fn file_name(self, machine: &str) -> String {
        match self {
            Self::Sam => format!("{machine}-sam-template.json"),
            Self::CloudFormation => format!("{machine}-cloudformation-template.json"),
        }
    }
}

/// The policies the console attaches for logging to CloudWatch Logs (from the Step Functions
/// developer guide, "IAM policies for logging to CloudWatch Logs").
const LOG_DELIVERY_ACTIONS: [&str; 10] = [
    "logs:CreateLogDelivery",
    "logs:CreateLogStream",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutLogEvents",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
];

/// Lambda's runtime identifier for a runtime as StepLab names it ("Python 3.11" → `python3.11`,
/// "Node.js 22.x" → `nodejs22.x`); a runtime StepLab does not run is exported as python3.11.
pub fn runtime_id(runtime: &str) -> String {
    let id = steplab_function::runtime::id(runtime);
    if id.starts_with("python3.") || steplab_node::runtimes::is_node(&id) {
        id
    } else {
        "python3.11".into()
    }
}

/// The handler of the inline code file `index.py`.
pub fn inline_handler(handler: &str) -> String {
    format!("index.{}", handler.rsplit('.').next().unwrap_or(handler))
}

/// `LoggingConfig` of `AWS::Lambda::Function` (and SAM's function) when it is not the default:
/// `{"LogFormat": "JSON", "ApplicationLogLevel": …, "SystemLogLevel": …}` (the levels only with
/// JSON, as Lambda accepts them).
pub fn logging_config(logging: &steplab_function::LoggingConfig) -> Option<Value> {
    if logging.is_default() {
        return None;
    }
    let mut config = Map::new();
    config.insert("LogFormat".into(), json!(logging.log_format.as_str()));
    if logging.log_format == steplab_function::LogFormat::Json {
        if let Some(level) = &logging.application_log_level {
            config.insert("ApplicationLogLevel".into(), json!(level));
        }
        if let Some(level) = &logging.system_log_level {
            config.insert("SystemLogLevel".into(), json!(level));
        }
    }
    Some(Value::Object(config))
}

/// A CloudFormation logical ID (letters and digits) from `name`, not yet in `taken`.
fn logical_id(name: &str, suffix: &str, taken: &mut BTreeSet<String>) -> String {
    let mut base: String = name.chars().filter(char::is_ascii_alphanumeric).collect();
    if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
        base.insert_str(0, "Function");
    }
    base.push_str(suffix);
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}{n}");
        n += 1;
    }
    id
}

/// The template of `machine` with `functions` (those it calls; others are left out), as JSON.
pub fn template(
    flavor: Flavor,
    machine: &StateMachine,
    functions: &[Function],
    partition: &Partition,
) -> Result<Value, String> {
    let mut definition: Value = serde_json::from_str(&machine.definition)
        .map_err(|e| format!("The definition is not JSON: {e}"))?;
    let mut taken: BTreeSet<String> =
        ["StateMachine", "StateMachineRole", "StateMachineLogGroup"].map(String::from).into();
    let mut resources = Map::new();
    // (function name, logical id) of the exported functions the definition calls
    let mut ids: Vec<(String, String)> = Vec::new();
    let uses = function_uses(&definition);
    for f in functions {
        if !uses
            .iter()
            .any(|u| u.function.name == f.config.function_name && u.function.is_in(partition))
        {
            continue;
        }
        let id = logical_id(&f.config.function_name, "", &mut taken);
        let mut properties = Map::new();
        properties.insert("FunctionName".into(), json!(f.config.function_name));
        properties.insert(
            "Description".into(),
            json!(format!("{} exported from StepLab", f.config.function_name)),
        );
        if f.config.files.is_empty() {
            let code_key = match flavor {
                Flavor::Sam => ("InlineCode", json!(f.config.code)),
                Flavor::CloudFormation => ("Code", json!({ "ZipFile": f.config.code })),
            };
            properties.insert(code_key.0.into(), code_key.1);
            properties.insert("Handler".into(), json!(inline_handler(&f.config.handler)));
        } else {
            // a package of several files: a folder beside the template (package_files)
            let key = match flavor {
                Flavor::Sam => "CodeUri",
                Flavor::CloudFormation => "Code",
            };
            properties.insert(key.into(), json!(code_folder(&f.config.function_name)));
            properties.insert("Handler".into(), json!(f.config.handler));
        }
        properties.insert("Runtime".into(), json!(runtime_id(&f.config.runtime)));
        properties.insert("Timeout".into(), json!(f.config.timeout_seconds));
        properties.insert("MemorySize".into(), json!(f.config.memory_size_mb));
        if !f.config.environment.is_empty() {
            let variables: Map<String, Value> =
                f.config.environment.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
            properties.insert("Environment".into(), json!({ "Variables": variables }));
        }
        if let Some(logging) = logging_config(&f.config.logging) {
            properties.insert("LoggingConfig".into(), logging);
        }
        let kind = match flavor {
            Flavor::Sam => "AWS::Serverless::Function",
            Flavor::CloudFormation => {
                // the console's basic execution role: logs only
                let role = logical_id(&f.config.function_name, "Role", &mut taken);
                resources.insert(
                    role.clone(),
                    json!({
                        "Type": "AWS::IAM::Role",
                        "Properties": {
                            "AssumeRolePolicyDocument": assume_role("lambda.amazonaws.com"),
                            "ManagedPolicyArns": [{ "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }]
                        }
                    }),
                );
                properties.insert("Role".into(), json!({ "Fn::GetAtt": [role, "Arn"] }));
                "AWS::Lambda::Function"
            }
        };
        resources.insert(id.clone(), json!({ "Type": kind, "Properties": properties }));
        ids.push((f.config.function_name.clone(), id));
    }
    let id_of = |name: &str| ids.iter().find(|(n, _)| n == name).map(|(_, id)| id.as_str());

    // full ARNs of exported functions become substitutions
    let mut substitutions = Map::new();
    for u in &uses {
        let Some(id) = id_of(&u.function.name) else { continue };
        if !(u.text.starts_with("arn:") && u.function.is_in(partition)) {
            continue;
        }
        let key = format!("{id}Arn");
        let placeholder = match &u.function.qualifier {
            Some(q) => format!("${{{key}}}:{q}"),
            None => format!("${{{key}}}"),
        };
        if let Some(slot) = definition.pointer_mut(&u.pointer) {
            *slot = json!(placeholder);
        }
        substitutions.insert(key, json!({ "Fn::GetAtt": [id, "Arn"] }));
    }

    // the role: the dialog's policies, with exported functions' ARNs taken from the template
    let original: Value = serde_json::from_str(&machine.definition).unwrap_or_default();
    let resource_of = |arn: &str| -> Value {
        for (name, id) in &ids {
            let own = partition.function_arn(name);
            if arn == own {
                return json!({ "Fn::GetAtt": [id, "Arn"] });
            }
            if arn == format!("{own}:*") {
                return json!({ "Fn::Sub": format!("${{{id}.Arn}}:*") });
            }
        }
        json!(arn)
    };
    let mut policies: Vec<Value> = permissions(&original, partition)
        .iter()
        .map(|p| {
            json!({
                "PolicyName": p.policy,
                "PolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Action": p.actions,
                        "Resource": p.resources.iter().map(|r| resource_of(r)).collect::<Vec<_>>()
                    }]
                }
            })
        })
        .collect();
    let logging = machine.config.log_level != "OFF";
    if logging {
        policies.push(json!({
            "PolicyName": "CloudWatchLogsDeliveryFullAccessPolicy",
            "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{ "Effect": "Allow", "Action": LOG_DELIVERY_ACTIONS, "Resource": "*" }]
            }
        }));
        resources.insert(
            "StateMachineLogGroup".into(),
            json!({
                "Type": "AWS::Logs::LogGroup",
                "Properties": { "LogGroupName": format!("/aws/vendedlogs/states/{}-Logs", machine.name) }
            }),
        );
    }
    resources.insert(
        "StateMachineRole".into(),
        json!({
            "Type": "AWS::IAM::Role",
            "Properties": {
                "Path": "/service-role/",
                "AssumeRolePolicyDocument": assume_role("states.amazonaws.com"),
                "Policies": policies
            }
        }),
    );

    let mut properties = Map::new();
    let kind = if machine.kind == "EXPRESS" { "EXPRESS" } else { "STANDARD" };
    let logging_configuration = json!({
        "Level": machine.config.log_level,
        "IncludeExecutionData": machine.config.include_execution_data,
        "Destinations": [{ "CloudWatchLogsLogGroup": { "LogGroupArn": { "Fn::GetAtt": ["StateMachineLogGroup", "Arn"] } } }]
    });
    match flavor {
        Flavor::Sam => {
            properties.insert("Name".into(), json!(machine.name));
            properties.insert("Type".into(), json!(kind));
            properties.insert("Definition".into(), definition);
            if !substitutions.is_empty() {
                properties.insert("DefinitionSubstitutions".into(), Value::Object(substitutions));
            }
            properties.insert("Role".into(), json!({ "Fn::GetAtt": ["StateMachineRole", "Arn"] }));
            if machine.config.tracing {
                properties.insert("Tracing".into(), json!({ "Enabled": true }));
            }
            if logging {
                properties.insert("Logging".into(), logging_configuration);
            }
            if !machine.config.tags.is_empty() {
                let tags: Map<String, Value> =
                    machine.config.tags.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
                properties.insert("Tags".into(), Value::Object(tags));
            }
        }
        Flavor::CloudFormation => {
            properties.insert("StateMachineName".into(), json!(machine.name));
            properties.insert("StateMachineType".into(), json!(kind));
            properties.insert("Definition".into(), definition);
            if !substitutions.is_empty() {
                properties.insert("DefinitionSubstitutions".into(), Value::Object(substitutions));
            }
            properties
                .insert("RoleArn".into(), json!({ "Fn::GetAtt": ["StateMachineRole", "Arn"] }));
            if machine.config.tracing {
                properties.insert("TracingConfiguration".into(), json!({ "Enabled": true }));
            }
            if logging {
                properties.insert("LoggingConfiguration".into(), logging_configuration);
            }
            if !machine.config.tags.is_empty() {
                let tags: Vec<Value> = machine
                    .config
                    .tags
                    .iter()
                    .map(|(k, v)| json!({ "Key": k, "Value": v }))
                    .collect();
                properties.insert("Tags".into(), json!(tags));
            }
        }
    }
    let kind = match flavor {
        Flavor::Sam => "AWS::Serverless::StateMachine",
        Flavor::CloudFormation => "AWS::StepFunctions::StateMachine",
    };
    resources.insert("StateMachine".into(), json!({ "Type": kind, "Properties": properties }));

    let mut template = Map::new();
    template.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    if flavor == Flavor::Sam {
        template.insert("Transform".into(), json!("AWS::Serverless-2016-10-31"));
    }
    template.insert(
        "Description".into(),
        json!(format!(
            "State machine {} and its Lambda functions, exported from StepLab",
            machine.name
        )),
    );
    template.insert("Resources".into(), Value::Object(resources));
    template.insert(
        "Outputs".into(),
        json!({ "StateMachineArn": { "Value": { "Ref": "StateMachine" } } }),
    );
    Ok(Value::Object(template))
}

fn assume_role(service: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Principal": { "Service": service }, "Action": "sts:AssumeRole" }]
    })
}

/// The template as the file a person downloads (JSON, two-space indent).
/// The folder beside the template that holds a function's package when it has several files.
pub fn code_folder(function_name: &str) -> String {
    format!("functions/{function_name}/")
}

/// The files to put beside the template (path → text): the package of each exported function
/// with several files, under [`code_folder`]. Empty when every function's code is inline.
pub fn package_files(
    machine: &StateMachine,
    functions: &[Function],
    partition: &Partition,
) -> Vec<(String, String)> {
    let Ok(definition) = serde_json::from_str::<Value>(&machine.definition) else {
        return Vec::new();
    };
    let uses = function_uses(&definition);
    let mut out = Vec::new();
    for f in functions {
        if f.config.files.is_empty()
            || !uses
                .iter()
                .any(|u| u.function.name == f.config.function_name && u.function.is_in(partition))
        {
            continue;
        }
        let folder = code_folder(&f.config.function_name);
        for (path, text) in f.config.package_files() {
            out.push((format!("{folder}{path}"), text.to_owned()));
        }
    }
    out
}

/// A zip of the template (`template.json`) and the [`package_files`] beside it, stored without
/// compression.
pub fn zip_with_files(template: &str, files: &[(String, String)]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let entries = std::iter::once(("template.json", template))
        .chain(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    for (path, text) in entries {
        writer.start_file(path, options).map_err(|e| e.to_string())?;
        writer.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    }
    writer.finish().map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

pub fn template_text(
    flavor: Flavor,
    machine: &StateMachine,
    functions: &[Function],
    partition: &Partition,
) -> Result<String, String> {
    template(flavor, machine, functions, partition)
        .and_then(|t| serde_json::to_string_pretty(&t).map_err(|e| e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::studio::config::MachineConfig;

    fn lab() -> (StateMachine, Vec<Function>) {
        let mut f = Function::new("HelloStepFunction", "Python 3.11", 0);
        f.config.code = include_str!("../../../tests/data/lab/hello_step_function.py").into();
        let machine = StateMachine {
            name: "SimpleLab".into(),
            kind: "STANDARD".into(),
            definition: include_str!("../../../tests/data/lab/simple_lab.asl.json").into(),
            role_name: "StepFunctions-SimpleLab-role-0a1b2c3d".into(),
            creation_millis: 0,
            versions: Default::default(),
            config: MachineConfig::default(),
        };
        (machine, vec![f])
    }

    /// Two functions (one under a name that is no logical ID), a function the workspace does not
    /// have, SNS, logging, tracing and tags, Express.
    fn bigger() -> (StateMachine, Vec<Function>) {
        let mut a = Function::new("order-check_v2", "Python 3.11", 0);
        a.config.environment =
            vec![("TABLE".into(), "orders".into()), ("MODE".into(), "strict".into())];
        a.config.timeout_seconds = 30;
        a.config.memory_size_mb = 512;
        a.config.handler = "lambda_function.handle".into();
        a.config.logging = steplab_function::LoggingConfig::json(Some("DEBUG"), Some("WARN"));
        let b = Function::new("Notify", "Python 3.11", 0);
        let unused = Function::new("Unused", "Python 3.11", 0);
        let definition = r#"{
  "Comment": "Orders",
  "QueryLanguage": "JSONata",
  "StartAt": "Fan out",
  "States": {
    "Fan out": {
      "Type": "Parallel",
      "Branches": [
        {"StartAt": "Check", "States": {"Check": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "arn:aws:lambda:ca-central-1:123456789012:function:order-check_v2:$LATEST", "Payload": "{% $states.input %}"}, "End": true}}},
        {"StartAt": "Notify", "States": {"Notify": {"Type": "Task", "Resource": "arn:aws:lambda:ca-central-1:123456789012:function:Notify", "Next": "Elsewhere"},
          "Elsewhere": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "arn:aws:lambda:us-east-1:210987654321:function:Elsewhere"}, "Next": "Publish"},
          "Publish": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish", "Arguments": {"TopicArn": "arn:aws:sns:ca-central-1:123456789012:orders", "Message": "{% $states.input %}"}, "End": true}}}
      ],
      "Next": "Again"
    },
    "Again": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": {"FunctionName": "Notify"}, "End": true}
  }
}"#;
        // (from JSON: the other settings keep their defaults)
        let config: MachineConfig = serde_json::from_value(json!({
            "log_level": "ALL", "include_execution_data": true, "tracing": true,
            "tags": [["team", "orders"]]
        }))
        .unwrap();
        let machine = StateMachine {
            name: "Orders".into(),
            kind: "EXPRESS".into(),
            definition: definition.into(),
            role_name: "StepFunctions-Orders-role-1".into(),
            creation_millis: 0,
            versions: Default::default(),
            config,
        };
        (machine, vec![a, b, unused])
    }

    /// The definition inside a template, with each substitution replaced by the StepLab ARN of the
    /// function its `Fn::GetAtt` names.
    fn definition_inside(template: &Value, partition: &Partition) -> Value {
        let resources = &template["Resources"];
        let properties = &resources["StateMachine"]["Properties"];
        let mut text = serde_json::to_string(&properties["Definition"]).unwrap();
        if let Some(subs) = properties.get("DefinitionSubstitutions").and_then(Value::as_object) {
            for (key, value) in subs {
                let id = value["Fn::GetAtt"][0].as_str().unwrap();
                assert_eq!(value["Fn::GetAtt"][1], "Arn");
                let name = resources[id]["Properties"]["FunctionName"].as_str().unwrap();
                text = text.replace(&format!("${{{key}}}"), &partition.function_arn(name));
            }
        }
        assert!(!text.contains("${"), "a placeholder is left: {text}");
        serde_json::from_str(&text).unwrap()
    }

    fn both(machine: &StateMachine, functions: &[Function]) -> [(Flavor, Value); 2] {
        let partition = Partition::default();
        [Flavor::Sam, Flavor::CloudFormation].map(|flavor| {
            let text = template_text(flavor, machine, functions, &partition).unwrap();
            (flavor, serde_json::from_str(&text).unwrap())
        })
    }

    #[test]
    fn the_definition_inside_equals_steplabs() {
        let partition = Partition::default();
        for (machine, functions) in [lab(), bigger()] {
            let original: Value = serde_json::from_str(&machine.definition).unwrap();
            for (flavor, template) in both(&machine, &functions) {
                assert_eq!(definition_inside(&template, &partition), original, "{flavor:?}");
                // and the ARNs in it are placeholders, not StepLab's account
                let inside =
                    template["Resources"]["StateMachine"]["Properties"]["Definition"].to_string();
                assert!(!inside.contains("123456789012:function"), "{inside}");
            }
        }
    }

    #[test]
    fn each_function_with_its_code_inline_and_configuration() {
        let (machine, functions) = bigger();
        for (flavor, template) in both(&machine, &functions) {
            let resources = template["Resources"].as_object().unwrap();
            let fns: Vec<&Value> = resources
                .values()
                .filter(|r| {
                    matches!(
                        r["Type"].as_str(),
                        Some("AWS::Serverless::Function" | "AWS::Lambda::Function")
                    )
                })
                .collect();
            // the function the definition does not call is left out
            assert_eq!(fns.len(), 2, "{flavor:?}");
            let a = resources["ordercheckv2"]["Properties"].clone();
            let code = match flavor {
                Flavor::Sam => &a["InlineCode"],
                Flavor::CloudFormation => &a["Code"]["ZipFile"],
            };
            assert_eq!(code, &json!(functions[0].config.code));
            assert_eq!(a["FunctionName"], "order-check_v2");
            assert_eq!(a["Handler"], "index.handle");
            assert_eq!(a["Runtime"], "python3.11");
            assert_eq!(a["Timeout"], 30);
            assert_eq!(a["MemorySize"], 512);
            assert_eq!(
                a["Environment"],
                json!({"Variables": {"TABLE": "orders", "MODE": "strict"}})
            );
            assert_eq!(resources["Notify"]["Properties"]["Handler"], "index.lambda_handler");
            assert_eq!(resources["Notify"]["Properties"].get("Environment"), None);
            assert_eq!(
                a["LoggingConfig"],
                json!({"LogFormat": "JSON", "ApplicationLogLevel": "DEBUG", "SystemLogLevel": "WARN"})
            );
            assert_eq!(resources["Notify"]["Properties"].get("LoggingConfig"), None);
            let sm = &resources["StateMachine"]["Properties"];
            match flavor {
                Flavor::Sam => {
                    assert_eq!(template["Transform"], "AWS::Serverless-2016-10-31");
                    assert_eq!(sm["Type"], "EXPRESS");
                    assert_eq!(sm["Tracing"], json!({"Enabled": true}));
                    assert_eq!(sm["Tags"], json!({"team": "orders"}));
                    assert_eq!(sm["Logging"]["Level"], "ALL");
                }
                Flavor::CloudFormation => {
                    assert_eq!(template.get("Transform"), None);
                    assert_eq!(sm["StateMachineType"], "EXPRESS");
                    assert_eq!(sm["TracingConfiguration"], json!({"Enabled": true}));
                    assert_eq!(sm["Tags"], json!([{"Key": "team", "Value": "orders"}]));
                    assert_eq!(sm["LoggingConfiguration"]["IncludeExecutionData"], true);
                    assert_eq!(
                        resources["ordercheckv2"]["Properties"]["Role"],
                        json!({"Fn::GetAtt": ["ordercheckv2Role", "Arn"]})
                    );
                }
            }
        }
    }

    #[test]
    fn the_role_has_the_dialogs_policies() {
        let partition = Partition::default();
        for (machine, functions) in [lab(), bigger()] {
            let expected =
                permissions(&serde_json::from_str(&machine.definition).unwrap(), &partition);
            for (flavor, template) in both(&machine, &functions) {
                let role = &template["Resources"]["StateMachineRole"]["Properties"];
                assert_eq!(
                    role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
                    "states.amazonaws.com"
                );
                let policies = role["Policies"].as_array().unwrap();
                for (p, e) in policies.iter().zip(&expected) {
                    assert_eq!(p["PolicyName"], json!(e.policy), "{flavor:?}");
                    let statement = &p["PolicyDocument"]["Statement"][0];
                    assert_eq!(statement["Action"], json!(e.actions));
                    // each resource is the dialog's, the exported functions' through the template
                    let resources: Vec<String> = statement["Resource"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| match r {
                            Value::String(s) => s.clone(),
                            r if r.get("Fn::GetAtt").is_some() => {
                                let id = r["Fn::GetAtt"][0].as_str().unwrap();
                                partition.function_arn(
                                    template["Resources"][id]["Properties"]["FunctionName"]
                                        .as_str()
                                        .unwrap(),
                                )
                            }
                            r => {
                                let sub = r["Fn::Sub"].as_str().unwrap();
                                let id = sub.strip_prefix("${").unwrap().split('.').next().unwrap();
                                format!(
                                    "{}:*",
                                    partition.function_arn(
                                        template["Resources"][id]["Properties"]["FunctionName"]
                                            .as_str()
                                            .unwrap()
                                    )
                                )
                            }
                        })
                        .collect();
                    assert_eq!(resources, e.resources);
                }
                let logging = machine.config.log_level != "OFF";
                assert_eq!(policies.len(), expected.len() + usize::from(logging));
            }
        }
    }

    #[test]
    fn logical_ids_are_letters_and_digits_and_unique() {
        let mut taken = BTreeSet::from(["StateMachine".to_owned()]);
        assert_eq!(logical_id("a-b", "", &mut taken), "ab");
        assert_eq!(logical_id("a_b", "", &mut taken), "ab2");
        assert_eq!(logical_id("State-Machine", "", &mut taken), "StateMachine2");
        assert_eq!(logical_id("1st", "", &mut taken), "Function1st");
        assert_eq!(logical_id("ab", "Role", &mut taken), "abRole");
        assert_eq!(runtime_id("Python 3.11"), "python3.11");
        assert_eq!(runtime_id("Node.js 22.x"), "nodejs22.x");
        assert_eq!(inline_handler("index.handler"), "index.handler");
        assert_eq!(runtime_id("python3.12"), "python3.12");
        assert_eq!(inline_handler("lambda_function.lambda_handler"), "index.lambda_handler");
    }

    #[test]
    fn a_definition_that_is_not_json_is_refused() {
        let (mut machine, functions) = lab();
        machine.definition = "{".into();
        assert!(template(Flavor::Sam, &machine, &functions, &Partition::default()).is_err());
    }

    /// Writes the templates to target/export-templates/ for `scripts/cfn-lint.sh` (which
    /// validates them with cfn-lint) — this test checks they are written and read back.
    #[test]
    fn writes_templates_for_cfn_lint() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/export-templates");
        std::fs::create_dir_all(&dir).unwrap();
        for (machine, functions) in [lab(), bigger()] {
            for flavor in [Flavor::Sam, Flavor::CloudFormation] {
                let text =
                    template_text(flavor, &machine, &functions, &Partition::default()).unwrap();
                let path = dir.join(flavor.file_name(&machine.name));
                std::fs::write(&path, &text).unwrap();
                assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
            }
        }
    }

    #[test]
    fn a_function_with_several_files_is_exported_as_a_folder_beside_the_template() {
        let (machine, mut functions) = lab();
        functions[0].config.files.insert("util/helpers.py".into(), "X = 1\n".into());
        let partition = Partition::default();
        for flavor in [Flavor::Sam, Flavor::CloudFormation] {
            let t = template(flavor, &machine, &functions, &partition).unwrap();
            let (_, f) = t["Resources"]
                .as_object()
                .unwrap()
                .iter()
                .find(|(_, r)| r["Type"].as_str().unwrap().ends_with("Function"))
                .unwrap();
            let key = if flavor == Flavor::Sam { "CodeUri" } else { "Code" };
            assert_eq!(f["Properties"][key], json!("functions/HelloStepFunction/"));
            assert_eq!(f["Properties"]["Handler"], json!(functions[0].config.handler));
        }
        let files = package_files(&machine, &functions, &partition);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "functions/HelloStepFunction/lambda_function.py",
                "functions/HelloStepFunction/util/helpers.py"
            ]
        );
        let bytes = zip_with_files("{}", &files).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 3);
        assert_eq!(archive.by_index(0).unwrap().name().unwrap(), "template.json");
    }
}
