//! State machine versions and aliases, with the Step Functions API's rules and errors:
//! `PublishStateMachineVersion`, `DeleteStateMachineVersion`, `CreateStateMachineAlias`,
//! `UpdateStateMachineAlias`, `DeleteStateMachineAlias`, and which definition a `StartExecution`
//! on an unqualified, version or alias ARN runs.
//!
//! Pure: the time and the run's seed come in as arguments, and an operation that fails changes
//! nothing.
//!
//! What AWS documents and this follows (API reference and the developer guide's "State machine
//! versions" and "State machine aliases"; shapes from botocore's `stepfunctions` `service-2.json`):
//! a version ARN is the state machine ARN, a colon and the version number; numbers start at 1,
//! increase and are never reused; at most 1,000 versions and 100 aliases a state machine
//! (`ServiceQuotaExceededException`); publishing is idempotent on the current revision; a
//! description is at most 256 characters; an alias name is 1–80 characters of
//! `^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$` (so not only digits); an alias routes to one or two
//! versions of the same state machine with weights of 0–100 summing to 100; a version an alias
//! routes to cannot be deleted; an alias never points to another alias.
//!
//! What is not documented and is StepLab's choice, marked where it is made: the message texts of
//! the rules beyond the API's shape constraints (the weights' sum, two routes to one version, a
//! version in use, a missing version or alias, the quotas), and what a revision is (StepLab keeps
//! no revision ids: the current revision is the definition and role as they are, and it has been
//! published when the latest version has the same definition and role).

use std::fmt;

use serde::{Deserialize, Serialize};

/// At most this many versions a state machine (`PublishStateMachineVersion`).
pub const MAX_VERSIONS: usize = 1000;
/// At most this many aliases a state machine (`CreateStateMachineAlias`).
pub const MAX_ALIASES: usize = 100;
/// The longest version or alias description (`VersionDescription`, `AliasDescription`).
pub const MAX_DESCRIPTION: usize = 256;
/// The longest alias name (`CharacterRestrictedName`).
pub const MAX_ALIAS_NAME: usize = 80;
/// The alias name's pattern, as the API states it.
pub const ALIAS_NAME_PATTERN: &str = r"^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$";

/// An API error: its code (`ValidationException`, `ConflictException`, …) and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The error code, as the SDKs name the exception.
    pub code: &'static str,
    /// The message.
    pub message: String,
}

impl ApiError {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// A published version: an immutable snapshot of the definition and role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Version {
    /// The version number, from 1.
    pub number: u32,
    /// The description given at publishing (may be empty).
    #[serde(default)]
    pub description: String,
    /// The definition as it was when published.
    pub definition: String,
    /// The execution role's ARN as it was when published.
    pub role_arn: String,
    /// When it was published, in milliseconds since the Unix epoch.
    pub creation_millis: i64,
}

/// One entry of an alias's `routingConfiguration`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// The version routed to.
    pub version: u32,
    /// The percentage of executions it gets.
    pub weight: u32,
}

/// An alias: a name that routes executions to one or two versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    /// The alias name.
    pub name: String,
    /// Its description (may be empty).
    #[serde(default)]
    pub description: String,
    /// One or two routes whose weights sum to 100.
    pub routing: Vec<Route>,
    /// When it was created.
    pub creation_millis: i64,
    /// When it was last updated.
    pub update_millis: i64,
}

/// A `routingConfiguration` entry as the API takes it: a version ARN and a weight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteInput {
    /// `stateMachineVersionArn`.
    pub version_arn: String,
    /// `weight` (any integer; the API's range is checked).
    pub weight: i64,
}

/// A state machine's versions and aliases.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versions {
    /// The highest number ever published (numbers are never reused, even once deleted).
    #[serde(default)]
    pub last_number: u32,
    /// The versions that exist, oldest first.
    #[serde(default)]
    pub versions: Vec<Version>,
    /// The aliases, in the order created.
    #[serde(default)]
    pub aliases: Vec<Alias>,
}

/// What a `StartExecution` on some ARN of a state machine runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolved<'a> {
    /// The version's definition and role, or `None` for the state machine as it is now (an
    /// unqualified ARN).
    pub version: Option<&'a Version>,
    /// The execution's `stateMachineVersionArn` (a version or an alias ARN started it).
    pub version_arn: Option<String>,
    /// The execution's `stateMachineAliasArn` (an alias ARN started it).
    pub alias_arn: Option<String>,
}

/// `{state machine ARN}:{number}`
pub fn version_arn(machine_arn: &str, number: u32) -> String {
    format!("{machine_arn}:{number}")
}

/// `{state machine ARN}:{alias}`
pub fn alias_arn(machine_arn: &str, name: &str) -> String {
    format!("{machine_arn}:{name}")
}

