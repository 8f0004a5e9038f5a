//! The layout's unit tests: shapes as snapshots, properties of larger machines, the JSON that crosses.

use expect_test::expect;
use serde_json::{Map, Value, json};

use super::*;

fn summary(l: &Layout) -> String {
    let mut out = format!("{}x{}\n", l.width, l.height);
    for m in &l.markers {
        out.push_str(&format!("marker {} at {},{}\n", m.label, m.x, m.y));
    }
    for n in &l.nodes {
        out.push_str(&format!("{} {} at {},{} {}x{}\n", n.kind, n.state.name, n.x, n.y, n.w, n.h));
    }
    for d in &l.drops {
        out.push_str(&format!("drop {:?} at {},{}\n", d.target, d.x, d.y));
    }
    out
}

#[test]
fn empty_canvas() {
    let l = layout(&json!({ "StartAt": "", "States": {} })).unwrap();
    expect![[r#"
        232x252
        marker Start at 76,16
        marker End at 76,204
        marker Drag first state here at 16,104
    "#]]
    .assert_eq(&summary(&l));
}

#[test]
fn lab_machine() {
    let lab: Value =
        serde_json::from_str(include_str!("../../../tests/data/lab/simple_lab.asl.json")).unwrap();
    let l = layout(&lab).unwrap();
    expect![[r#"
        192x252
        marker Start at 56,16
        marker End at 56,204
        Task Lambda Invoke at 16,104 160x44
        drop Start(Scope([])) at 96,76
        drop After(StateRef { scope: Scope([]), name: "Lambda Invoke" }) at 96,162
    "#]]
    .assert_eq(&summary(&l));
}

#[test]
fn choice_branches_side_by_side_and_loops() {
    let def = json!({
        "StartAt": "C",
        "States": {
            "C": { "Type": "Choice", "Choices": [{ "Next": "A", "Condition": "{% true %}" }], "Default": "B" },
            "A": { "Type": "Pass", "Next": "C" },
            "B": { "Type": "Succeed" }
        }
    });
    let l = layout(&def).unwrap();
    let (a, b, c) = (l.node("A").unwrap(), l.node("B").unwrap(), l.node("C").unwrap());
    assert_eq!(a.y, b.y, "branches on one row");
    assert!(a.x + a.w < b.x, "rule #1 left of Default");
    assert!(a.y > c.y);
    // the loop from A back to C goes up on the right of everything
    let back = l.edges.iter().find(|e| e.points[0] == (a.x + a.w, a.y + a.h / 2.0)).unwrap();
    assert!(back.points[1].0 > b.x + b.w);
    let targets: Vec<_> = l.drops.iter().map(|d| format!("{:?}", d.target)).collect();
    assert!(
        targets.iter().any(|t| t.starts_with("ChoiceRule"))
            && targets.iter().any(|t| t.starts_with("ChoiceDefault"))
    );
}

#[test]
fn containers_hold_their_branches_and_catch_is_its_own_edge() {
    // Workflow Studio's "Parallel" template
    let def = json!({
        "StartAt": "Parallel",
        "States": {
            "Parallel": {
                "Type": "Parallel",
                "Branches": [
                    { "StartAt": "Greet", "States": { "Greet": { "Type": "Pass", "End": true } } },
                    { "StartAt": "Pause", "States": { "Pause": { "Type": "Wait", "Seconds": 1, "End": true } } }
                ],
                "Next": "Combine"
            },
            "Combine": { "Type": "Pass", "End": true }
        },
        "QueryLanguage": "JSONata"
    });
    let l = layout(&def).unwrap();
    let p = l.node("Parallel").unwrap();
    assert!(p.container);
    for inner in ["Greet", "Pause"] {
        let n = l.node(inner).unwrap();
        assert!(
            n.x >= p.x && n.x + n.w <= p.x + p.w && n.y >= p.y && n.y + n.h <= p.y + p.h,
            "{inner} inside Parallel"
        );
    }
    assert_eq!(l.node("Greet").unwrap().y, l.node("Pause").unwrap().y);
    // the "Retry and Catch" template
    let def = json!({
        "StartAt": "Lambda Invoke",
        "States": {
            "Lambda Invoke": {
                "Type": "Task",
                "Resource": "arn:aws:states:::lambda:invoke",
                "Retry": [{ "ErrorEquals": ["Lambda.ServiceException"], "MaxAttempts": 3 }],
                "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Handle failure" }],
                "Next": "Done"
            },
            "Done": { "Type": "Succeed" },
            "Handle failure": { "Type": "Fail", "Error": "LambdaFailed" }
        },
        "QueryLanguage": "JSONata"
    });
    let l = layout(&def).unwrap();
    assert_eq!(l.edges.iter().filter(|e| matches!(e.kind, EdgeKind::Catch(0))).count(), 1);
}

#[test]
fn forty_states_stay_in_one_readable_column() {
    let mut states = Map::new();
    for i in 0..40 {
        let next = if i == 39 {
            json!({ "Type": "Pass", "End": true })
        } else {
            json!({ "Type": "Pass", "Next": format!("S{}", i + 1) })
        };
        states.insert(format!("S{i}"), next);
    }
    let l = layout(&json!({ "StartAt": "S0", "States": states })).unwrap();
    assert_eq!(l.nodes.len(), 40);
    assert!(l.nodes.windows(2).all(|w| w[0].x == w[1].x && w[1].y >= w[0].y + NODE_H));
    assert!(l.width < 300.0);
    assert_eq!(l.drops.len(), 41);
}

/// Lambda tasks with a catcher, every 8th a Choice whose two branches rejoin (as the e2e test's).
fn big_machine(n: usize) -> Value {
    let name = |i: usize| format!("Step {i}");
    let mut states = Map::new();
    let mut i = 0;
    while i < n - 2 {
        if i % 8 == 7 && i + 3 < n - 2 {
            states.insert(name(i), json!({ "Type": "Choice", "Choices": [{ "Condition": "{% $states.input.left %}", "Next": name(i + 1) }], "Default": name(i + 2) }));
            states.insert(name(i + 1), json!({ "Type": "Pass", "Next": name(i + 3) }));
            states.insert(name(i + 2), json!({ "Type": "Pass", "Next": name(i + 3) }));
            i += 3;
        } else {
            states.insert(name(i), json!({ "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Arguments": { "FunctionName": "F" }, "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }], "Next": name(i + 1) }));
            i += 1;
        }
    }
    states.insert(name(i), json!({ "Type": "Succeed" }));
    states.insert("Failed".into(), json!({ "Type": "Fail" }));
    json!({ "StartAt": "Step 0", "States": states, "QueryLanguage": "JSONata" })
}

#[test]
fn three_hundred_states() {
    let def = big_machine(300);
    let l = layout(&def).unwrap();
    assert_eq!(l.nodes.len(), 300);
    let (a, b) = (l.node("Step 8").unwrap(), l.node("Step 9").unwrap());
    assert_eq!(a.y, b.y);
    let failed = l.node("Failed").unwrap();
    assert!(l.nodes.iter().all(|n| n.y <= failed.y), "the catchers' target comes last");
}

#[test]
fn three_thousand_five_hundred_states() {
    // about AWS's 1 MiB limit: laid out in one pass, no recursion over the chain
    let l = layout(&big_machine(3500)).unwrap();
    assert_eq!(l.nodes.len(), 3500);
    assert!(l.nodes.iter().all(|n| n.x.is_finite() && n.y.is_finite()));
}

#[test]
fn text_that_is_not_a_definition() {
    assert_eq!(layout_text("{ \"StartAt\": "), TextLayout::NotJson);
    assert_eq!(layout_text("[1, 2]"), TextLayout::NotObject);
    let TextLayout::Laid(l) =
        layout_text(r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#)
    else {
        panic!("a definition lays out")
    };
    assert_eq!(l.nodes.len(), 1);
}

#[test]
fn a_layout_crosses_as_json_unchanged() {
    // what the execution Worker posts is what the page draws
    let laid = layout_text(&big_machine(300).to_string());
    let text = serde_json::to_string(&laid).unwrap();
    let back: TextLayout = serde_json::from_str(&text).unwrap();
    assert_eq!(back, laid);
    let TextLayout::Laid(l) = back else { panic!("laid out") };
    assert!(l.drops.iter().any(|d| matches!(d.target, DropTarget::ChoiceDefault(_))));
    assert!(l.edges.iter().any(|e| matches!(e.kind, EdgeKind::Catch(0))));
}
