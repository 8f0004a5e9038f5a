//! Date/time functions: `$now`, `$millis`, `$fromMillis`, `$toMillis`, with
//! XPath F&O 3.1 date/time picture strings (format and parse), all in UTC arithmetic.

use super::arg;
use super::integer::{
    IntegerFormat, analyse_integer_picture, format_with, integer_regex, parse_with,
};
use crate::error::{Fault, Res};
use crate::eval::{Ctx, Evaluator};
use crate::value::Value;

const DAY: f64 = 86_400_000.0;
const DAYS: [&str; 8] =
    ["", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1–12).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month 1–12, day) of days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// JavaScript's `Date.UTC` (month 0–11, out-of-range values roll over).
fn date_utc(y: f64, m0: f64, d: f64, h: f64, mi: f64, s: f64, ms: f64) -> f64 {
    // Date.UTC reads the years 0 to 99 as 1900 to 1999
    let y = if (0.0..=99.0).contains(&y.trunc()) { y.trunc() + 1900.0 } else { y };
    // JavaScript dates end at ±275760 years: beyond, and for NaN fields, the result is NaN
    let fields = [y, m0, d, h, mi, s, ms];
    if fields.iter().any(|f| !f.is_finite() || f.abs() > 1e9) {
        return f64::NAN;
    }
    let y = y + (m0 / 12.0).floor();
    let m = m0.rem_euclid(12.0);
    let days = days_from_civil(y as i64, m as i64 + 1, 1) as f64 + d - 1.0;
    days * DAY + h * 3_600_000.0 + mi * 60_000.0 + s * 1000.0 + ms
}

/// The UTC fields of a timestamp.
#[derive(Clone, Copy)]
struct Date {
    millis: f64,
    year: i64,
    month0: i64,
    day: i64,
    hours: i64,
    minutes: i64,
    seconds: i64,
    ms: i64,
    weekday: i64,
}

fn date(millis: f64) -> Date {
    // callers check the range; an invalid time is read as the epoch rather than overflow
    let millis = if millis.is_finite() && millis.abs() <= 8.64e15 { millis } else { 0.0 };
    let days = (millis / DAY).floor();
    let (year, month, day) = civil_from_days(days as i64);
    let rem = millis - days * DAY;
    let rem = rem as i64;
    Date {
        millis,
        year,
        month0: month - 1,
        day,
        hours: rem / 3_600_000,
        minutes: rem / 60_000 % 60,
        seconds: rem / 1000 % 60,
        ms: rem % 1000,
        weekday: (days as i64 + 4).rem_euclid(7),
    }
}

fn start_of_first_week(year: i64, month0: i64) -> f64 {
    let jan1 = date_utc(year as f64, month0 as f64, 1.0, 0.0, 0.0, 0.0, 0.0);
    let mut day = date(jan1).weekday;
    if day == 0 {
        day = 7;
    }
    if day > 4 { jan1 + (8 - day) as f64 * DAY } else { jan1 - (day - 1) as f64 * DAY }
}

fn next_month(y: i64, m: i64) -> (i64, i64) {
    if m == 11 { (y + 1, 0) } else { (y, m + 1) }
}
fn prev_month(y: i64, m: i64) -> (i64, i64) {
    if m == 0 { (y - 1, 11) } else { (y, m - 1) }
}

fn delta_weeks(start: f64, end: f64) -> f64 {
    (end - start) / (DAY * 7.0) + 1.0
}

