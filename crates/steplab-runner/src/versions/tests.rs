//! Versions and aliases driven by scripts: one operation a line, each answered as the API answers.
//!
//! `publish DEFINITION ROLE [DESCRIPTION…]`, `delete-version QUALIFIER`,
//! `create-alias NAME [VERSION=WEIGHT…] [-- DESCRIPTION…]`, `update-alias NAME [VERSION=WEIGHT…]`,
//! `delete-alias NAME`, `resolve QUALIFIER|- SEED`; a version is its number (or a whole ARN),
//! and each line's answer follows it, then what is stored.

use expect_test::{Expect, expect};

use super::*;

const MACHINE: &str = "arn:aws:states:ca-central-1:123456789012:stateMachine:Flow";

fn arn_of(q: &str) -> String {
    if q.starts_with("arn:") { q.to_owned() } else { format!("{MACHINE}:{q}") }
}

fn routes(words: &[&str]) -> Vec<RouteInput> {
    words
        .iter()
        .map(|w| {
            let (v, weight) = w.split_once('=').expect("VERSION=WEIGHT");
            RouteInput { version_arn: arn_of(v), weight: weight.parse().expect("a weight") }
        })
        .collect()
}

fn run(script: &str) -> String {
    let mut versions = Versions::default();
    let mut out = String::new();
    for (now, line) in (1_i64..).zip(script.lines().map(str::trim).filter(|l| !l.is_empty())) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let before = versions.clone();
        let answer = match words.as_slice() {
            ["publish", definition, role, description @ ..] => versions
                .publish(definition, role, &description.join(" "), now)
                .map(|n| version_arn(MACHINE, n)),
            ["publish-long"] => {
                versions.publish("A", "r", &"d".repeat(257), now).map(|n| n.to_string())
            }
            ["publish-many", n] => {
                let n: usize = n.parse().unwrap();
                (0..n)
                    .map(|i| versions.publish(&format!("D{i}"), "r", "", now))
                    .last()
                    .unwrap()
                    .map(|n| n.to_string())
            }
            ["delete-version", q] => {
                versions.delete_version(MACHINE, &arn_of(q)).map(|()| "ok".into())
            }
            ["create-alias", name, rest @ ..] => {
                let (r, d) = split_description(rest);
                versions.create_alias(MACHINE, name, &d, &routes(r), now)
            }
            ["update-alias", name, rest @ ..] => {
                let r = routes(rest);
                versions
                    .update_alias(
                        MACHINE,
                        &arn_of(name),
                        None,
                        (!rest.is_empty()).then_some(&r[..]),
                        now,
                    )
                    .map(|()| "ok".into())
            }
            ["delete-alias", name] => {
                versions.delete_alias(MACHINE, &arn_of(name)).map(|()| "ok".into())
            }
            ["resolve", q, seed] => {
                let arn = if *q == "-" { MACHINE.to_owned() } else { arn_of(q) };
                versions.resolve(MACHINE, &arn, seed.parse().unwrap()).map(|r| {
                    format!(
                        "runs {} version={} alias={}",
                        r.version.map_or("the latest definition".into(), |v| v.definition.clone()),
                        r.version_arn.unwrap_or_else(|| "-".into()),
                        r.alias_arn.unwrap_or_else(|| "-".into())
                    )
                })
            }
            _ => panic!("unknown line {line}"),
        };
        let answer = answer.unwrap_or_else(|e| {
            assert_eq!(versions, before, "a failed {line} changed what is stored");
            e.to_string()
        });
        let answer = answer.replace(MACHINE, "ARN");
        out.push_str(&format!("{line}\n  {answer}\n"));
    }
    let listed = if versions.versions.len() > 10 {
        format!("{} versions", versions.versions.len())
    } else {
        format!(
            "versions {:?}",
            versions
                .versions
                .iter()
                .map(|v| (v.number, v.description.as_str()))
                .collect::<Vec<_>>()
        )
    };
    out.push_str(&format!(
        "{listed} (last {}), aliases {:?}\n",
        versions.last_number,
        versions
            .aliases
            .iter()
            .map(|a| (
                a.name.as_str(),
                a.routing.iter().map(|r| (r.version, r.weight)).collect::<Vec<_>>()
            ))
            .collect::<Vec<_>>()
    ));
    out
}