impl Versions {
    /// The version numbered `number`.
    pub fn version(&self, number: u32) -> Option<&Version> {
        self.versions.iter().find(|v| v.number == number)
    }

    /// The alias named `name`.
    pub fn alias(&self, name: &str) -> Option<&Alias> {
        self.aliases.iter().find(|a| a.name == name)
    }

    /// The aliases that route to version `number`.
    pub fn aliases_of(&self, number: u32) -> impl Iterator<Item = &Alias> {
        self.aliases.iter().filter(move |a| a.routing.iter().any(|r| r.version == number))
    }

    /// `PublishStateMachineVersion`: publishes the current revision (`definition`, `role_arn`)
    /// and returns its version number. Idempotent: when the current revision has a version
    /// already (StepLab: the latest version has this definition and role), that version is
    /// returned and nothing changes (its description is left as it was: what AWS does with a
    /// different description then is not documented).
    pub fn publish(
        &mut self,
        definition: &str,
        role_arn: &str,
        description: &str,
        now_millis: i64,
    ) -> Result<u32, ApiError> {
        check_description(description).map_err(|m| validation(&[m]))?;
        if let Some(latest) = self.versions.iter().max_by_key(|v| v.number)
            && latest.number == self.last_number
            && latest.definition == definition
            && latest.role_arn == role_arn
        {
            return Ok(latest.number);
        }
        if self.versions.len() >= MAX_VERSIONS {
            // the quota is documented; this message is StepLab's
            return Err(ApiError::new(
                "ServiceQuotaExceededException",
                format!(
                    "The state machine has reached the maximum of {MAX_VERSIONS} versions. Delete unused versions before publishing a new one."
                ),
            ));
        }
        self.last_number += 1;
        self.versions.push(Version {
            number: self.last_number,
            description: description.to_owned(),
            definition: definition.to_owned(),
            role_arn: role_arn.to_owned(),
            creation_millis: now_millis,
        });
        Ok(self.last_number)
    }

    /// `DeleteStateMachineVersion` of `version_arn`: refused while an alias routes to it.
    pub fn delete_version(&mut self, machine_arn: &str, version_arn: &str) -> Result<(), ApiError> {
        let number = match qualifier(machine_arn, version_arn) {
            Some(Qualifier::Version(n)) => n,
            _ => return Err(invalid_arn(version_arn)),
        };
        if self.version(number).is_none() {
            // not documented whether deleting a missing version succeeds; StepLab says it is
            // not there, in the form of Step Functions' other "does not exist" messages
            return Err(ApiError::new(
                "ResourceNotFound",
                format!("State Machine Version Does Not Exist: '{version_arn}'"),
            ));
        }
        if let Some(alias) = self.aliases_of(number).next() {
            // documented: a version an alias references cannot be deleted; the message is StepLab's
            return Err(ApiError::new(
                "ConflictException",
                format!(
                    "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [{}]",
                    alias_arn(machine_arn, &alias.name)
                ),
            ));
        }
        self.versions.retain(|v| v.number != number);
        Ok(())
    }

    /// `CreateStateMachineAlias`: returns the alias ARN. Creating an alias that exists with the
    /// same description and routing succeeds and changes nothing (the API is idempotent);
    /// with anything different it is a `ConflictException`.
    pub fn create_alias(
        &mut self,
        machine_arn: &str,
        name: &str,
        description: &str,
        routing: &[RouteInput],
        now_millis: i64,
    ) -> Result<String, ApiError> {
        let mut problems = Vec::new();
        problems.extend(check_description(description).err());
        problems.extend(check_alias_name(name).err());
        problems.extend(check_routing_shape(routing));
        if !problems.is_empty() {
            return Err(validation(&problems));
        }
        let routes = self.check_routing(machine_arn, routing)?;
        let arn = alias_arn(machine_arn, name);
        if let Some(existing) = self.alias(name) {
            if existing.description == description && existing.routing == routes {
                return Ok(arn);
            }
            // the code is the API's for this case as we read it; the message is StepLab's
            return Err(ApiError::new(
                "ConflictException",
                format!("Alias with the same name already exists: '{arn}'"),
            ));
        }
        if self.aliases.len() >= MAX_ALIASES {
            // the quota is documented; this message is StepLab's
            return Err(ApiError::new(
                "ServiceQuotaExceededException",
                format!("The state machine has reached the maximum of {MAX_ALIASES} aliases."),
            ));
        }
        self.aliases.push(Alias {
            name: name.to_owned(),
            description: description.to_owned(),
            routing: routes,
            creation_millis: now_millis,
            update_millis: now_millis,
        });
        Ok(arn)
    }