enum Component {
    Num(f64),
    Text(&'static str),
    None,
}

fn fragment(d: &Date, component: char) -> Component {
    use Component::{Num, Text};
    match component {
        'Y' => Num(d.year as f64),
        'M' => Num(d.month0 as f64 + 1.0),
        'D' => Num(d.day as f64),
        'd' => {
            let today = date_utc(d.year as f64, d.month0 as f64, d.day as f64, 0.0, 0.0, 0.0, 0.0);
            let first = date_utc(d.year as f64, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0);
            Num((today - first) / DAY + 1.0)
        }
        'F' => Num(if d.weekday == 0 { 7.0 } else { d.weekday as f64 }),
        'W' => {
            let start = start_of_first_week(d.year, 0);
            let today = date_utc(d.year as f64, d.month0 as f64, d.day as f64, 0.0, 0.0, 0.0, 0.0);
            let mut week = delta_weeks(start, today);
            if week > 52.0 {
                if today >= start_of_first_week(d.year + 1, 0) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                week = delta_weeks(start_of_first_week(d.year - 1, 0), today);
            }
            Num(week.floor())
        }
        'w' => {
            let start = start_of_first_week(d.year, d.month0);
            let today = date_utc(d.year as f64, d.month0 as f64, d.day as f64, 0.0, 0.0, 0.0, 0.0);
            let mut week = delta_weeks(start, today);
            if week > 4.0 {
                let (ny, nm) = next_month(d.year, d.month0);
                if today >= start_of_first_week(ny, nm) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                let (py, pm) = prev_month(d.year, d.month0);
                week = delta_weeks(start_of_first_week(py, pm), today);
            }
            Num(week.floor())
        }
        'X' => {
            let start = start_of_first_week(d.year, 0);
            let end = start_of_first_week(d.year + 1, 0);
            Num(if d.millis < start {
                d.year as f64 - 1.0
            } else if d.millis >= end {
                d.year as f64 + 1.0
            } else {
                d.year as f64
            })
        }
        'x' => {
            let start = start_of_first_week(d.year, d.month0);
            let (ny, nm) = next_month(d.year, d.month0);
            let end = start_of_first_week(ny, nm);
            Num(if d.millis < start {
                prev_month(d.year, d.month0).1 as f64 + 1.0
            } else if d.millis >= end {
                nm as f64 + 1.0
            } else {
                d.month0 as f64 + 1.0
            })
        }
        'H' => Num(d.hours as f64),
        'h' => {
            let h = d.hours % 12;
            Num(if h == 0 { 12.0 } else { h as f64 })
        }
        'P' => Text(if d.hours >= 12 { "pm" } else { "am" }),
        'm' => Num(d.minutes as f64),
        's' => Num(d.seconds as f64),
        'f' => Num(d.ms as f64),
        'C' | 'E' => Text("ISO"),
        _ => Component::None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Names {
    Upper,
    Lower,
    Title,
}

#[derive(Debug, Clone)]
struct Marker {
    component: char,
    presentation1: String,
    presentation2: Option<char>,
    width_min: Option<usize>,
    width_max: Option<usize>,
    names: Option<Names>,
    integer: Option<IntegerFormat>,
    /// For the year: how many digits to keep (`-1` in jsonata-js: all).
    n: Option<usize>,
    /// The presentation modifier was written in the picture (not the default).
    explicit: bool,
}

#[derive(Debug, Clone)]
enum Part {
    Literal(String),
    Marker(Box<Marker>),
}

fn default_presentation(c: char) -> Option<&'static str> {
    Some(match c {
        'Y' | 'M' | 'D' | 'd' | 'W' | 'w' | 'X' | 'x' | 'H' | 'h' | 'f' => "1",
        'F' | 'P' | 'C' | 'E' => "n",
        'm' | 's' => "01",
        'Z' | 'z' => "01:01",
        _ => return None,
    })
}

fn parse_width(w: &str) -> Option<usize> {
    if w.is_empty() || w == "*" {
        return None;
    }
    let n = super::integer::parse_int_prefix(w);
    if n.is_nan() { None } else { Some(n as usize) }
}

fn analyse_picture(picture: &str) -> Res<Vec<Part>> {
    let chars: Vec<char> = picture.chars().collect();
    let mut parts = Vec::new();
    let add_literal = |parts: &mut Vec<Part>, start: usize, end: usize| {
        if end > start {
            let lit: String = chars[start..end].iter().collect();
            parts.push(Part::Literal(lit.replace("]]", "]")));
        }
    };
    let (mut start, mut pos) = (0, 0);
    while pos < chars.len() {
        if chars[pos] == '[' {
            if chars.get(pos + 1) == Some(&'[') {
                add_literal(&mut parts, start, pos);
                parts.push(Part::Literal("[".into()));
                pos += 2;
                start = pos;
                continue;
            }
            add_literal(&mut parts, start, pos);
            start = pos;
            let Some(close) = chars[start..].iter().position(|c| *c == ']') else {
                return Err(Fault::new("D3135"));
            };
            pos = start + close;
            let marker: String =
                chars[start + 1..pos].iter().filter(|c| !c.is_whitespace()).collect();
            let mchars: Vec<char> = marker.chars().collect();
            let component = mchars.first().copied().unwrap_or(' ');
            let mut m = Marker {
                component,
                presentation1: String::new(),
                presentation2: None,
                width_min: None,
                width_max: None,
                names: None,
                integer: None,
                n: None,
                explicit: false,
            };
            let pres_mod: String = match mchars.iter().rposition(|c| *c == ',') {
                Some(comma) => {
                    let width: String = mchars[comma + 1..].iter().collect();
                    match width.find('-') {
                        None => m.width_min = parse_width(&width),
                        Some(dash) => {
                            m.width_min = parse_width(&width[..dash]);
                            m.width_max = parse_width(&width[dash + 1..]);
                        }
                    }
                    // JavaScript's substring(1, comma) swaps its bounds when comma < 1
                    let (from, to) = if comma >= 1 { (1, comma) } else { (comma, 1) };
                    mchars.get(from..to.min(mchars.len())).unwrap_or_default().iter().collect()
                }
                None => mchars.iter().skip(1).collect(),
            };
            let pm: Vec<char> = pres_mod.chars().collect();
            m.explicit = !pm.is_empty();
            if pm.len() == 1 {
                m.presentation1 = pres_mod.clone();
            } else if pm.len() > 1 {
                let last = pm[pm.len() - 1];
                if "atco".contains(last) {
                    m.presentation2 = Some(last);
                    m.presentation1 = pm[..pm.len() - 1].iter().collect();
                } else {
                    m.presentation1 = pres_mod.clone();
                }
            } else {
                match default_presentation(component) {
                    Some(p) => m.presentation1 = p.to_owned(),
                    None => {
                        return Err(
                            Fault::new("D3132").value(Value::from_string(component.to_string()))
                        );
                    }
                }
            }
            let p1: Vec<char> = m.presentation1.chars().collect();
            if p1.first() == Some(&'n') {
                m.names = Some(Names::Lower);
            } else if p1.first() == Some(&'N') {
                m.names = Some(if p1.get(1) == Some(&'n') { Names::Title } else { Names::Upper });
            } else if "YMDdFWwXxHhmsf".contains(component) {
                let mut pattern = m.presentation1.clone();
                if let Some(p2) = m.presentation2 {
                    pattern.push(';');
                    pattern.push(p2);
                }
                let mut f = analyse_integer_picture(&pattern)?;
                if let Some(min) = m.width_min
                    && f.mandatory_digits < min
                {
                    f.mandatory_digits = min;
                }
                if component == 'Y' {
                    if let Some(max) = m.width_max {
                        m.n = Some(max);
                        f.mandatory_digits = max;
                    } else {
                        let w = f.mandatory_digits + f.optional_digits;
                        if w >= 2 {
                            m.n = Some(w);
                        }
                    }
                }
                m.integer = Some(f);
            }
            if component == 'Z' || component == 'z' {
                m.integer = Some(analyse_integer_picture(&m.presentation1)?);
            }
            parts.push(Part::Marker(Box::new(m)));
            start = pos + 1;
        }
        pos += 1;
    }
    add_literal(&mut parts, start, pos.min(chars.len()));
    Ok(parts)
}

const ISO_PICTURE: &str = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";

fn format_component(d: &Date, m: &Marker, offset_hours: i64, offset_minutes: i64) -> Res<String> {
    let c = m.component;
    if "YMDdFWwXxHhms".contains(c) {
        let Component::Num(mut v) = fragment(d, c) else { return Ok(String::new()) };
        if c == 'Y'
            && let Some(n) = m.n
        {
            v %= 10f64.powi(n as i32);
        }
        if let Some(names) = m.names {
            let name = match c {
                'M' | 'x' => MONTHS.get((v as usize).wrapping_sub(1)).copied().unwrap_or(""),
                'F' => DAYS.get(v as usize).copied().unwrap_or(""),
                _ => return Err(Fault::new("D3133").value(Value::from_string(c.to_string()))),
            };
            let mut s = match names {
                Names::Upper => name.to_uppercase(),
                Names::Lower => name.to_lowercase(),
                Names::Title => name.to_owned(),
            };
            if let Some(max) = m.width_max
                && s.chars().count() > max
            {
                s = s.chars().take(max).collect();
            }
            return Ok(s);
        }
        return match &m.integer {
            Some(f) => format_with(v, f),
            None => Ok(String::new()),
        };
    }
    match c {
        'f' => {
            let Component::Num(v) = fragment(d, c) else { return Ok(String::new()) };
            match &m.integer {
                Some(f) => format_with(v, f),
                None => Ok(String::new()),
            }
        }
        'Z' | 'z' => {
            let offset = offset_hours * 100 + offset_minutes;
            let Some(f) = &m.integer else { return Ok(String::new()) };
            let mut s = if f.regular.is_some() {
                format_with(offset as f64, f)?
            } else {
                match f.mandatory_digits {
                    1 | 2 => {
                        let mut s = format_with(offset_hours as f64, f)?;
                        if offset_minutes != 0 {
                            s.push(':');
                            s.push_str(&format_with(
                                offset_minutes as f64,
                                &analyse_integer_picture("00")?,
                            )?);
                        }
                        s
                    }
                    3 | 4 => format_with(offset as f64, f)?,
                    n => return Err(Fault::new("D3134").value(Value::Number(n as f64))),
                }
            };
            if offset >= 0 {
                s.insert(0, '+');
            }
            if c == 'z' {
                s.insert_str(0, "GMT");
            }
            if offset == 0 && m.presentation2 == Some('t') {
                s = "Z".into();
            }
            Ok(s)
        }
        'P' => {
            let Component::Text(t) = fragment(d, c) else { return Ok(String::new()) };
            Ok(match m.names {
                Some(Names::Upper) => t.to_uppercase(),
                _ => t.to_owned(),
            })
        }
        'C' | 'E' => Ok("ISO".into()),
        // jsonata-js formats an unknown component as `undefined`
        _ => Ok("undefined".into()),
    }
}

fn format_date_time(millis: f64, picture: Option<&str>, timezone: Option<&str>) -> Res<String> {
    // beyond ±8.64e15 ms JavaScript has no date ("Invalid Date")
    if !millis.is_finite() || millis.abs() > 8.64e15 {
        return Err(Fault::new("D1001").value(Value::Number(millis)));
    }
    let (mut oh, mut om) = (0, 0);
    if let Some(tz) = timezone {
        let offset = super::integer::parse_int_prefix(tz);
        if offset.abs() > 1e9 {
            return Err(Fault::new("D1001").value(Value::Number(offset)));
        }
        let offset = if offset.is_nan() { 0 } else { offset as i64 };
        // as jsonata-js: Math.floor(offset / 100) and offset % 100
        oh = (offset as f64 / 100.0).floor() as i64;
        om = offset % 100;
    }
    let parts = analyse_picture(picture.unwrap_or(ISO_PICTURE))?;
    let local = millis + ((60 * oh + om) * 60 * 1000) as f64;
    if local.abs() > 8.64e15 {
        return Err(Fault::new("D1001").value(Value::Number(local)));
    }
    let d = date(local);
    let mut out = String::new();
    for part in &parts {
        match part {
            Part::Literal(l) => out.push_str(l),
            Part::Marker(m) => out.push_str(&format_component(&d, m, oh, om)?),
        }
    }
    Ok(out)
}

fn regex_escape(s: &str) -> String {
    regex::escape(s)
}

enum Parser {
    None,
    Integer(IntegerFormat),
    Names(Vec<(String, f64)>),
    Zone(char, Option<char>),
}

fn parse_date_time(timestamp: &str, picture: &str, now: f64) -> Res<Value> {
    let parts = analyse_picture(picture)?;
    let mut regex_text = String::from("^");
    let mut parsers: Vec<(char, Parser)> = Vec::new();
    let is_marker = |i: usize| matches!(parts.get(i), Some(Part::Marker(_)));
    for (index, part) in parts.iter().enumerate() {
        match part {
            Part::Literal(l) => {
                regex_text.push_str(&format!("({})", regex_escape(l)));
                parsers.push((' ', Parser::None));
            }
            Part::Marker(m) if m.component == 'Z' || m.component == 'z' => {
                let sep = m.integer.as_ref().and_then(|f| f.regular.as_ref()).map(|s| s.character);
                let mut r = String::new();
                if m.component == 'z' {
                    r.push_str("GMT");
                }
                r.push_str("[-+][0-9]+");
                if let Some(s) = sep {
                    r.push_str(&regex_escape(&s.to_string()));
                    r.push_str("[0-9]+");
                }
                regex_text.push_str(&format!("({r})"));
                parsers.push((m.component, Parser::Zone(m.component, sep)));
            }
            Part::Marker(m) => {
                if let Some(f) = &m.integer {
                    let mut f = f.clone();
                    f.n = m.n;
                    let width = f.mandatory_digits;
                    // digits of a marker next to another marker must have a fixed width
                    let adjacent = (index > 0 && is_marker(index - 1)) || is_marker(index + 1);
                    if f.n.is_none() && width >= 2 && m.component != 'f' && m.explicit && adjacent {
                        // a fixed-width field: match exactly that many digits
                        f.n = Some(width);
                    }
                    regex_text.push_str(&format!("({})", integer_regex(&f)?));
                    parsers.push((m.component, Parser::Integer(f)));
                } else {
                    let mut lookup = Vec::new();
                    let trunc = |name: &str| match m.width_max {
                        Some(max) if max > 0 => name.chars().take(max).collect(),
                        _ => name.to_owned(),
                    };
                    match m.component {
                        'M' | 'x' => {
                            for (i, name) in MONTHS.iter().enumerate() {
                                lookup.push((trunc(name), i as f64 + 1.0));
                            }
                        }
                        'F' => {
                            for (i, name) in DAYS.iter().enumerate().skip(1) {
                                lookup.push((trunc(name), i as f64));
                            }
                        }
                        'P' => {
                            lookup = vec![
                                ("am".into(), 0.0),
                                ("AM".into(), 0.0),
                                ("pm".into(), 1.0),
                                ("PM".into(), 1.0),
                            ]
                        }
                        c => {
                            return Err(
                                Fault::new("D3133").value(Value::from_string(c.to_string()))
                            );
                        }
                    }
                    regex_text.push_str("([a-zA-Z]+)");
                    parsers.push((m.component, Parser::Names(lookup)));
                }
            }
        }
    }
    regex_text.push('$');
    let re = regex::RegexBuilder::new(&regex_text)
        .case_insensitive(true)
        .build()
        .map_err(|e| Fault::new("D3137").text(e.to_string()))?;
    let Some(caps) = re.captures(timestamp) else { return Ok(Value::Undefined) };
    let mut comps: std::collections::HashMap<char, f64> = std::collections::HashMap::new();
    for (i, (component, parser)) in parsers.iter().enumerate() {
        let text = caps.get(i + 1).map(|m| m.as_str()).unwrap_or("");
        let v = match parser {
            Parser::None => continue,
            Parser::Integer(_) if *component == 'f' => {
                // fractional seconds: the digits are a fraction, kept to milliseconds
                let digits: String = text
                    .chars()
                    .filter(char::is_ascii_digit)
                    .chain("000".chars())
                    .take(3)
                    .collect();
                digits.parse::<f64>().unwrap_or(f64::NAN)
            }
            Parser::Integer(f) => parse_with(text, f)?,
            Parser::Names(lookup) => match lookup.iter().find(|(n, _)| n == text) {
                Some((_, v)) => *v,
                // an unknown name leaves the component unspecified, as in jsonata-js
                None => continue,
            },
            Parser::Zone(c, sep) => {
                let mut v = text;
                if *c == 'z' {
                    v = &v[3.min(v.len())..];
                }
                let (oh, om) = match sep {
                    Some(s) => {
                        let i = v.find(*s).unwrap_or(v.len());
                        (
                            super::integer::parse_int_prefix(&v[..i]),
                            super::integer::parse_int_prefix(
                                v.get(i + s.len_utf8()..).unwrap_or(""),
                            ),
                        )
                    }
                    None => {
                        let digits = v.chars().count() - 1;
                        if digits <= 2 {
                            (super::integer::parse_int_prefix(v), 0.0)
                        } else {
                            (
                                super::integer::parse_int_prefix(&v[..3]),
                                super::integer::parse_int_prefix(&v[3..]),
                            )
                        }
                    }
                };
                oh * 60.0 + om
            }
        };
        comps.insert(*component, v);
    }
    if comps.is_empty() {
        return Ok(Value::Undefined);
    }
    let has = |c: char, comps: &std::collections::HashMap<char, f64>| comps.contains_key(&c);
    let mut mask: u32 = 0;
    for c in "YXMxWwdD".chars() {
        mask = (mask << 1) + u32::from(has(c, &comps));
    }
    let is_type = |t: u32, mask: u32| (!t & mask) == 0 && (t & mask) != 0;
    let date_a = is_type(161, mask);
    let date_b = !date_a && is_type(130, mask);
    let date_c = is_type(84, mask);
    let date_d = !date_c && is_type(72, mask);
    mask = 0;
    for c in "PHhmsf".chars() {
        mask = (mask << 1) + u32::from(has(c, &comps));
    }
    let time_a = is_type(23, mask);
    let time_b = !time_a && is_type(47, mask);
    let date_comps = if date_b {
        "YD"
    } else if date_c {
        "XxwF"
    } else if date_d {
        "XWF"
    } else {
        "YMD"
    };
    let time_comps = if time_b { "Phmsf" } else { "Hmsf" };
    let now_date = date(now);
    let (mut start_specified, mut end_specified) = (false, false);
    for part in date_comps.chars().chain(time_comps.chars()) {
        if !has(part, &comps) {
            if start_specified {
                comps.insert(part, if "MDd".contains(part) { 1.0 } else { 0.0 });
                end_specified = true;
            } else {
                let v = match fragment(&now_date, part) {
                    Component::Num(n) => n,
                    Component::Text(t) => {
                        if t == "pm" {
                            1.0
                        } else {
                            0.0
                        }
                    }
                    Component::None => 0.0,
                };
                comps.insert(part, v);
            }
        } else {
            start_specified = true;
            if end_specified {
                return Err(Fault::new("D3136"));
            }
        }
    }
    let get = |c: char, comps: &std::collections::HashMap<char, f64>| {
        comps.get(&c).copied().unwrap_or(0.0)
    };
    let mut month0 = get('M', &comps);
    month0 = if month0 > 0.0 { month0 - 1.0 } else { 0.0 };
    let mut day = get('D', &comps);
    if date_b {
        let first = date_utc(get('Y', &comps), 0.0, 1.0, 0.0, 0.0, 0.0, 0.0);
        let derived = date(first + (get('d', &comps) - 1.0) * DAY);
        month0 = derived.month0 as f64;
        day = derived.day as f64;
    }
    if date_c || date_d {
        return Err(Fault::new("D3136"));
    }
    let mut hours = get('H', &comps);
    if time_b {
        let h = get('h', &comps);
        hours = if h == 12.0 { 0.0 } else { h };
        if get('P', &comps) == 1.0 {
            hours += 12.0;
        }
    }
    let mut millis = date_utc(
        get('Y', &comps),
        month0,
        day,
        hours,
        get('m', &comps),
        get('s', &comps),
        get('f', &comps),
    );
    let zone = comps.get(&'Z').or_else(|| comps.get(&'z')).copied().unwrap_or(0.0);
    if zone != 0.0 {
        millis -= zone * 60.0 * 1000.0;
    }
    Ok(Value::Number(millis))
}

pub(crate) fn now(ev: &mut Evaluator<'_>, args: &[Value], _: &Ctx<'_>) -> Res<Value> {
    let millis = ev.env.now_millis as f64;
    Ok(Value::from_string(format_date_time(millis, arg(args, 0).as_str(), arg(args, 1).as_str())?))
}

pub(crate) fn millis(ev: &mut Evaluator<'_>, _: &[Value], _: &Ctx<'_>) -> Res<Value> {
    Ok(Value::Number(ev.env.now_millis as f64))
}

pub(crate) fn from_millis(_: &mut Evaluator<'_>, args: &[Value], _: &Ctx<'_>) -> Res<Value> {
    let Some(ms) = arg(args, 0).as_number() else { return Ok(Value::Undefined) };
    Ok(Value::from_string(format_date_time(ms, arg(args, 1).as_str(), arg(args, 2).as_str())?))
}

pub(crate) fn to_millis(ev: &mut Evaluator<'_>, args: &[Value], _: &Ctx<'_>) -> Res<Value> {
    let Some(ts) = arg(args, 0).as_str() else { return Ok(Value::Undefined) };
    if let Some(picture) = arg(args, 1).as_str() {
        return parse_date_time(ts, picture, ev.env.now_millis as f64);
    }
    parse_iso(ts).map(Value::Number).ok_or_else(|| Fault::new("D3110").value(Value::string(ts)))
}

/// `Date.parse` of the ISO 8601 forms jsonata-js accepts (UTC when no offset is given).
fn parse_iso(ts: &str) -> Option<f64> {
    static ISO: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    let re = ISO
        .get_or_init(|| {
            regex::Regex::new(
                r"^([0-9]{4})(?:-([01][0-9]))?(?:-([0-3][0-9]))?(?:T([0-2][0-9]):([0-5][0-9]):([0-5][0-9]))?(\.[0-9]+)?([+-][0-2][0-9]:?[0-5][0-9]|Z)?$",
            )
            .ok()
        })
        .as_ref()?;
    let c = re.captures(ts)?;
    let num = |i: usize, d: f64| c.get(i).and_then(|m| m.as_str().parse::<f64>().ok()).unwrap_or(d);
    let frac = c.get(7).map(|m| m.as_str()).unwrap_or("");
    let ms = if frac.len() > 1 {
        let digits: String = frac[1..].chars().chain("000".chars()).take(3).collect();
        digits.parse::<f64>().unwrap_or(0.0)
    } else {
        0.0
    };
    let mut millis = date_utc(
        num(1, 1970.0),
        num(2, 1.0) - 1.0,
        num(3, 1.0),
        num(4, 0.0),
        num(5, 0.0),
        num(6, 0.0),
        ms,
    );
    if let Some(z) = c.get(8).map(|m| m.as_str())
        && z != "Z"
    {
        let sign = if z.starts_with('-') { -1.0 } else { 1.0 };
        let digits: String = z.chars().filter(char::is_ascii_digit).collect();
        let h: f64 = digits[..2].parse().unwrap_or(0.0);
        let m: f64 = digits[2..].parse().unwrap_or(0.0);
        millis -= sign * (h * 60.0 + m) * 60_000.0;
    }
    Some(millis)
}
