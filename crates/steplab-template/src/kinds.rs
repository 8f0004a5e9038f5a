//! Resource types StepLab accepts with nothing to emulate, and those it cannot emulate.

/// Why a type has nothing to emulate, when it has none.
pub(crate) fn accepted(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "AWS::IAM::Role"
        | "AWS::IAM::Policy"
        | "AWS::IAM::ManagedPolicy"
        | "AWS::IAM::InstanceProfile" => "IAM: StepLab checks no permissions",
        "AWS::Logs::LogGroup" | "AWS::Logs::ResourcePolicy" => {
            "CloudWatch Logs: StepLab keeps each run's logs itself"
        }
        "AWS::SQS::QueuePolicy"
        | "AWS::SNS::TopicPolicy"
        | "AWS::S3::BucketPolicy"
        | "AWS::Events::EventBusPolicy"
        | "AWS::Lambda::Permission" => "a resource policy: StepLab checks no permissions",
        "AWS::Serverless::Connector" => "a SAM connector grants permissions: StepLab checks none",
        _ => return None,
    })
}

/// Why StepLab cannot emulate a type it does not import.
pub(crate) fn unsupported(kind: &str) -> String {
    let service = kind.split("::").nth(1).unwrap_or(kind);
    let what = match service {
        "EC2" => "networking (VPCs, subnets, security groups) and instances",
        "KMS" => "encryption keys",
        "ApiGateway" | "ApiGatewayV2" => "APIs",
        "Serverless" => match kind {
            "AWS::Serverless::Api" | "AWS::Serverless::HttpApi" => "APIs",
            "AWS::Serverless::LayerVersion" => "Lambda layers",
            "AWS::Serverless::Application" => "nested applications",
            _ => "this SAM resource type",
        },
        "Lambda" => "this Lambda resource (versions, aliases, layers, event source mappings)",
        _ => "",
    };
    if what.is_empty() {
        format!("StepLab does not emulate {service}")
    } else {
        format!("StepLab does not emulate {what}")
    }
}

/// Whether `kind` has the form of a CloudFormation resource type: `Custom::Name`, or three (or,
/// for a module, four) `::`-separated names of letters and digits (`AWS::SQS::Queue`,
/// `Alexa::ASK::Skill`, a registry type `Org::Service::Resource`).
pub(crate) fn is_resource_type(kind: &str) -> bool {
    let name = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let parts: Vec<&str> = kind.split("::").collect();
    match parts.as_slice() {
        ["Custom", custom] => {
            custom.chars().all(|c| c.is_ascii_alphanumeric() || "_@-".contains(c))
                && !custom.is_empty()
        }
        [_, _, _] | [_, _, _, _] => parts.iter().all(|p| name(p)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn resource_types_have_their_form() {
        for ok in ["AWS::SQS::Queue", "Custom::Thing", "Alexa::ASK::Skill", "My::Org::Res::MODULE"]
        {
            assert!(super::is_resource_type(ok), "{ok}");
        }
        for bad in ["AWS-Events", "AWS::Events", "Custom::", "AWS::::Rule", ""] {
            assert!(!super::is_resource_type(bad), "{bad}");
        }
    }
}
