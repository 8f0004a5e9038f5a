//! Code mode's check crosses to the execution Worker and back as JSON text: the definition, and
//! the answer with its problems and, when asked for, its graph's layout (the page only draws it).

use steplab_runner::execution_protocol::{FromExecutions, ToExecutions, WireDiagnostic};

#[test]
fn a_validation_with_its_layout_crosses_unchanged() {
    let definition = r#"{"StartAt":"C","States":{
        "C":{"Type":"Choice","Choices":[{"Condition":"{% true %}","Next":"A"}],"Default":"B"},
        "A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Catch":[{"ErrorEquals":["States.ALL"],"Next":"B"}],"Next":"C"},
        "B":{"Type":"Succeed"}}}"#;
    let asked = ToExecutions::Validate { id: 7, definition: definition.into(), layout: true };
    let text = serde_json::to_string(&asked).unwrap();
    assert_eq!(serde_json::from_str::<ToExecutions>(&text).unwrap(), asked);

    // what the Worker answers (worker.rs): the parser's diagnostics and layout_text's graph
    let diagnostics: Vec<WireDiagnostic> =
        steplab_asl::parse(definition).diagnostics.iter().map(Into::into).collect();
    let layout = Some(Box::new(steplab_layout::layout_text(definition)));
    let answer = FromExecutions::Validated { id: 7, diagnostics, layout };
    let text = serde_json::to_string(&answer).unwrap();
    let back = serde_json::from_str::<FromExecutions>(&text).unwrap();
    assert_eq!(back, answer);
    let FromExecutions::Validated { layout: Some(laid), .. } = back else { panic!("{text}") };
    let steplab_layout::TextLayout::Laid(l) = *laid else { panic!("laid out") };
    assert_eq!(l.nodes.len(), 3);
    assert!(l.node("A").unwrap().y > l.node("C").unwrap().y);
}

#[test]
fn a_validation_without_layout_reads_as_before() {
    // an older page asks without `layout`; an answer without one has none
    let asked: ToExecutions =
        serde_json::from_str(r#"{"Validate":{"id":1,"definition":"{}"}}"#).unwrap();
    assert_eq!(asked, ToExecutions::Validate { id: 1, definition: "{}".into(), layout: false });
    assert_eq!(
        serde_json::to_string(&asked).unwrap(),
        r#"{"Validate":{"id":1,"definition":"{}"}}"#
    );
    let answer: FromExecutions =
        serde_json::from_str(r#"{"Validated":{"id":1,"diagnostics":[]}}"#).unwrap();
    assert_eq!(answer, FromExecutions::Validated { id: 1, diagnostics: vec![], layout: None });
    let not_json = FromExecutions::Validated {
        id: 2,
        diagnostics: vec![],
        layout: Some(Box::new(steplab_layout::layout_text("{ not json"))),
    };
    let text = serde_json::to_string(&not_json).unwrap();
    assert_eq!(serde_json::from_str::<FromExecutions>(&text).unwrap(), not_json);
}
