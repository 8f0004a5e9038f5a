//! `$formatInteger` and `$parseInteger`: XPath F&O 3.1 integer pictures
//! (decimal digit patterns with grouping, letters, roman numerals, words).

use super::arg;
use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator};
use crate::value::Value;

const FEW: [&str; 20] = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
];
const ORDINALS: [&str; 20] = [
    "Zeroth",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
];
const DECADES: [&str; 9] =
    ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"];
const MAGNITUDES: [&str; 4] = ["Thousand", "Million", "Billion", "Trillion"];

fn lookup_words(num: f64, prev: bool, ord: bool) -> String {
    let mut words;
    if num <= 19.0 {
        let n = num as usize;
        words = format!(
            "{}{}",
            if prev { " and " } else { "" },
            if ord { ORDINALS[n] } else { FEW[n] }
        );
    } else if num < 100.0 {
        let tens = (num / 10.0).floor() as usize;
        let remainder = num % 10.0;
        words = format!("{}{}", if prev { " and " } else { "" }, DECADES[tens - 2]);
        if remainder > 0.0 {
            words.push('-');
            words.push_str(&lookup_words(remainder, false, ord));
        } else if ord {
            words.pop();
            words.push_str("ieth");
        }
    } else if num < 1000.0 {
        let hundreds = (num / 100.0).floor() as usize;
        let remainder = num % 100.0;
        words = format!("{}{} Hundred", if prev { ", " } else { "" }, FEW[hundreds]);
        if remainder > 0.0 {
            words.push_str(&lookup_words(remainder, true, ord));
        } else if ord {
            words.push_str("th");
        }
    } else {
        let mut mag = (num.log10() / 3.0).floor() as usize;
        if mag > MAGNITUDES.len() {
            mag = MAGNITUDES.len();
        }
        let factor = 10f64.powi(mag as i32 * 3);
        let mant = (num / factor).floor();
        let remainder = num - mant * factor;
        words = format!(
            "{}{} {}",
            if prev { ", " } else { "" },
            lookup_words(mant, false, false),
            MAGNITUDES[mag - 1]
        );
        if remainder > 0.0 {
            words.push_str(&lookup_words(remainder, true, ord));
        } else if ord {
            words.push_str("th");
        }
    }
    words
}

fn word_value(word: &str) -> Option<f64> {
    for (i, w) in FEW.iter().enumerate() {
        if w.eq_ignore_ascii_case(word) {
            return Some(i as f64);
        }
    }
    for (i, w) in ORDINALS.iter().enumerate() {
        if w.eq_ignore_ascii_case(word) {
            return Some(i as f64);
        }
    }
    for (i, w) in DECADES.iter().enumerate() {
        let lw = w.to_lowercase();
        let ieth = format!("{}ieth", &lw[..lw.len() - 1]);
        if lw == word || ieth == word {
            return Some((i as f64 + 2.0) * 10.0);
        }
    }
    if word == "hundredth" {
        return Some(100.0);
    }
    for (i, w) in MAGNITUDES.iter().enumerate() {
        let lw = w.to_lowercase();
        if lw == word || format!("{lw}th") == word {
            return Some(10f64.powi((i as i32 + 1) * 3));
        }
    }
    None
}

fn words_to_number(text: &str) -> f64 {
    let text = text.replace(", ", " ").replace(" and ", " ");
    let mut segs = vec![0.0];
    for part in text.split([' ', '-', '\\']) {
        // an unknown word makes the whole number NaN, as in jsonata-js
        let Some(value) = word_value(part) else { return f64::NAN };
        if value < 100.0 {
            let mut top = segs.pop().unwrap_or(0.0);
            if top >= 1000.0 {
                segs.push(top);
                top = 0.0;
            }
            segs.push(top + value);
        } else {
            let top = segs.pop().unwrap_or(0.0);
            segs.push(top * value);
        }
    }
    segs.iter().sum()
}

const ROMAN: [(u64, &str); 13] = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
];

fn decimal_to_roman(mut value: u64) -> String {
    let mut out = String::new();
    while value > 0 {
        let Some((n, s)) = ROMAN.iter().find(|(n, _)| value >= *n) else { break };
        out.push_str(s);
        value -= n;
    }
    out
}