    /// `UpdateStateMachineAlias`: a new description, routing, or both (at least one).
    pub fn update_alias(
        &mut self,
        machine_arn: &str,
        alias_arn_text: &str,
        description: Option<&str>,
        routing: Option<&[RouteInput]>,
        now_millis: i64,
    ) -> Result<(), ApiError> {
        let mut problems = Vec::new();
        if let Some(d) = description {
            problems.extend(check_description(d).err());
        }
        if let Some(r) = routing {
            problems.extend(check_routing_shape(r));
        }
        if !problems.is_empty() {
            return Err(validation(&problems));
        }
        if description.is_none() && routing.is_none() {
            // documented: at least one of the two must be given; the message is StepLab's
            return Err(ApiError::new(
                "ValidationException",
                "Either the description or the routing configuration must be specified",
            ));
        }
        let name = match qualifier(machine_arn, alias_arn_text) {
            Some(Qualifier::Alias(name)) => name,
            _ => return Err(invalid_arn(alias_arn_text)),
        };
        let routes = routing.map(|r| self.check_routing(machine_arn, r)).transpose()?;
        let Some(alias) = self.aliases.iter_mut().find(|a| a.name == name) else {
            return Err(alias_not_found(alias_arn_text));
        };
        if let Some(d) = description {
            d.clone_into(&mut alias.description);
        }
        if let Some(r) = routes {
            alias.routing = r;
        }
        alias.update_millis = now_millis;
        Ok(())
    }

    /// `DeleteStateMachineAlias`: the versions it routed to stay.
    pub fn delete_alias(
        &mut self,
        machine_arn: &str,
        alias_arn_text: &str,
    ) -> Result<(), ApiError> {
        let name = match qualifier(machine_arn, alias_arn_text) {
            Some(Qualifier::Alias(name)) => name,
            _ => return Err(invalid_arn(alias_arn_text)),
        };
        if self.alias(name).is_none() {
            return Err(alias_not_found(alias_arn_text));
        }
        self.aliases.retain(|a| a.name != name);
        Ok(())
    }

    /// What `StartExecution` on `arn` runs: the state machine as it is (its unqualified ARN), a
    /// version (a version ARN), or one of an alias's versions, chosen by weight with a draw from
    /// the run's `seed` (so a run replays exactly). A version or alias that does not exist is
    /// `StateMachineDoesNotExist`, StartExecution's error for an ARN that names nothing.
    pub fn resolve(
        &self,
        machine_arn: &str,
        arn: &str,
        seed: u64,
    ) -> Result<Resolved<'_>, ApiError> {
        let unqualified = Resolved { version: None, version_arn: None, alias_arn: None };
        if arn == machine_arn {
            return Ok(unqualified);
        }
        match qualifier(machine_arn, arn) {
            Some(Qualifier::Version(n)) => match self.version(n) {
                Some(v) => Ok(Resolved {
                    version: Some(v),
                    version_arn: Some(version_arn(machine_arn, n)),
                    alias_arn: None,
                }),
                None => Err(does_not_exist(arn)),
            },
            Some(Qualifier::Alias(name)) => {
                let alias = self.alias(name).ok_or_else(|| does_not_exist(arn))?;
                let number = choose(&alias.routing, seed);
                let version = self.version(number).ok_or_else(|| does_not_exist(arn))?;
                Ok(Resolved {
                    version: Some(version),
                    version_arn: Some(version_arn(machine_arn, number)),
                    alias_arn: Some(alias_arn(machine_arn, name)),
                })
            }
            None => Err(invalid_arn(arn)),
        }
    }

    /// The routing as stored, once each entry names an existing version of this state machine,
    /// no version twice, and the weights sum to 100.
    fn check_routing(
        &self,
        machine_arn: &str,
        routing: &[RouteInput],
    ) -> Result<Vec<Route>, ApiError> {
        let mut routes = Vec::with_capacity(routing.len());
        for entry in routing {
            let number = match qualifier(machine_arn, &entry.version_arn) {
                Some(Qualifier::Version(n)) => n,
                // documented: the versions must belong to the same state machine, and an alias
                // points only to versions; the message is StepLab's
                _ => {
                    return Err(ApiError::new(
                        "ValidationException",
                        format!(
                            "Routing configuration must contain versions of state machine '{machine_arn}': '{}' is not one",
                            entry.version_arn
                        ),
                    ));
                }
            };
            if self.version(number).is_none() {
                return Err(ApiError::new(
                    "ResourceNotFound",
                    format!("State Machine Version Does Not Exist: '{}'", entry.version_arn),
                ));
            }
            if routes.iter().any(|r: &Route| r.version == number) {
                // a routing to one version twice: StepLab's message
                return Err(ApiError::new(
                    "ValidationException",
                    format!(
                        "Routing configuration must contain distinct state machine versions: '{}' appears twice",
                        entry.version_arn
                    ),
                ));
            }
            // the range is checked already
            let weight = u32::try_from(entry.weight).unwrap_or_default();
            routes.push(Route { version: number, weight });
        }
        let sum: u32 = routes.iter().map(|r| r.weight).sum();
        if sum != 100 {
            // documented: the weights must sum to 100 (reason INVALID_ROUTING_CONFIGURATION); the
            // message is StepLab's
            return Err(ApiError::new(
                "ValidationException",
                format!("Sum of routing configuration weights must equal 100, but it is {sum}"),
            ));
        }
        Ok(routes)
    }
}

