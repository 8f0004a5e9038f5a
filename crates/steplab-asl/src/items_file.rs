//! The items a Distributed Map's `ItemReader` reads from a file in Amazon S3, taken apart as
//! Step Functions does (`ReaderConfig.InputType`): a JSON array, JSON Lines, a CSV file with its
//! header row or the headers given, an S3 inventory manifest, and the objects a
//! `ListObjectsV2` lists. Pure: the text comes in, the items go out.
//!
//! AWS's documentation ("ItemReader (Map)") names the fields; where the text of a failure is not
//! documented the cause is StepLab's wording and says so where it is written.

use serde_json::{Map, Value, json};

/// `ReaderConfig.InputType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputType {
    /// A JSON array of items.
    Json,
    /// One JSON value a line (JSON Lines).
    Jsonl,
    /// Comma-separated (or `CSVDelimiter`) values, one item a row.
    Csv,
    /// An S3 inventory `manifest.json`: the CSV inventory files it lists.
    Manifest,
}

impl InputType {
    /// From the field's text.
    pub fn parse(text: &str) -> Option<InputType> {
        Some(match text {
            "JSON" => InputType::Json,
            "JSONL" => InputType::Jsonl,
            "CSV" => InputType::Csv,
            "MANIFEST" => InputType::Manifest,
            _ => return None,
        })
    }
}

/// How a CSV file's rows are read (`CSVHeaderLocation`, `CSVHeaders`, `CSVDelimiter`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvConfig {
    /// `CSVHeaderLocation: GIVEN`: these headers, and every row is an item. `None`: the first
    /// row holds them (`FIRST_ROW`, the default).
    pub given_headers: Option<Vec<String>>,
    /// `CSVDelimiter`: `COMMA` (default), `PIPE`, `SEMICOLON`, `SPACE`, `TAB`.
    pub delimiter: char,
}

impl Default for CsvConfig {
    fn default() -> Self {
        CsvConfig { given_headers: None, delimiter: ',' }
    }
}

/// `CSVDelimiter`'s documented values.
pub fn delimiter(name: &str) -> Option<char> {
    Some(match name {
        "COMMA" => ',',
        "PIPE" => '|',
        "SEMICOLON" => ';',
        "SPACE" => ' ',
        "TAB" => '\t',
        _ => return None,
    })
}

/// The items of a JSON file: its top-level array.
pub fn json_items(text: &str) -> Result<Vec<Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => Ok(items),
        // LocalStack's tests, recorded against AWS, give this cause for a JSON file that is not
        // an array (resource_output_transformer_json.py)
        Ok(_) => Err("Attempting to map over non-iterable node.".into()),
        // StepLab's wording: AWS's cause for a malformed file is not documented (verify)
        Err(e) => Err(format!("The JSON file is not valid JSON: {e}")),
    }
}

/// The items of a JSON Lines file: one value a line; blank lines are skipped.
pub fn jsonl_items(text: &str) -> Result<Vec<Value>, String> {
    let mut items = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(v) => items.push(v),
            // StepLab's wording (verify)
            Err(e) => {
                return Err(format!("Line {} of the JSONL file is not valid JSON: {e}", n + 1));
            }
        }
    }
    Ok(items)
}

/// The rows of a CSV text (RFC 4180: fields in double quotes may hold the delimiter, line
/// breaks and `""` for a quote; rows end with LF or CRLF; empty lines are skipped).
pub fn csv_rows(text: &str, delimiter: char) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_start = true;
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    let mut opened_at = 0usize;
    let end_row = |row: &mut Vec<String>, field: &mut String, rows: &mut Vec<Vec<String>>| {
        row.push(std::mem::take(field));
        let r = std::mem::take(row);
        if !(r.len() == 1 && r[0].is_empty()) {
            rows.push(r);
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                opened_at = line;
                at_start = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                line += 1;
                end_row(&mut row, &mut field, &mut rows);
                at_start = true;
            }
            c if c == delimiter => {
                row.push(std::mem::take(&mut field));
                at_start = true;
            }
            _ => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if quoted {
        // StepLab's wording (verify)
        return Err(format!(
            "The CSV file has a quoted field that is not closed (opened on line {opened_at})."
        ));
    }
    if !(row.is_empty() && field.is_empty()) {
        end_row(&mut row, &mut field, &mut rows);
    }
    Ok(rows)
}

