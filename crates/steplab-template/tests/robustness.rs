//! Never panics: the case templates, mutated many ways (bytes cut and spliced, values swapped
//! for odd ones, intrinsics nested in odd places), are imported; whatever the import says is
//! data (problems with messages), never a panic or an endless loop.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;
use steplab_template::{Options, import};

/// xorshift64*: a fixed sequence, so a failure repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n.max(1) as u64).unwrap_or(0)
    }
}

const ODD: &[&str] = &[
    "null",
    "0",
    "-1",
    "1e400",
    "\"\"",
    "[]",
    "{}",
    "[null]",
    "true",
    "{\"Ref\": \"AWS::NoValue\"}",
    "{\"Ref\": \"Nothing\"}",
    "{\"Ref\": []}",
    "{\"Fn::Sub\": \"${\"}",
    "{\"Fn::Sub\": \"${!}${a.b.c}${AWS::Region}\"}",
    "{\"Fn::Sub\": [\"${x}\", {\"x\": {\"Fn::Sub\": \"${x}\"}}]}",
    "{\"Fn::GetAtt\": \"x\"}",
    "{\"Fn::GetAtt\": [1, 2]}",
    "{\"Fn::Join\": [\",\", {\"Ref\": \"AWS::NotificationARNs\"}]}",
    "{\"Fn::Select\": [\"99999999999999999999\", []]}",
    "{\"Fn::Split\": [\"\", \"abc\"]}",
    "{\"Fn::If\": [\"Nope\", 1, 2]}",
    "{\"Fn::If\": []}",
    "{\"Fn::FindInMap\": [\"a\"]}",
    "{\"Fn::Equals\": [1]}",
    "{\"Fn::And\": [true]}",
    "{\"Condition\": \"Nope\"}",
    "{\"Fn::GetAZs\": \"\"}",
    "{\"Fn::Length\": 3}",
    "\"AWS::Serverless::Function\"",
    "\"AWS::SQS::Queue\"",
    "{\"Type\": \"AWS::Events::Rule\", \"Properties\": {\"Targets\": 1}}",
];

fn mutate(v: &mut Value, rng: &mut Rng, depth: usize) {
    match v {
        Value::Object(m) if !m.is_empty() && depth < 10 => {
            let keys: Vec<String> = m.keys().cloned().collect();
            let k = keys[rng.below(keys.len())].clone();
            match rng.below(6) {
                0 => {
                    m.shift_remove(&k);
                }
                1 => {
                    let odd = ODD[rng.below(ODD.len())];
                    m.insert(k, serde_json::from_str(odd).unwrap_or(Value::Null));
                }
                _ => mutate(m.get_mut(&k).expect("a key of the map"), rng, depth + 1),
            }
        }
        Value::Array(a) if !a.is_empty() && depth < 10 => {
            let i = rng.below(a.len());
            if rng.below(4) == 0 {
                a[i] = serde_json::from_str(ODD[rng.below(ODD.len())]).unwrap_or(Value::Null);
            } else {
                mutate(&mut a[i], rng, depth + 1);
            }
        }
        _ => *v = serde_json::from_str(ODD[rng.below(ODD.len())]).unwrap_or(Value::Null),
    }
}

fn templates() -> Vec<(String, BTreeMap<String, String>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/cases")).unwrap().flatten() {
        all.push((std::fs::read_to_string(entry.path()).unwrap(), BTreeMap::new()));
    }
    let orders = root.join("../../tests/data/templates/sam-orders");
    let mut files = BTreeMap::new();
    for path in ["statemachine/orders.asl.json", "functions/validate/app.py"] {
        files.insert(path.to_owned(), std::fs::read_to_string(orders.join(path)).unwrap());
    }
    all.push((std::fs::read_to_string(orders.join("template.yaml")).unwrap(), files.clone()));
    let cfn = root.join("../../tests/data/templates/cfn-inline/template.json");
    all.push((std::fs::read_to_string(cfn).unwrap(), BTreeMap::new()));
    all
}

#[test]
fn mutated_text_never_panics() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    for (text, files) in templates() {
        let bytes = text.as_bytes();
        for _ in 0..300 {
            let mut mutated = bytes.to_vec();
            for _ in 0..=rng.below(4) {
                let at = rng.below(mutated.len());
                match rng.below(3) {
                    0 => {
                        let len = rng.below(40).min(mutated.len() - at);
                        mutated.drain(at..at + len);
                    }
                    1 => {
                        let from = rng.below(bytes.len());
                        let len = rng.below(60).min(bytes.len() - from);
                        let piece = bytes[from..from + len].to_vec();
                        mutated.splice(at..at, piece);
                    }
                    _ => {
                        let chars = b"!${}[]:,-\"'\n \t&*|>#%@`";
                        mutated.insert(at, chars[rng.below(chars.len())]);
                    }
                }
                if mutated.is_empty() {
                    break;
                }
            }
            let text = String::from_utf8_lossy(&mutated);
            let _ = import(&text, &files, &Options::default());
        }
    }
}

#[test]
fn mutated_values_never_panic() {
    let mut rng = Rng(0x0dd_5eed_9876_0002);
    for (text, files) in templates() {
        let options = steplab_yaml::Options { cloudformation: true, last_duplicate_wins: true };
        let value = if text.trim_start().starts_with('{') {
            serde_json::from_str(&text).ok()
        } else {
            steplab_yaml::from_yaml_with(&text, options).ok()
        };
        let Some(value) = value else { continue }; // the case of a text that is not YAML
        for _ in 0..400 {
            let mut mutated = value.clone();
            for _ in 0..=rng.below(3) {
                mutate(&mut mutated, &mut rng, 0);
            }
            let imported = import(&mutated.to_string(), &files, &Options::default());
            for p in &imported.problems {
                assert!(!p.message.is_empty());
            }
        }
    }
}
