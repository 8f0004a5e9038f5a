//! DynamoDB numbers: decimals of up to 38 significant digits, compared numerically and returned
//! normalised ("1.50" comes back as "1.5", "1e2" as "100").

use std::cmp::Ordering;

use crate::ServiceError;

/// A decimal `±0.d1d2…dn × 10^exp`, digits without leading or trailing zeros (none for zero).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exp: i64,
}

impl Decimal {
    /// Parses a number as DynamoDB accepts it (`-1.5`, `1e3`, `.5`, `+2`).
    pub fn parse(text: &str) -> Result<Self, ServiceError> {
        let bad = || {
            ServiceError::validation(format!(
                "The parameter cannot be converted to a numeric value: {text}"
            ))
        };
        let trimmed = text.trim();
        let (negative, rest) = match trimmed.as_bytes().first() {
            Some(b'-') => (true, &trimmed[1..]),
            Some(b'+') => (false, &trimmed[1..]),
            _ => (false, trimmed),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        let (int_part, frac_part) = match mantissa.find('.') {
            Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
            None => (mantissa, ""),
        };
        if int_part.is_empty() && frac_part.is_empty()
            || !int_part.bytes().chain(frac_part.bytes()).all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let exp10: i64 = match exponent {
            Some(e) => e.parse().map_err(|_| bad())?,
            None => 0,
        };
        let mut digits: Vec<u8> =
            int_part.bytes().chain(frac_part.bytes()).map(|b| b - b'0').collect();
        let mut exp = exp10.saturating_add(int_part.len() as i64);
        let lead = digits.iter().take_while(|d| **d == 0).count();
        digits.drain(..lead);
        exp -= lead as i64;
        while digits.last() == Some(&0) {
            digits.pop();
        }
        if digits.is_empty() {
            return Ok(Self::zero());
        }
        let number = Self { negative, digits, exp };
        number.check_range()?;
        Ok(number)
    }

    fn zero() -> Self {
        Self { negative: false, digits: Vec::new(), exp: 0 }
    }

    /// DynamoDB's limits: 38 significant digits, magnitudes from 1E-130 to below 1E+126.
    fn check_range(&self) -> Result<(), ServiceError> {
        if self.digits.len() > 38 {
            return Err(ServiceError::validation(
                "Attempting to store more than 38 significant digits in a Number",
            ));
        }
        if self.exp > 126 {
            return Err(ServiceError::validation(
                "Number overflow. Attempting to store a number with magnitude larger than supported range",
            ));
        }
        if !self.digits.is_empty() && self.exp < -129 {
            return Err(ServiceError::validation(
                "Number underflow. Attempting to store a number with magnitude smaller than supported range",
            ));
        }
        Ok(())
    }

    /// The number of significant digits (for the item size).
    pub fn significant_digits(&self) -> usize {
        self.digits.len()
    }

    /// The number in plain notation, as DynamoDB returns it.
    pub fn to_text(&self) -> String {
        if self.digits.is_empty() {
            return "0".into();
        }
        let digits: String = self.digits.iter().map(|d| char::from(b'0' + d)).collect();
        let n = digits.len() as i64;
        let body = if self.exp <= 0 {
            format!("0.{}{digits}", "0".repeat((-self.exp) as usize))
        } else if self.exp >= n {
            format!("{digits}{}", "0".repeat((self.exp - n) as usize))
        } else {
            format!("{}.{}", &digits[..self.exp as usize], &digits[self.exp as usize..])
        };
        if self.negative { format!("-{body}") } else { body }
    }

    fn cmp_magnitude(&self, other: &Self) -> Ordering {
        match (self.digits.is_empty(), other.digits.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Less,
            (false, true) => return Ordering::Greater,
            _ => {}
        }
        self.exp.cmp(&other.exp).then_with(|| self.digits.cmp(&other.digits))
    }

    /// The digits as an integer scaled to `10^low` (least significant first), for adding.
    fn scaled(&self, low: i64) -> Vec<u8> {
        let mut out = vec![0u8; (self.exp - self.digits.len() as i64 - low) as usize];
        out.extend(self.digits.iter().rev());
        out
    }

    /// `self + other`, checked against DynamoDB's limits.
    pub fn add(&self, other: &Self) -> Result<Self, ServiceError> {
        if self.digits.is_empty() {
            return Ok(other.clone());
        }
        if other.digits.is_empty() {
            return Ok(self.clone());
        }
        let low = (self.exp - self.digits.len() as i64).min(other.exp - other.digits.len() as i64);
        let (a, b) = (self.scaled(low), other.scaled(low));
        let (negative, mut sum) = if self.negative == other.negative {
            let mut out = Vec::new();
            let mut carry = 0;
            for i in 0..a.len().max(b.len()) {
                let s = a.get(i).copied().unwrap_or(0) + b.get(i).copied().unwrap_or(0) + carry;
                out.push(s % 10);
                carry = s / 10;
            }
            if carry > 0 {
                out.push(carry);
            }
            (self.negative, out)
        } else {
            let (big, small, negative) = match self.cmp_magnitude(other) {
                Ordering::Equal => return Ok(Self::zero()),
                Ordering::Greater => (&a, &b, self.negative),
                Ordering::Less => (&b, &a, other.negative),
            };
            let mut out = Vec::new();
            let mut borrow = 0i8;
            for (i, &digit) in big.iter().enumerate() {
                let mut d = digit as i8 - small.get(i).copied().unwrap_or(0) as i8 - borrow;
                borrow = 0;
                if d < 0 {
                    d += 10;
                    borrow = 1;
                }
                out.push(d as u8);
            }
            (negative, out)
        };
        // most significant first, then strip zeros
        sum.reverse();
        let len = sum.len() as i64;
        let lead = sum.iter().take_while(|d| **d == 0).count();
        sum.drain(..lead);
        let exp = low + len - lead as i64;
        while sum.last() == Some(&0) {
            sum.pop();
        }
        let number = Self { negative, digits: sum, exp };
        number.check_range()?;
        Ok(number)
    }

    /// `-self`.
    pub fn negated(&self) -> Self {
        Self { negative: !self.negative && !self.digits.is_empty(), ..self.clone() }
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Compares two number texts already validated.
pub fn compare(a: &str, b: &str) -> Ordering {
    match (Decimal::parse(a), Decimal::parse(b)) {
        (Ok(a), Ok(b)) => a.cmp(&b),
        _ => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn normalises() {
        for (input, out) in [
            ("1.50", "1.5"),
            ("1e2", "100"),
            ("-0.00", "0"),
            ("007", "7"),
            (".5", "0.5"),
            ("+2.0E-3", "0.002"),
            ("123.456", "123.456"),
        ] {
            assert_eq!(n(input).to_text(), out, "{input}");
        }
        assert!(Decimal::parse("abc").is_err());
        assert!(Decimal::parse("1e126").is_err());
        assert!(Decimal::parse("1.0000000000000000000000000000000000000001").is_err());
    }

    #[test]
    fn adds_and_compares() {
        assert_eq!(n("1.5").add(&n("2.25")).unwrap().to_text(), "3.75");
        assert_eq!(n("1").add(&n("-3")).unwrap().to_text(), "-2");
        assert_eq!(n("10").add(&n("-0.1")).unwrap().to_text(), "9.9");
        assert_eq!(n("99").add(&n("1")).unwrap().to_text(), "100");
        assert_eq!(n("5").add(&n("-5")).unwrap().to_text(), "0");
        assert!(n("10") > n("9"));
        assert!(n("-10") < n("-9"));
        assert!(n("0") > n("-0.1"));
        assert_eq!(compare("1.0", "1"), Ordering::Equal);
    }
}
