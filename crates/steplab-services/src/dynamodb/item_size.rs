//! The size of an item as DynamoDB counts it against its 400 KB limit.
//!
//! After AWS's "Item sizes and formats": names and strings count their UTF-8 bytes, binaries
//! their raw bytes, a number one byte per two significant digits plus one, a boolean or null one
//! byte, a list or map 3 bytes plus one byte per element plus its elements (a map's member names
//! included).

use super::number::Decimal;
use super::value::{AttributeValue, Item, decode_base64};

/// DynamoDB's limit on an item's size: 400 KB.
pub const MAX_ITEM_SIZE: usize = 400 * 1024;

/// The size of an item in bytes.
pub fn item_size(item: &Item) -> usize {
    item.iter().map(|(name, value)| name.len() + value_size(value)).sum()
}

fn number_size(n: &str) -> usize {
    let digits = Decimal::parse(n).map(|d| d.significant_digits()).unwrap_or(1);
    digits.div_ceil(2) + 1
}

fn binary_size(b: &str) -> usize {
    decode_base64(b).map_or(b.len(), |bytes| bytes.len())
}

/// The size of one value in bytes.
pub fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::N(n) => number_size(n),
        AttributeValue::B(b) => binary_size(b),
        AttributeValue::Ss(set) => set.iter().map(String::len).sum(),
        AttributeValue::Ns(set) => set.iter().map(|n| number_size(n)).sum(),
        AttributeValue::Bs(set) => set.iter().map(|b| binary_size(b)).sum(),
        AttributeValue::M(map) => {
            3 + map.iter().map(|(name, v)| name.len() + value_size(v) + 1).sum::<usize>()
        }
        AttributeValue::L(list) => 3 + list.iter().map(|v| value_size(v) + 1).sum::<usize>(),
        AttributeValue::Null(_) | AttributeValue::Bool(_) => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        let mut item = Item::new();
        item.insert("id".into(), AttributeValue::S("abc".into()));
        item.insert("n".into(), AttributeValue::N("12345".into()));
        item.insert("ok".into(), AttributeValue::Bool(true));
        // 2+3, 1+(3+1), 2+1
        assert_eq!(item_size(&item), 5 + 5 + 3);
        let list = AttributeValue::L(vec![AttributeValue::S("ab".into())]);
        assert_eq!(value_size(&list), 3 + 2 + 1);
    }
}