fn roman_to_decimal(roman: &str) -> f64 {
    let mut decimal = 0.0;
    let mut max = 1.0;
    for c in roman.chars().rev() {
        let value = match c {
            'M' => 1000.0,
            'D' => 500.0,
            'C' => 100.0,
            'L' => 50.0,
            'X' => 10.0,
            'V' => 5.0,
            'I' => 1.0,
            // not a roman numeral: NaN, as jsonata-js
            _ => f64::NAN,
        };
        if value < max {
            decimal -= value;
        } else {
            max = value;
            decimal += value;
        }
    }
    decimal
}

fn decimal_to_letters(mut value: u64, a: char) -> String {
    let mut letters = Vec::new();
    while value > 0 {
        letters.push(char::from_u32((value - 1) as u32 % 26 + a as u32).unwrap_or(a));
        value = (value - 1) / 26;
    }
    letters.iter().rev().collect()
}

fn letters_to_decimal(letters: &str, a: char) -> f64 {
    let chars: Vec<char> = letters.chars().collect();
    let mut decimal = 0.0;
    for (i, c) in chars.iter().rev().enumerate() {
        decimal += (*c as u32 as f64 - a as u32 as f64 + 1.0) * 26f64.powi(i as i32);
    }
    decimal
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Primary {
    Decimal,
    Letters,
    Roman,
    Words,
    Sequence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    Upper,
    Lower,
    Title,
}

#[derive(Debug, Clone)]
pub(crate) struct Separator {
    pub(crate) position: usize,
    pub(crate) character: char,
}

/// An analysed integer picture.
#[derive(Debug, Clone)]
pub(crate) struct IntegerFormat {
    pub(crate) primary: Primary,
    pub(crate) case: Case,
    pub(crate) ordinal: bool,
    pub(crate) zero_code: u32,
    pub(crate) mandatory_digits: usize,
    pub(crate) optional_digits: usize,
    /// Regular grouping: every `position` digits, this character.
    pub(crate) regular: Option<Separator>,
    pub(crate) separators: Vec<Separator>,
    pub(crate) token: String,
    /// For year parsing: the exact number of digits (`n` in jsonata-js).
    pub(crate) n: Option<usize>,
}

const DECIMAL_GROUPS: [u32; 37] = [
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10,
];

pub(crate) fn analyse_integer_picture(picture: &str) -> Res<IntegerFormat> {
    let mut format = IntegerFormat {
        primary: Primary::Decimal,
        case: Case::Lower,
        ordinal: false,
        zero_code: 0x30,
        mandatory_digits: 0,
        optional_digits: 0,
        regular: None,
        separators: Vec::new(),
        token: String::new(),
        n: None,
    };
    let primary_format = match picture.rfind(';') {
        None => picture,
        Some(i) => {
            if picture[i + 1..].starts_with('o') {
                format.ordinal = true;
            }
            &picture[..i]
        }
    };
    match primary_format {
        "A" => {
            format.case = Case::Upper;
            format.primary = Primary::Letters;
        }
        "a" => format.primary = Primary::Letters,
        "I" => {
            format.case = Case::Upper;
            format.primary = Primary::Roman;
        }
        "i" => format.primary = Primary::Roman,
        "W" => {
            format.case = Case::Upper;
            format.primary = Primary::Words;
        }
        "Ww" => {
            format.case = Case::Title;
            format.primary = Primary::Words;
        }
        "w" => format.primary = Primary::Words,
        _ => {
            let mut zero_code: Option<u32> = None;
            let mut mandatory = 0;
            let mut optional = 0;
            let mut separators = Vec::new();
            let mut position = 0;
            for c in primary_format.chars().rev() {
                let cp = c as u32;
                if let Some(group) = DECIMAL_GROUPS.iter().find(|g| cp >= **g && cp <= **g + 9) {
                    mandatory += 1;
                    position += 1;
                    match zero_code {
                        None => zero_code = Some(*group),
                        Some(z) if z != *group => return Err(Fault::new("D3131")),
                        _ => {}
                    }
                } else if c == '#' {
                    position += 1;
                    optional += 1;
                } else {
                    separators.push(Separator { position, character: c });
                }
            }
            if mandatory > 0 {
                format.primary = Primary::Decimal;
                format.zero_code = zero_code.unwrap_or(0x30);
                format.mandatory_digits = mandatory;
                format.optional_digits = optional;
                let regular = regular_repeat(&separators);
                if regular > 0 {
                    format.regular =
                        Some(Separator { position: regular, character: separators[0].character });
                } else {
                    format.separators = separators;
                }
            } else {
                format.primary = Primary::Sequence;
                format.token = primary_format.to_owned();
            }
        }
    }
    Ok(format)
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

fn regular_repeat(separators: &[Separator]) -> usize {
    if separators.is_empty() {
        return 0;
    }
    let ch = separators[0].character;
    if separators.iter().any(|s| s.character != ch) {
        return 0;
    }
    let indexes: Vec<usize> = separators.iter().map(|s| s.position).collect();
    let factor = indexes.iter().copied().reduce(gcd).unwrap_or(0);
    for i in 1..=indexes.len() {
        if !indexes.contains(&(i * factor)) {
            return 0;
        }
    }
    factor
}

/// Formats an integer with an analysed picture.
pub(crate) fn format_with(value: f64, format: &IntegerFormat) -> Res<String> {
    // jsonata-js never finishes (or overflows its stack) on these; report them instead
    let unbounded = !value.is_finite()
        || (matches!(format.primary, Primary::Roman | Primary::Letters) && value.abs() >= 1e9);
    if unbounded {
        return Err(Fault::new("D1001").value(Value::Number(value)));
    }
    let negative = value < 0.0;
    let value = value.abs();
    let mut out = match format.primary {
        Primary::Letters => {
            decimal_to_letters(value as u64, if format.case == Case::Upper { 'A' } else { 'a' })
        }
        Primary::Roman => {
            let r = decimal_to_roman(value as u64);
            if format.case == Case::Upper { r.to_uppercase() } else { r }
        }
        Primary::Words => {
            let w = lookup_words(value, false, format.ordinal);
            match format.case {
                Case::Upper => w.to_uppercase(),
                Case::Lower => w.to_lowercase(),
                Case::Title => w,
            }
        }
        Primary::Decimal => {
            super::check_size(format.mandatory_digits as f64)?;
            let mut s = crate::value::format_number(value);
            let pad = format.mandatory_digits as i64 - s.chars().count() as i64;
            if pad > 0 {
                s = "0".repeat(pad as usize) + &s;
            }
            if format.zero_code != 0x30 {
                s = s
                    .chars()
                    .map(|c| {
                        if c.is_ascii_digit() {
                            char::from_u32(c as u32 + format.zero_code - 0x30).unwrap_or(c)
                        } else {
                            c
                        }
                    })
                    .collect();
            }
            let mut chars: Vec<char> = s.chars().collect();
            if let Some(sep) = &format.regular {
                let n = (chars.len() - 1) / sep.position;
                for ii in (1..=n).rev() {
                    let pos = chars.len() - ii * sep.position;
                    chars.insert(pos, sep.character);
                }
            } else {
                for sep in format.separators.iter().rev() {
                    let pos = chars.len() as i64 - sep.position as i64;
                    if pos >= 0 {
                        chars.insert(pos as usize, sep.character);
                    } else {
                        // as JavaScript's substr with a negative position: only the
                        // last -pos characters follow the separator
                        let keep = chars.len().saturating_sub((-pos) as usize);
                        let tail = chars.split_off(keep);
                        chars = std::iter::once(sep.character).chain(tail).collect();
                    }
                }
            }
            let mut s: String = chars.into_iter().collect();
            if format.ordinal {
                let chars: Vec<char> = s.chars().collect();
                let last = chars.last().copied().unwrap_or('0');
                let mut suffix = match last {
                    '1' => "st",
                    '2' => "nd",
                    '3' => "rd",
                    _ => "th",
                };
                if chars.len() > 1 && chars[chars.len() - 2] == '1' {
                    suffix = "th";
                }
                s.push_str(suffix);
            }
            s
        }
        Primary::Sequence => return Err(Fault::new("D3130").value(Value::string(&format.token))),
    };
    if negative {
        out.insert(0, '-');
    }
    Ok(out)
}

/// The regex matching an integer written with `format`, and its parser.
pub(crate) fn integer_regex(format: &IntegerFormat) -> Res<String> {
    let upper = format.case == Case::Upper;
    Ok(match format.primary {
        Primary::Letters => if upper { "[A-Z]+" } else { "[a-z]+" }.to_owned(),
        Primary::Roman => if upper { "[MDCLXVI]+" } else { "[mdclxvi]+" }.to_owned(),
        Primary::Words => {
            let mut words: Vec<String> = Vec::new();
            for w in FEW.iter().chain(ORDINALS.iter()) {
                words.push(w.to_lowercase());
            }
            for w in DECADES {
                let lw = w.to_lowercase();
                words.push(format!("{}ieth", &lw[..lw.len() - 1]));
                words.push(lw);
            }
            words.push("hundredth".into());
            for w in MAGNITUDES {
                let lw = w.to_lowercase();
                words.push(format!("{lw}th"));
                words.push(lw);
            }
            words.sort_by_key(|w| std::cmp::Reverse(w.len()));
            format!("(?:{}|and|[\\-, ])+", words.join("|"))
        }
        Primary::Decimal => {
            let occurrences = match format.n {
                Some(n) if n > 0 => format!("{{{n}}}"),
                _ => "+".to_owned(),
            };
            let mut r = format!("[0-9]{occurrences}");
            if format.ordinal {
                r.push_str("(?:th|st|nd|rd)");
            }
            r
        }
        Primary::Sequence => return Err(Fault::new("D3130").value(Value::string(&format.token))),
    })
}

pub(crate) fn parse_with(value: &str, format: &IntegerFormat) -> Res<f64> {
    let upper = format.case == Case::Upper;
    Ok(match format.primary {
        Primary::Letters => letters_to_decimal(value, if upper { 'A' } else { 'a' }),
        Primary::Roman => {
            roman_to_decimal(&if upper { value.to_owned() } else { value.to_uppercase() })
        }
        Primary::Words => words_to_number(&value.to_lowercase()),
        Primary::Decimal => {
            let mut digits: String = value.to_owned();
            if format.ordinal {
                let n = digits.chars().count().saturating_sub(2);
                digits = digits.chars().take(n).collect();
            }
            if format.regular.is_some() {
                digits = digits.replace(',', "");
            } else {
                for sep in &format.separators {
                    digits = digits.replace(sep.character, "");
                }
            }
            if format.zero_code != 0x30 {
                digits = digits
                    .chars()
                    .map(|c| {
                        char::from_u32((c as u32).wrapping_sub(format.zero_code) + 0x30)
                            .unwrap_or(c)
                    })
                    .collect();
            }
            parse_int_prefix(&digits)
        }
        Primary::Sequence => return Err(Fault::new("D3130").value(Value::string(&format.token))),
    })
}

/// JavaScript's `parseInt(text, 10)`: leading digits, NaN when none.
pub(crate) fn parse_int_prefix(text: &str) -> f64 {
    let t = text.trim_start();
    let (sign, rest) = match t.strip_prefix('-') {
        Some(r) => (-1.0, r),
        None => (1.0, t.strip_prefix('+').unwrap_or(t)),
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return f64::NAN;
    }
    sign * digits.parse::<f64>().unwrap_or(f64::NAN)
}

pub(crate) fn format_integer(_: &mut Evaluator<'_>, args: &[Value], _: &Ctx<'_>) -> Res<Value> {
    let Some(n) = arg(args, 0).as_number() else { return Ok(Value::Undefined) };
    let format = analyse_integer_picture(arg(args, 1).as_str().unwrap_or(""))?;
    Ok(Value::from_string(format_with(n.floor(), &format)?))
}

pub(crate) fn parse_integer(_: &mut Evaluator<'_>, args: &[Value], _: &Ctx<'_>) -> Res<Value> {
    let Some(s) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    let format = analyse_integer_picture(arg(args, 1).as_str().unwrap_or(""))?;
    integer_regex(&format)?;
    Ok(Value::Number(parse_with(s, &format)?))
}