/// The version an alias's routing sends a run with `seed` to.
fn choose(routing: &[Route], seed: u64) -> u32 {
    let mut ids = crate::Ids::new(seed ^ 0xA11A_5000);
    let draw = ids.next_u64() % 100;
    let mut upto = 0;
    for route in routing {
        upto += u64::from(route.weight);
        if draw < upto {
            return route.version;
        }
    }
    routing.last().map_or(0, |r| r.version)
}

enum Qualifier<'a> {
    Version(u32),
    Alias(&'a str),
}

/// The qualifier of `arn` when it is `machine_arn` followed by `:qualifier`.
fn qualifier<'a>(machine_arn: &str, arn: &'a str) -> Option<Qualifier<'a>> {
    let q = arn.strip_prefix(machine_arn)?.strip_prefix(':')?;
    if q.is_empty() || q.contains(':') {
        return None;
    }
    if q.bytes().all(|b| b.is_ascii_digit()) {
        q.parse().ok().map(Qualifier::Version)
    } else {
        Some(Qualifier::Alias(q))
    }
}

/// The API's shape constraint messages joined in AWS's form.
fn validation(problems: &[String]) -> ApiError {
    let n = problems.len();
    let s = if n == 1 { "" } else { "s" };
    ApiError::new(
        "ValidationException",
        format!("{n} validation error{s} detected: {}", problems.join("; ")),
    )
}

/// `description` is a sensitive member, so its value is not repeated.
fn check_description(description: &str) -> Result<(), String> {
    if description.chars().count() <= MAX_DESCRIPTION {
        Ok(())
    } else {
        Err(format!(
            "Value at 'description' failed to satisfy constraint: Member must have length less than or equal to {MAX_DESCRIPTION}"
        ))
    }
}

fn check_alias_name(name: &str) -> Result<(), String> {
    let len = name.chars().count();
    if len > MAX_ALIAS_NAME {
        return Err(format!(
            "Value '{name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to {MAX_ALIAS_NAME}"
        ));
    }
    if len == 0 {
        return Err(
            "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1"
                .into(),
        );
    }
    let allowed = name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    let not_only_digits =
        name.chars().any(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '-' | '.'));
    if allowed && not_only_digits {
        Ok(())
    } else {
        Err(format!(
            "Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: {ALIAS_NAME_PATTERN}"
        ))
    }
}

/// `routingConfiguration`: 1–2 entries, each weight 0–100.
fn check_routing_shape(routing: &[RouteInput]) -> Vec<String> {
    let mut problems = Vec::new();
    if routing.is_empty() {
        problems.push(
            "Value '[]' at 'routingConfiguration' failed to satisfy constraint: Member must have length greater than or equal to 1"
                .to_owned(),
        );
    }
    if routing.len() > 2 {
        problems.push(
            "Value at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2"
                .to_owned(),
        );
    }
    for (i, entry) in routing.iter().enumerate() {
        let at = format!("routingConfiguration.{}.member.weight", i + 1);
        let w = entry.weight;
        if w < 0 {
            problems.push(format!(
                "Value '{w}' at '{at}' failed to satisfy constraint: Member must have value greater than or equal to 0"
            ));
        } else if w > 100 {
            problems.push(format!(
                "Value '{w}' at '{at}' failed to satisfy constraint: Member must have value less than or equal to 100"
            ));
        }
    }
    problems
}

fn invalid_arn(arn: &str) -> ApiError {
    ApiError::new("InvalidArn", format!("Invalid Arn: '{arn}'"))
}

fn does_not_exist(arn: &str) -> ApiError {
    ApiError::new("StateMachineDoesNotExist", format!("State Machine Does Not Exist: '{arn}'"))
}

fn alias_not_found(arn: &str) -> ApiError {
    ApiError::new("ResourceNotFound", format!("State Machine Alias Does Not Exist: '{arn}'"))
}

#[cfg(test)]
mod tests;