/// The items of a CSV file: one object a row, its members named by the headers, every value a
/// string (a row shorter than the headers gets `""` for the rest).
pub fn csv_items(text: &str, config: &CsvConfig) -> Result<Vec<Value>, String> {
    let mut rows = csv_rows(text, config.delimiter)?.into_iter();
    let headers = match &config.given_headers {
        Some(h) => h.clone(),
        None => rows.next().unwrap_or_default(),
    };
    let mut seen = std::collections::HashSet::new();
    if !headers.iter().all(|h| seen.insert(h.as_str())) {
        // LocalStack's cause, from its tests recorded against AWS
        // (resource_output_transformer_csv.py)
        return Err("CSV headers cannot contain duplicates.".into());
    }
    Ok(rows
        .map(|row| {
            // the members in header order; LocalStack sorts them, and which order AWS gives is
            // not recorded in our sources (verify)
            let mut m = Map::new();
            for (i, h) in headers.iter().enumerate() {
                m.insert(h.clone(), Value::String(row.get(i).cloned().unwrap_or_default()));
            }
            Value::Object(m)
        })
        .collect())
}

/// What an S3 inventory `manifest.json` lists: the bucket holding the inventory files, their
/// keys, and the names of the columns (`fileSchema`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Manifest {
    /// The bucket the inventory files are in (`destinationBucket`, an ARN or a name).
    pub bucket: String,
    /// The inventory files' keys, in the manifest's order.
    pub keys: Vec<String>,
    /// The column names of each file's rows.
    pub schema: Vec<String>,
}

/// Reads an S3 inventory manifest (`fileFormat` must be `CSV`).
pub fn manifest(text: &str) -> Result<Manifest, String> {
    // StepLab's wording for the failures below (verify)
    let v: Value =
        serde_json::from_str(text).map_err(|e| format!("The manifest is not valid JSON: {e}"))?;
    let format = v.get("fileFormat").and_then(Value::as_str).unwrap_or_default();
    if format != "CSV" {
        return Err(format!("The manifest's fileFormat must be CSV, but was '{format}'."));
    }
    let bucket = v.get("destinationBucket").and_then(Value::as_str).unwrap_or_default();
    let bucket = bucket.strip_prefix("arn:aws:s3:::").unwrap_or(bucket).to_owned();
    let schema = v
        .get("fileSchema")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let keys = v
        .get("files")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|f| f.get("key").and_then(Value::as_str).map(str::to_owned))
        .collect();
    Ok(Manifest { bucket, keys, schema })
}

/// An item of `arn:aws:states:::s3:listObjectsV2`: one object of `Contents` with the members
/// Step Functions gives (AWS's ItemReader documentation: `Etag`, `Key`, `LastModified` in epoch
/// seconds, `Size`, `StorageClass`).
pub fn listed_object(object: &Value) -> Value {
    let mut m = Map::new();
    if let Some(e) = object.get("ETag") {
        m.insert("Etag".into(), e.clone());
    }
    if let Some(k) = object.get("Key") {
        m.insert("Key".into(), k.clone());
    }
    if let Some(t) = object.get("LastModified") {
        m.insert("LastModified".into(), epoch_seconds(t));
    }
    if let Some(s) = object.get("Size") {
        m.insert("Size".into(), s.clone());
    }
    m.insert(
        "StorageClass".into(),
        object.get("StorageClass").cloned().unwrap_or_else(|| json!("STANDARD")),
    );
    Value::Object(m)
}

/// A timestamp as the services give it (epoch seconds, or ISO 8601 text) in epoch seconds.
fn epoch_seconds(t: &Value) -> Value {
    match t {
        Value::Number(n) => n.as_f64().map_or_else(|| t.clone(), |s| json!(s.floor() as i64)),
        Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
            .map_or_else(|_| t.clone(), |d| json!(d.timestamp())),
        _ => t.clone(),
    }
}