fn split_description<'a>(words: &'a [&'a str]) -> (&'a [&'a str], String) {
    match words.iter().position(|w| *w == "--") {
        Some(i) => (&words[..i], words[i + 1..].join(" ")),
        None => (words, String::new()),
    }
}

fn check(script: &str, expect: Expect) {
    expect.assert_eq(&run(script));
}

#[test]
fn versions_are_numbered_from_1_and_never_reused() {
    check(
        "
        publish A r first one
        publish B r
        delete-version 2
        publish C r third
        ",
        expect![[r#"
            publish A r first one
              ARN:1
            publish B r
              ARN:2
            delete-version 2
              ok
            publish C r third
              ARN:3
            versions [(1, "first one"), (3, "third")] (last 3), aliases []
        "#]],
    );
}

#[test]
fn publishing_an_unchanged_revision_returns_the_latest_version() {
    check(
        "
        publish A r
        publish A r again
        publish A other-role
        publish A r
        ",
        expect![[r#"
            publish A r
              ARN:1
            publish A r again
              ARN:1
            publish A other-role
              ARN:2
            publish A r
              ARN:3
            versions [(1, ""), (2, ""), (3, "")] (last 3), aliases []
        "#]],
    );
}

#[test]
fn a_description_over_256_characters_and_the_1001st_version_are_refused() {
    check(
        "
        publish-long
        publish-many 1000
        publish Z r
        delete-version 1
        publish Z r
        ",
        expect![[r#"
            publish-long
              ValidationException: 1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 256
            publish-many 1000
              1000
            publish Z r
              ServiceQuotaExceededException: The state machine has reached the maximum of 1000 versions. Delete unused versions before publishing a new one.
            delete-version 1
              ok
            publish Z r
              ARN:1001
            1000 versions (last 1001), aliases []
        "#]],
    );
}

#[test]
fn an_alias_routes_to_one_or_two_versions_whose_weights_sum_to_100() {
    check(
        "
        publish A r
        publish B r
        create-alias live 1=60 2=30
        create-alias live 1=60 2=40 -- canary
        create-alias live 1=60 2=40 -- canary
        create-alias live 1=100
        create-alias one 1=100
        create-alias three 1=50 2=25 1=25
        create-alias twice 1=50 1=50
        create-alias far 1=101 2=-1
        create-alias gone 7=100
        create-alias none
        create-alias other arn:aws:states:ca-central-1:123456789012:stateMachine:Other:1=100
        create-alias to-alias live=100
        ",
        expect![[r#"
            publish A r
              ARN:1
            publish B r
              ARN:2
            create-alias live 1=60 2=30
              ValidationException: Sum of routing configuration weights must equal 100, but it is 90
            create-alias live 1=60 2=40 -- canary
              ARN:live
            create-alias live 1=60 2=40 -- canary
              ARN:live
            create-alias live 1=100
              ConflictException: Alias with the same name already exists: 'ARN:live'
            create-alias one 1=100
              ARN:one
            create-alias three 1=50 2=25 1=25
              ValidationException: 1 validation error detected: Value at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2
            create-alias twice 1=50 1=50
              ValidationException: Routing configuration must contain distinct state machine versions: 'ARN:1' appears twice
            create-alias far 1=101 2=-1
              ValidationException: 2 validation errors detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100; Value '-1' at 'routingConfiguration.2.member.weight' failed to satisfy constraint: Member must have value greater than or equal to 0
            create-alias gone 7=100
              ResourceNotFound: State Machine Version Does Not Exist: 'ARN:7'
            create-alias none
              ValidationException: 1 validation error detected: Value '[]' at 'routingConfiguration' failed to satisfy constraint: Member must have length greater than or equal to 1
            create-alias other arn:aws:states:ca-central-1:123456789012:stateMachine:Other:1=100
              ValidationException: Routing configuration must contain versions of state machine 'ARN': 'arn:aws:states:ca-central-1:123456789012:stateMachine:Other:1' is not one
            create-alias to-alias live=100
              ValidationException: Routing configuration must contain versions of state machine 'ARN': 'ARN:live' is not one
            versions [(1, ""), (2, "")] (last 2), aliases [("live", [(1, 60), (2, 40)]), ("one", [(1, 100)])]
        "#]],
    );
}

#[test]
fn alias_names_follow_the_api_pattern() {
    check(
        "
        publish A r
        create-alias 42 1=100
        create-alias v1.prod_x-y 1=100
        create-alias a/b 1=100
        create-alias aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1=100
        ",
        expect![[r#"
            publish A r
              ARN:1
            create-alias 42 1=100
              ValidationException: 1 validation error detected: Value '42' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$
            create-alias v1.prod_x-y 1=100
              ARN:v1.prod_x-y
            create-alias a/b 1=100
              ValidationException: 1 validation error detected: Value 'a/b' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$
            create-alias aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1=100
              ValidationException: 1 validation error detected: Value 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80
            versions [(1, "")] (last 1), aliases [("v1.prod_x-y", [(1, 100)])]
        "#]],
    );
}

#[test]
fn a_version_an_alias_routes_to_cannot_be_deleted() {
    check(
        "
        publish A r
        publish B r
        create-alias live 1=90 2=10
        delete-version 2
        update-alias live 1=100
        delete-version 2
        delete-version 2
        delete-version 1
        delete-alias live
        delete-alias live
        delete-version 1
        update-alias live
        ",
        expect![[r#"
            publish A r
              ARN:1
            publish B r
              ARN:2
            create-alias live 1=90 2=10
              ARN:live
            delete-version 2
              ConflictException: Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [ARN:live]
            update-alias live 1=100
              ok
            delete-version 2
              ok
            delete-version 2
              ResourceNotFound: State Machine Version Does Not Exist: 'ARN:2'
            delete-version 1
              ConflictException: Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [ARN:live]
            delete-alias live
              ok
            delete-alias live
              ResourceNotFound: State Machine Alias Does Not Exist: 'ARN:live'
            delete-version 1
              ok
            update-alias live
              ValidationException: Either the description or the routing configuration must be specified
            versions [] (last 2), aliases []
        "#]],
    );
}

#[test]
fn an_arn_resolves_to_what_runs_and_the_alias_draw_follows_the_seed() {
    check(
        "
        publish A r
        publish B r
        create-alias live 1=50 2=50
        create-alias all-b 1=0 2=100
        resolve - 1
        resolve 1 1
        resolve 3 1
        resolve live 1
        resolve live 1
        resolve live 2
        resolve live 3
        resolve live 4
        resolve live 5
        resolve live 6
        resolve all-b 1
        resolve nope 1
        ",
        expect![[r#"
            publish A r
              ARN:1
            publish B r
              ARN:2
            create-alias live 1=50 2=50
              ARN:live
            create-alias all-b 1=0 2=100
              ARN:all-b
            resolve - 1
              runs the latest definition version=- alias=-
            resolve 1 1
              runs A version=ARN:1 alias=-
            resolve 3 1
              StateMachineDoesNotExist: State Machine Does Not Exist: 'ARN:3'
            resolve live 1
              runs B version=ARN:2 alias=ARN:live
            resolve live 1
              runs B version=ARN:2 alias=ARN:live
            resolve live 2
              runs B version=ARN:2 alias=ARN:live
            resolve live 3
              runs B version=ARN:2 alias=ARN:live
            resolve live 4
              runs A version=ARN:1 alias=ARN:live
            resolve live 5
              runs B version=ARN:2 alias=ARN:live
            resolve live 6
              runs B version=ARN:2 alias=ARN:live
            resolve all-b 1
              runs B version=ARN:2 alias=ARN:all-b
            resolve nope 1
              StateMachineDoesNotExist: State Machine Does Not Exist: 'ARN:nope'
            versions [(1, ""), (2, "")] (last 2), aliases [("live", [(1, 50), (2, 50)]), ("all-b", [(1, 0), (2, 100)])]
        "#]],
    );
}

#[test]
fn the_alias_draw_follows_the_weights() {
    let mut versions = Versions::default();
    versions.publish("A", "r", "", 0).unwrap();
    versions.publish("B", "r", "", 0).unwrap();
    let route = |v: u32, w: i64| RouteInput { version_arn: version_arn(MACHINE, v), weight: w };
    versions.create_alias(MACHINE, "canary", "", &[route(1, 90), route(2, 10)], 0).unwrap();
    let alias = arn_of("canary");
    let to_2 = (0..10_000)
        .filter(|seed| {
            versions.resolve(MACHINE, &alias, *seed).unwrap().version.unwrap().number == 2
        })
        .count();
    assert!((800..1200).contains(&to_2), "{to_2} of 10,000 runs went to version 2");
}

#[test]
fn execution_started_names_the_version_and_alias_that_ran() {
    let mut versions = Versions::default();
    versions
        .publish(r#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#, "r", "", 0)
        .unwrap();
    let route = RouteInput { version_arn: version_arn(MACHINE, 1), weight: 100 };
    versions.create_alias(MACHINE, "prod", "", &[route], 0).unwrap();
    let started = |arn: &str| {
        let resolved = versions.resolve(MACHINE, arn, 7).unwrap();
        let definition = resolved.version.map_or("{}", |v| v.definition.as_str());
        let machine = steplab_asl::parse(definition).machine.unwrap();
        let options = crate::RunOptions {
            partition: crate::Partition::default(),
            name: "run".into(),
            state_machine_name: "Flow".into(),
            role_name: "role".into(),
            start_millis: 0,
            seed: 7,
            express: false,
            version_arn: resolved.version_arn,
            alias_arn: resolved.alias_arn,
        };
        let mut execution = crate::start(machine, serde_json::json!({}), &options);
        execution.step(0);
        execution.history()[0].to_json()["executionStartedEventDetails"].clone()
    };
    expect![[r#"
        {
          "input": "{}",
          "inputDetails": {
            "truncated": false
          },
          "roleArn": "arn:aws:iam::123456789012:role/service-role/role",
          "stateMachineAliasArn": "arn:aws:states:ca-central-1:123456789012:stateMachine:Flow:prod",
          "stateMachineVersionArn": "arn:aws:states:ca-central-1:123456789012:stateMachine:Flow:1"
        }"#]]
    .assert_eq(&serde_json::to_string_pretty(&started(&arn_of("prod"))).unwrap());
    let by_version = started(&arn_of("1"));
    assert_eq!(by_version["stateMachineVersionArn"], version_arn(MACHINE, 1));
    assert!(by_version.get("stateMachineAliasArn").is_none());
}