/// The first `max` items (`MaxItems`; 0 or none: all).
pub fn limit(mut items: Vec<Value>, max: Option<u64>) -> Vec<Value> {
    if let Some(m) = max.and_then(|m| usize::try_from(m).ok()).filter(|m| *m > 0) {
        items.truncate(m);
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_quotes_crlf_and_empty_lines() {
        let text = "name,note\r\n\"Doe, Jane\",\"said \"\"hi\"\"\"\r\n\r\nBob,\"two\nlines\"\r\n";
        let items = csv_items(text, &CsvConfig::default()).unwrap();
        assert_eq!(
            items,
            vec![
                json!({"name": "Doe, Jane", "note": "said \"hi\""}),
                json!({"name": "Bob", "note": "two\nlines"})
            ]
        );
    }

    #[test]
    fn csv_given_headers_and_a_delimiter() {
        let config =
            CsvConfig { given_headers: Some(vec!["a".into(), "b".into()]), delimiter: '|' };
        let items = csv_items("1|2\n3\n", &config).unwrap();
        assert_eq!(items, vec![json!({"a": "1", "b": "2"}), json!({"a": "3", "b": ""})]);
        assert_eq!(delimiter("TAB"), Some('\t'));
        assert_eq!(delimiter("COLON"), None);
    }

    #[test]
    fn csv_failures() {
        assert_eq!(
            csv_items("a,a\n1,2", &CsvConfig::default()).unwrap_err(),
            "CSV headers cannot contain duplicates."
        );
        assert!(csv_rows("a,\"b\n", ',').unwrap_err().contains("not closed"));
    }

    #[test]
    fn jsonl_skips_blank_lines_and_reads_crlf() {
        let items = jsonl_items("{\"a\":1}\r\n\r\n  \n[2]\n\"x\"").unwrap();
        assert_eq!(items, vec![json!({"a": 1}), json!([2]), json!("x")]);
        assert!(jsonl_items("{\"a\":1}\n{oops}\n").unwrap_err().starts_with("Line 2 "));
    }

    #[test]
    fn json_needs_an_array() {
        assert_eq!(json_items(" [1, {\"b\": 2}] ").unwrap(), vec![json!(1), json!({"b": 2})]);
        assert_eq!(json_items("{}").unwrap_err(), "Attempting to map over non-iterable node.");
        assert!(json_items("[1,").is_err());
    }

    #[test]
    fn max_items() {
        let items = vec![json!(1), json!(2), json!(3)];
        assert_eq!(limit(items.clone(), Some(2)), vec![json!(1), json!(2)]);
        assert_eq!(limit(items.clone(), Some(0)), items);
        assert_eq!(limit(items.clone(), None), items);
    }

    #[test]
    fn a_listed_object() {
        let o = json!({"Key": "a/b.txt", "LastModified": "2025-11-25T12:00:00.000Z", "ETag": "\"abc\"", "Size": 3, "StorageClass": "STANDARD"});
        assert_eq!(
            listed_object(&o),
            json!({"Etag": "\"abc\"", "Key": "a/b.txt", "LastModified": 1_764_072_000, "Size": 3, "StorageClass": "STANDARD"})
        );
    }

    #[test]
    fn an_inventory_manifest() {
        let m = manifest(r#"{"sourceBucket": "src", "destinationBucket": "arn:aws:s3:::inv", "fileFormat": "CSV", "fileSchema": "Bucket, Key, Size", "files": [{"key": "inv/data/1.csv", "size": 10}]}"#).unwrap();
        assert_eq!(m.bucket, "inv");
        assert_eq!(m.keys, vec!["inv/data/1.csv"]);
        assert_eq!(m.schema, vec!["Bucket", "Key", "Size"]);
        assert!(manifest(r#"{"fileFormat": "ORC"}"#).is_err());
    }
}
